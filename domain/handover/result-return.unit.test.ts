import { isResultReady, resultReturnProblem, RETURNED_AT_CLOCK_SKEW_MS } from './result-return';

const now = new Date('2026-12-03T03:00:00Z');
const closed = { completedAt: new Date('2026-12-02T03:00:00Z') };

test('a result is ready to hand back once the dossier is closed with something to give back', () => {
  expect(['COMPLETED', 'REFUSED', 'STOPPED'].map(isResultReady)).toEqual([true, true, true]);
  expect(['IN_PROGRESS', 'WAITING_SUPPLEMENT', 'WITHDRAWN'].map(isResultReady)).toEqual([
    false,
    false,
    false,
  ]);
});

test('who collected it and when must make sense', () => {
  expect(resultReturnProblem({ returnedTo: 'Nguyễn Văn A', returnedAt: now }, closed, now)).toBeUndefined();
  expect(resultReturnProblem({ returnedTo: '  ', returnedAt: now }, closed, now)?.reason).toBe('BLANK');
  expect(resultReturnProblem({ returnedTo: 'x'.repeat(201), returnedAt: now }, closed, now)).toMatchObject({
    field: 'returnedTo',
    reason: 'TOO_LONG',
  });
  const future = new Date(now.getTime() + RETURNED_AT_CLOCK_SKEW_MS + 1);
  expect(resultReturnProblem({ returnedTo: 'A', returnedAt: future }, closed, now)?.reason).toBe(
    'IN_THE_FUTURE',
  );
  const early = new Date('2026-12-01T03:00:00Z');
  expect(resultReturnProblem({ returnedTo: 'A', returnedAt: early }, closed, now)?.reason).toBe(
    'BEFORE_CLOSED',
  );
  expect(resultReturnProblem({ returnedTo: 'A', returnedAt: new Date(NaN) }, closed, now)?.reason).toBe(
    'NOT_A_DATE',
  );
});
