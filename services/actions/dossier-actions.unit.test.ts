import { DomainError } from '../../domain/errors';
import { checkActionArgs } from './dossier-actions';

const actor = { kind: 'AGENCY' as const, id: 'k', agencyCode: 'X' };

test('ordinary action arguments pass', () => {
  expect(() =>
    checkActionArgs({
      actor,
      stepKey: 'a',
      reason: 'Đất đang có tranh chấp',
      items: ['Bản sao CCCD'],
      result: { documentNo: '1/QĐ' },
    }),
  ).not.toThrow();
});

test.each([
  ['reason', { actor, stepKey: 'a', reason: 'x'.repeat(2_001) }],
  ['note', { actor, note: 'x'.repeat(2_001) }],
  ['stepKey', { actor, stepKey: 's'.repeat(129) }],
  ['items (count)', { actor, stepKey: 'a', items: Array.from({ length: 51 }, () => 'doc') }],
  ['items (length)', { actor, stepKey: 'a', items: ['x'.repeat(501)] }],
  ['result', { actor, stepKey: 'a', result: { blob: 'x'.repeat(20_000) } }],
])('oversized %s is refused with VALIDATION_FAILED', (_name, args) => {
  let error: unknown;
  try {
    checkActionArgs(args);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('VALIDATION_FAILED');
});
