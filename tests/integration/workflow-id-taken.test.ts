// A receipt code issued twice: another installation's workflow (a second database, or one restored
// from an older backup, on the same Temporal namespace) already holds the id the next dossier gets.
// On the real PostgreSQL and Temporal of this lane: a fresh submission is refused with ENGINE_CONFLICT,
// logged for the operator, and leaves no dossier behind; the same submission again gets the next
// code and runs. A workflow started for the very dossier (a concurrent replay) is not a conflict.
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { InternalWorkflowStartOptionsSymbol } from '@temporalio/client/lib/internal';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { workflowIdForDossier } from '../../domain/contract/dossier-workflow';
import type { ProcedureInput } from '../../domain/procedure/types';
import { createLogger, runInRequestScope } from '../../platform/logger';
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import { receiptDay } from '../../services/reception/receipt-code';
import { REGISTRATION_MEMO, registrationMark } from '../../services/reception/registration-mark';
import {
  submitDossier,
  type ReceptionDeps,
  type SubmitDossierInput,
} from '../../services/reception/submit-dossier';
import { expectRefused, services } from '../support/dossier-driver';
import { startEngine, type EngineHarness } from '../support/engine-harness';

const RUN = randomBytes(4).toString('hex').toUpperCase();
// Monday 2026-11-23 10:00 in Vietnam: a working hour, so receipt is immediate.
const NOW = new Date('2026-11-23T03:00:00Z');

/**
 * A desk and procedure of one test alone, so the receipt numbers it gets are predictable (0001,
 * 0002, …) and no test depends on what another one used up.
 */
async function desk(test: number) {
  const agencyCode = `WIT_${RUN}_${test}`;
  const procedure: ProcedureInput = {
    code: `TEST.WORKFLOW_ID_TAKEN.${RUN}.${test}`,
    name: 'Thủ tục thử trùng mã hồ sơ',
    onlineLevel: 'FULL',
    totalWorkingDays: 3,
    receivingAgencyCode: agencyCode,
    steps: [{ key: 'tham-dinh', name: 'Thẩm định', agencyCode, workingDays: 3, mode: 'MANUAL' }],
  };
  await upsertAgency(engine.db.prisma, { code: agencyCode, name: 'Một cửa thử', level: 'DISTRICT' });
  await upsertProcedure(engine.db.prisma, procedure);
  return {
    code: (n: number) => `${agencyCode}-${receiptDay(NOW, 'Asia/Ho_Chi_Minh')}-${String(n).padStart(4, '0')}`,
    submission: (idempotencyKey = randomUUID()): SubmitDossierInput => ({
      procedureCode: procedure.code,
      applicant: { name: 'Lê Văn Cường', idNumber: '079190004321' },
      channel: 'ONLINE',
      formData: { purpose: 'thử' },
      idempotencyKey,
    }),
  };
}

let engine: EngineHarness;
let deps: ReceptionDeps;
/** Every workflow this file started, terminated at the end (no worker ever runs them). */
const started: string[] = [];

beforeAll(async () => {
  engine = await startEngine({ worker: false });
  deps = { ...services(engine), now: () => NOW };
});
afterAll(async () => {
  for (const workflowId of started)
    await engine.temporal.workflow
      .getHandle(workflowId)
      .terminate('test over')
      .catch(() => undefined);
  await engine?.stop();
});

/** Another installation's workflow under the id of the dossier `code` (no worker polls its queue). */
async function foreignWorkflow(temporal: Client, code: string, memo?: Record<string, unknown>) {
  const workflowId = workflowIdForDossier(code);
  started.push(workflowId);
  return temporal.workflow.start('dossier', {
    taskQueue: `another-installation-${RUN}`,
    workflowId,
    args: [],
    ...(memo ? { memo } : {}),
  });
}

