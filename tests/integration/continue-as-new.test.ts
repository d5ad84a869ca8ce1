// A dossier whose history grows past the limit continues as new without losing anything: every
// action, including ones sent concurrently around the hand-over, is answered once and recorded once.
// Real Temporal dev server, real PostgreSQL; the limit is set low for the test.
import { randomUUID } from 'node:crypto';
import { createCalendarSource } from '../../services/catalog/calendar';
import { upsertProcedure } from '../../services/catalog/procedures';
import { completeStepUpdate, workflowIdForDossier, type Actor } from '../../domain/contract/dossier-workflow';
import { DomainError } from '../../domain/errors';
import { runDossierAction } from '../../services/actions/dossier-actions';
import { submitDossier } from '../../services/reception/submit-dossier';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

let engine: EngineHarness;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const STEPS = 12;
const desk: Actor = { kind: 'AGENCY', id: 'test-officer', agencyCode: 'UBND_H_AN_PHU' };

test('a long dossier continues as new and keeps every action exactly once', async () => {
  const code = `TEST.CAN.${randomUUID().slice(0, 8)}`;
  await upsertProcedure(engine.db.prisma, {
    code,
    name: 'Chuỗi dài (kiểm thử continue-as-new)',
    onlineLevel: 'FULL',
    totalWorkingDays: STEPS / 2,
    receivingAgencyCode: 'UBND_H_AN_PHU',
    steps: Array.from({ length: STEPS }, (_, i) => ({
      key: `s${i + 1}`,
      name: `Bước ${i + 1}`,
      agencyCode: 'UBND_H_AN_PHU',
      workingDays: 0.5,
      mode: 'MANUAL' as const,
      after: i === 0 ? [] : [`s${i}`],
    })),
  });
  const { dossier } = await submitDossier(
    {
      sql: engine.db.sql,
      temporal: engine.temporal,
      taskQueue: engine.taskQueue,
      lookupKeySecret: 'test',
      calendar: createCalendarSource(engine.db.prisma),
      continueAsNewAfterEvents: 60,
    },
    {
      procedureCode: code,
      applicant: { name: 'Lê Văn C', idNumber: '001199000123' },
      channel: 'ONLINE',
      idempotencyKey: randomUUID(),
    },
  );

  for (let i = 1; i <= STEPS; i++) {
    // Two officers press "done" at once: exactly one is accepted, the other refused with a code.
    const attempts = await Promise.allSettled(
      [0, 1].map(() =>
        runDossierAction(engine.temporal, dossier.code, completeStepUpdate, {
          actor: desk,
          stepKey: `s${i}`,
        }),
      ),
    );
    const refused = attempts
      .filter((a) => a.status === 'rejected')
      .map((a) => (a as PromiseRejectedResult).reason);
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(DomainError);
    expect((refused[0] as DomainError).code).toBe('INVALID_TRANSITION');
  }

  const done = await eventually(async () => {
    const row = await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code: dossier.code } });
    return row.status === 'COMPLETED' ? row : undefined;
  });
  expect(done.outcome).not.toBeNull();

  // The workflow really did continue as new, more than once.
  const runs = await eventually(async () => {
    const found: string[] = [];
    for await (const run of engine.temporal.workflow.list({
      query: `WorkflowId = '${workflowIdForDossier(dossier.code)}'`,
    }))
      found.push(run.runId);
    return found.length >= 3 ? found : undefined;
  });
  expect(new Set(runs).size).toBe(runs.length);

  // Nothing lost, nothing twice: the audit trail is gapless and every step completed exactly once.
  const events = await engine.db.prisma.dossierEvent.findMany({
    where: { dossierCode: dossier.code },
    orderBy: { seq: 'asc' },
  });
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const completions = events
    .filter((e) => e.type === 'STEP_COMPLETED')
    .map((e) => (e.payload as { stepKey: string }).stepKey);
  expect(completions).toEqual(Array.from({ length: STEPS }, (_, i) => `s${i + 1}`));
  expect(events.at(-1)?.type).toBe('DOSSIER_COMPLETED');
  const steps = await engine.db.prisma.dossierStep.findMany({ where: { dossierCode: dossier.code } });
  expect(steps.every((s) => s.status === 'DONE')).toBe(true);
});
