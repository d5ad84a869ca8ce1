// Drives dossiers through the engine's services directly (no GraphQL): submission, actions as the
// API sends them (runDossierAction), the workflow's own state (query), the read model and the
// simulators' delivery logs, each narrowed to one dossier so tests can share an engine.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UpdateDefinition } from '@temporalio/common';
import { historyFromJSON, historyToJSON, type History } from '@temporalio/common/lib/proto-utils';
import { SAMPLE_PROCEDURES } from '../../domain/catalog/sample-procedures';
import {
  completeStepUpdate,
  dossierStateQuery,
  workflowIdForDossier,
  type Actor,
  type DossierState,
  type StepState,
} from '../../domain/contract/dossier-workflow';
import { DomainError, type ErrorCode } from '../../domain/errors';
import type { ProcedureInput } from '../../domain/procedure/types';
import { runDossierAction } from '../../services/actions/dossier-actions';
import { submitDossier } from '../../services/reception/submit-dossier';
import type { ApiServices } from '../../services/create-services';
import type { EngineHarness } from './engine-harness';
import { sleep } from './waiting';

export const HISTORY_FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'histories');
export const APPLICANT: Actor = { kind: 'APPLICANT', id: 'applicant' };
export const SUPERVISOR: Actor = { kind: 'SUPERVISOR', id: 'test' };
export const agencyActor = (agencyCode: string): Actor => ({ kind: 'AGENCY', id: 'test', agencyCode });

/** The reception services as the harness builds them for the API (same task queue and calendar source). */
export const services = (engine: EngineHarness): ApiServices => engine.services;

export function sampleProcedure(code: string): ProcedureInput {
  const procedure = SAMPLE_PROCEDURES.find((p) => p.code === code);
  if (!procedure) throw new Error(`No sample procedure ${code}`);
  return procedure;
}

/** Submits a dossier for `procedureCode` with a fresh idempotency key; returns its receipt code. */
export async function submit(engine: EngineHarness, procedureCode: string): Promise<string> {
  const { dossier, created } = await submitDossier(services(engine), {
    procedureCode,
    applicant: { name: 'Trần Thị Bình', idNumber: '079190001234' },
    channel: 'ONLINE',
    formData: { test: 'dossier-workflow' },
    idempotencyKey: randomUUID(),
  });
  if (!created) throw new Error('a fresh idempotency key must create a dossier');
  return dossier.code;
}

export const handleOf = (engine: EngineHarness, code: string) =>
  engine.temporal.workflow.getHandle(workflowIdForDossier(code));
export const stateOf = (engine: EngineHarness, code: string): Promise<DossierState> =>
  handleOf(engine, code).query(dossierStateQuery);

export function act<Args extends object>(
  engine: EngineHarness,
  code: string,
  update: UpdateDefinition<DossierState, [Args]>,
  args: Args,
) {
  return runDossierAction(engine.temporal, code, update, args);
}