/** Runs `work` as part of a request whose log lines are collected. */
async function logged<T>(work: () => Promise<T>): Promise<{ result: Promise<T>; lines: () => any[] }> {
  const lines: any[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const result = runInRequestScope('workflow-id-taken', createLogger({ destination }), work);
  await result.catch(() => undefined);
  return { result, lines: () => lines };
}

const rowsFor = (code: string) =>
  Promise.all([
    engine.db.prisma.dossier.count({ where: { code } }),
    engine.db.prisma.dossierStep.count({ where: { dossierCode: code } }),
  ]);

test('a fresh dossier whose workflow id another dossier holds is refused, logged and not kept', async () => {
  const { code, submission } = await desk(1);
  // The running case: a second database on the namespace issued number 0001 a moment ago.
  await foreignWorkflow(engine.temporal, code(1));
  const input = submission();
  const { result, lines } = await logged(() => submitDossier(deps, input));

  const error = await expectRefused(result, 'ENGINE_CONFLICT');
  expect(error.details).toEqual({ workflowId: workflowIdForDossier(code(1)) });
  expect(await rowsFor(code(1))).toEqual([0, 0]);
  const errors = lines().filter((line) => line.level === 50);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({
    workflowId: workflowIdForDossier(code(1)),
    namespace: engine.temporal.options.namespace,
    dossierCode: code(1),
  });
  expect(errors[0].msg).toMatch(/restored from an older backup.*docs\/DEPLOYMENT\.md/);

  // The same submission again is received under the next number, and its workflow is its own.
  const again = await submitDossier(deps, input);
  expect(again).toMatchObject({ created: true, dossier: { code: code(2) } });
  started.push(again.dossier.workflowId);
  expect(await rowsFor(code(2))).toEqual([1, 1]);
  const own = await engine.temporal.workflow.getHandle(again.dossier.workflowId).describe();
  expect(own.memo?.[REGISTRATION_MEMO]).toBe(
    registrationMark({ idempotencyKey: input.idempotencyKey, submittedAt: NOW }),
  );
  // Replaying it (USE_EXISTING) answers the same dossier, not a conflict.
  expect(await submitDossier(deps, input)).toMatchObject({
    created: false,
    dossier: { code: code(2) },
  });
});

test('a closed workflow with the id (a database restored from an older backup) is refused too', async () => {
  const { code, submission } = await desk(2);
  const foreign = await foreignWorkflow(engine.temporal, code(1));
  await foreign.terminate('closed long ago');
  await expectRefused(submitDossier(deps, submission()), 'ENGINE_CONFLICT');
  expect(await rowsFor(code(1))).toEqual([0, 0]);
  const next = await submitDossier(deps, submission());
  started.push(next.dossier.workflowId);
  expect(next.dossier.code).toBe(code(2));
});

test('a workflow started for this very dossier (a concurrent replay got there first) is no conflict', async () => {
  const { code, submission } = await desk(3);
  // What the twin's replay would have started: the workflow carries this submission's mark.
  const input = submission();
  await foreignWorkflow(engine.temporal, code(1), {
    [REGISTRATION_MEMO]: registrationMark({ idempotencyKey: input.idempotencyKey, submittedAt: NOW }),
  });
  expect(await submitDossier(deps, input)).toMatchObject({ created: true, dossier: { code: code(1) } });
  expect(await rowsFor(code(1))).toEqual([1, 1]);
});

test("the server answers a start resent with the same requestId (the SDK's gRPC retry) with the workflow, even under FAIL", async () => {
  // What submit-dossier.ts relies on for its FAIL policy: a transport retry of our own start is not
  // taken for a conflict. The requestId is set by hand here to resend the same request twice.
  const workflowId = `workflow-id-taken/${RUN}/request-id`;
  started.push(workflowId);
  const requestId = randomUUID();
  const start = (id: string) => {
    // Not an object literal in the call: the requestId is the SDK's internal option, not in its types.
    const options = {
      taskQueue: `another-installation-${RUN}`,
      workflowId,
      args: [],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      [InternalWorkflowStartOptionsSymbol]: { requestId: id },
    };
    return engine.temporal.workflow.start('dossier', options);
  };
  const first = await start(requestId);
  const resent = await start(requestId);
  expect(resent.firstExecutionRunId).toBe(first.firstExecutionRunId);
  await expect(start(randomUUID())).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
});