/** The action must be refused with `code` (a DomainError, as the API would answer it). */
export async function expectRefused(action: Promise<unknown>, code: ErrorCode): Promise<DomainError> {
  const outcome = await action.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a ${code} refusal, but the action succeeded`);
  expect(outcome.error).toBeInstanceOf(DomainError);
  expect((outcome.error as DomainError).code).toBe(code);
  return outcome.error as DomainError;
}

/** Polls the workflow's state until `predicate` holds (bounded). */
export async function waitForState(
  engine: EngineHarness,
  code: string,
  predicate: (state: DossierState) => boolean,
  timeoutMs = 20_000,
): Promise<DossierState> {
  const deadline = Date.now() + timeoutMs;
  let last: DossierState | undefined;
  for (;;) {
    last = await stateOf(engine, code);
    if (predicate(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `dossier ${code}: condition not met within ${timeoutMs} ms; last state ${JSON.stringify(summary(last))}`,
      );
    }
    await sleep(50);
  }
}

const summary = (s: DossierState) => ({
  status: s.status,
  steps: s.steps.map((x) => `${x.key}:${x.status}`),
  seq: s.lastEventSeq,
});

/** Waits until no SYSTEM step is in flight: every ACTIVE step is MANUAL (or the dossier left IN_PROGRESS). */
export const settled = (engine: EngineHarness, code: string) =>
  waitForState(
    engine,
    code,
    (s) => s.status !== 'IN_PROGRESS' || !s.steps.some((x) => x.status === 'ACTIVE' && x.mode === 'SYSTEM'),
  );

export interface DriveOptions {
  timeoutMs?: number;
  /** Called with every state observed (to check invariants along the way). */
  onState?: (state: DossierState) => void;
  /** Called after each completeStep update returned, with the state it answered. */
  afterComplete?: (step: StepState, answered: DossierState) => Promise<void>;
}

/**
 * Completes every ACTIVE MANUAL step as its agency until the dossier is COMPLETED; SYSTEM steps are
 * answered by the simulators. Fails on any other end state, a FAILED step, or after `timeoutMs`.
 */
export async function driveToCompletion(
  engine: EngineHarness,
  code: string,
  options: DriveOptions = {},
): Promise<DossierState> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const state = await stateOf(engine, code);
    options.onState?.(state);
    if (state.status === 'COMPLETED') return state;
    const failed = state.steps.find((s) => s.status === 'FAILED');
    if (state.status !== 'IN_PROGRESS' || failed) {
      throw new Error(
        `dossier ${code} cannot be driven to completion: ${JSON.stringify(summary(state))} ${failed?.failure ?? ''}`,
      );
    }
    const manual = state.steps.filter((s) => s.status === 'ACTIVE' && s.mode === 'MANUAL');
    for (const step of manual) {
      const answered = await act(engine, code, completeStepUpdate, {
        actor: agencyActor(step.agencyCode),
        stepKey: step.key,
        result: { documentNo: `TEST-${step.key}`, note: 'completed by the test driver' },
      });
      await options.afterComplete?.(step, answered);
    }
    if (Date.now() > deadline)
      throw new Error(`dossier ${code} not COMPLETED in time: ${JSON.stringify(summary(state))}`);
    if (manual.length === 0) await sleep(50);
  }
}

/** Idempotency keys the agency's simulator saw for this dossier (keys are `dossier/<code>/<runId>/<activityId>`). */
export function deliveriesFor(
  engine: EngineHarness,
  agencyCode: string,
  code: string,
): Record<string, number> {
  const prefix = `${workflowIdForDossier(code)}/`;
  const { byKey } = engine.fleet.simulators[agencyCode].deliveries();
  return Object.fromEntries(Object.entries(byKey).filter(([key]) => key.startsWith(prefix)));
}

/** The dossier's read model: row, steps (by key) and events (by seq). */
export async function readModel(engine: EngineHarness, code: string) {
  const { prisma } = engine.db;
  const [dossier, steps, events, notifications] = await Promise.all([
    prisma.dossier.findUniqueOrThrow({ where: { code } }),
    prisma.dossierStep.findMany({ where: { dossierCode: code }, orderBy: { key: 'asc' } }),
    prisma.dossierEvent.findMany({ where: { dossierCode: code }, orderBy: { seq: 'asc' } }),
    prisma.notification.findMany({ where: { dossierCode: code }, orderBy: { eventSeq: 'asc' } }),
  ]);
  return { dossier, steps, events, notifications };
}

const time = (iso: string | undefined) => (iso ? new Date(iso).getTime() : null);

/** The read model shows exactly `state`: status, dates, outcome, every step, and events 1..n without gaps. */
export async function expectReadModelMatches(engine: EngineHarness, state: DossierState): Promise<void> {
  const { dossier, steps, events } = await readModel(engine, state.dossierCode);
  expect({
    status: dossier.status,
    outcome: dossier.outcome,
    dueAt: dossier.dueAt.getTime(),
    originalDueAt: dossier.originalDueAt.getTime(),
    completedAt: dossier.completedAt?.getTime() ?? null,
    currentAgencies: dossier.currentAgencies,
    lastEventSeq: dossier.lastEventSeq,
  }).toEqual({
    status: state.status,
    outcome: state.outcome ?? null,
    dueAt: time(state.dueAt),
    originalDueAt: time(state.originalDueAt),
    completedAt: time(state.completedAt),
    currentAgencies: state.currentAgencies,
    lastEventSeq: state.lastEventSeq,
  });
  const project = (
    s: { key: string; agencyCode: string; status: string },
    started: unknown,
    due: unknown,
    completed: unknown,
  ) => ({
    key: s.key,
    agencyCode: s.agencyCode,
    status: s.status,
    started,
    due,
    completed,
  });
  expect(
    steps.map((s) =>
      project(
        s,
        s.startedAt?.getTime() ?? null,
        s.dueAt?.getTime() ?? null,
        s.completedAt?.getTime() ?? null,
      ),
    ),
  ).toEqual(
    [...state.steps]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((s) => project(s, time(s.startedAt), time(s.dueAt), time(s.completedAt))),
  );
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: state.lastEventSeq }, (_, i) => i + 1));
}

// History <-> proto3 JSON (the format `temporal workflow show --output json` writes). These need a
// single copy of protobufjs shared by @temporalio/common and @temporalio/proto: package.json pins
// protobufjs 8.8.1 at the top level so npm hoists one (grpc's proto-loader keeps its own 7.x).
export const historyToFixtureJSON = (history: History): string => historyToJSON(history);
export const historyFromFixtureJSON = (text: string): History => historyFromJSON(JSON.parse(text));

/**
 * With RECORD_HISTORIES=1, writes the workflow's history as a replay fixture `tests/fixtures/histories/<name>.json`.
 * Payloads that replay never reads are dropped to keep the committed files small: activity inputs
 * (the read-model updates carry the whole state), update outcomes and the workflow's result. The
 * workflow input, update and signal arguments and activity results, which replay does feed to the
 * workflow code, are kept.
 */
export async function recordHistory(engine: EngineHarness, code: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = JSON.parse(historyToFixtureJSON(await handleOf(engine, code).fetchHistory())) as {
    events: Record<string, any>[];
  };
  for (const event of history.events) {
    delete event.activityTaskScheduledEventAttributes?.input;
    delete event.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success;
    delete event.workflowExecutionCompletedEventAttributes?.result;
  }
  await mkdir(HISTORY_FIXTURES_DIR, { recursive: true });
  await writeFile(path.join(HISTORY_FIXTURES_DIR, `${name}.json`), `${JSON.stringify(history, null, 1)}\n`);
}
