// What the read-model writer publishes for an update, the in-process pub/sub, and how the
// configuration picks the transport.
import type {
  DossierState,
  EscalationState,
  ReadModelUpdate,
  StepState,
} from '../../domain/contract/dossier-workflow';
import { corsOrigins, liveEventsKind, loadConfig } from '../../platform/config';
import {
  agencyDossiersTopic,
  createLiveEvents,
  dossierTopic,
  escalationTopic,
  liveEventsOf,
  publishUpdate,
} from './live-events';

const escalation = (over: Partial<EscalationState>): EscalationState => ({
  id: 'D-1:E1',
  reason: 'STEP_OVERDUE',
  stepKey: 's1',
  agencyCode: 'CHILD',
  level: 1,
  targetAgencyCode: 'CHILD',
  status: 'OPEN',
  raisedAt: '2026-03-02T02:00:00.000Z',
  ...over,
});
const step = (key: string, agencyCode: string, over: Partial<StepState> = {}) =>
  ({ key, agencyCode, status: 'PENDING', ...over }) as StepState;
const update = (
  escalations: EscalationState[],
  events: Array<{ type: string; payload: Record<string, unknown> }>,
  steps: StepState[] = [],
): ReadModelUpdate => ({
  state: { dossierCode: 'D-1', lastEventSeq: 9, escalations, steps } as unknown as DossierState,
  events: events.map((e, i) => ({
    seq: 8 + i,
    actor: 'SYSTEM',
    occurredAt: '2026-03-02T02:00:00.000Z',
    ...e,
  })),
});

/** The dossier's row: received at the desk of DESK. */
const RECEIVED_AT_DESK = { receivingAgencyCode: 'DESK' };
const escalationEvents = (u: ReadModelUpdate) =>
  liveEventsOf(u, RECEIVED_AT_DESK).filter((e) => e.topic.startsWith('escalations:'));
const agenciesTold = (u: ReadModelUpdate) =>
  liveEventsOf(u, RECEIVED_AT_DESK)
    .filter((e) => e.topic.startsWith('agency-dossiers:'))
    .map((e) => e.topic)
    .sort();

describe('liveEventsOf', () => {
  test('every update tells the dossier and its receiving desk, with the same reference; no escalation topic without an escalation event', () => {
    expect(
      liveEventsOf(update([], [{ type: 'DOSSIER_RECEIVED', payload: { dueAt: 'x' } }]), RECEIVED_AT_DESK),
    ).toEqual([
      { topic: 'dossier:D-1', payload: { code: 'D-1', seq: 9 } },
      { topic: 'agency-dossiers:DESK', payload: { code: 'D-1', seq: 9 } },
    ]);
  });

  test("a step's event tells that step's agency, not the agencies of the dossier's other steps", () => {
    const steps = [
      step('s1', 'A', { status: 'DONE', startedAt: 't0', completedAt: 't1' }),
      step('s2', 'B', { status: 'ACTIVE', startedAt: 't1' }),
      step('s3', 'C', { status: 'ACTIVE', startedAt: 't0' }),
    ];
    const completedAndStarted = update(
      [],
      [
        { type: 'STEP_COMPLETED', payload: { stepKey: 's1', agencyCode: 'A' } },
        { type: 'STEP_STARTED', payload: { stepKey: 's2', agencyCode: 'B' } },
      ],
      steps,
    );
    expect(agenciesTold(completedAndStarted)).toEqual([
      'agency-dossiers:A',
      'agency-dossiers:B',
      'agency-dossiers:DESK',
    ]);
    for (const type of ['STEP_WARNING', 'SUPPLEMENT_REQUESTED', 'STEP_FAILED', 'STEP_RETRIED']) {
      expect(agenciesTold(update([], [{ type, payload: { stepKey: 's3' } }], steps))).toEqual([
        'agency-dossiers:C',
        'agency-dossiers:DESK',
      ]);
    }
  });

  test('an event that moves or closes every open step tells the agencies of the steps started and not finished', () => {
    const steps = [
      step('s1', 'A', { status: 'DONE', startedAt: 't0', completedAt: 't1' }),
      step('s2', 'B', { status: 'CANCELLED', startedAt: 't1' }),
      step('s3', 'C', { status: 'CANCELLED' }),
    ];
    for (const type of [
      'DOSSIER_WITHDRAWN',
      'DEADLINES_REPROJECTED',
      'APOLOGY_ISSUED',
      'SUPPLEMENT_PROVIDED',
    ]) {
      expect(agenciesTold(update([], [{ type, payload: {} }], steps))).toEqual([
        'agency-dossiers:B',
        'agency-dossiers:DESK',
      ]);
    }
    // An escalation changes no step: only the desk's list (and the escalation topics) hear of it.
    const raised = escalation({ stepKey: 's2', agencyCode: 'B', targetAgencyCode: 'B' });
    expect(
      agenciesTold(update([raised], [{ type: 'ESCALATION_RAISED', payload: { ...raised } }], steps)),
    ).toEqual(['agency-dossiers:DESK']);
  });

  test('a raised escalation goes to the responsible agency (its own target at level 1)', () => {
    const raised = escalation({});
    expect(
      escalationEvents(update([raised], [{ type: 'ESCALATION_RAISED', payload: { ...raised } }])),
    ).toEqual([
      { topic: 'escalations:*', payload: { escalationId: 'D-1:E1', dossierCode: 'D-1' } },
      { topic: 'escalations:CHILD', payload: { escalationId: 'D-1:E1', dossierCode: 'D-1' } },
    ]);
  });

  test('an acknowledged or resolved escalation goes to the province-wide topic only', () => {
    const acknowledged = escalation({ status: 'ACKNOWLEDGED' });
    for (const type of ['ESCALATION_ACKNOWLEDGED', 'ESCALATION_RESOLVED']) {
      expect(
        escalationEvents(update([acknowledged], [{ type, payload: { escalationId: 'D-1:E1' } }])),
      ).toEqual([{ topic: 'escalations:*', payload: { escalationId: 'D-1:E1', dossierCode: 'D-1' } }]);
    }
  });

  test('a climbed escalation goes to the responsible agency and to its supervising body', () => {
    const climbed = escalation({ level: 2, targetAgencyCode: 'PARENT' });
    const events = escalationEvents(
      update(
        [climbed],
        [
          {
            type: 'ESCALATION_CLIMBED',
            payload: { escalationId: 'D-1:E1', level: 2, targetAgencyCode: 'PARENT' },
          },
        ],
      ),
    );
    expect(events.map((e) => e.topic).sort()).toEqual([
      'escalations:*',
      'escalations:CHILD',
      'escalations:PARENT',
    ]);
    // Climbing to the province (no supervising agency): only the responsible agency's topic.
    const toProvince = escalation({ level: 2, targetAgencyCode: null });
    expect(
      escalationEvents(
        update(
          [toProvince],
          [
            {
              type: 'ESCALATION_CLIMBED',
              payload: { escalationId: 'D-1:E1', level: 2, targetAgencyCode: null },
            },
          ],
        ),
      ).slice(1),
    ).toEqual([{ topic: 'escalations:CHILD', payload: { escalationId: 'D-1:E1', dossierCode: 'D-1' } }]);
  });
});

describe('in-process live events', () => {
  test('a subscriber gets what is published on its topic from the moment subscribe resolves, and nothing after return()', async () => {
    const live = createLiveEvents({ kind: 'memory' });
    const dossier = await live.subscribe(dossierTopic('D-1'));
    const agency = await live.subscribe(escalationTopic('CHILD'));
    const desk = await live.subscribe(agencyDossiersTopic('DESK'));
    const raised = escalation({});
    publishUpdate(
      live,
      update([raised], [{ type: 'ESCALATION_RAISED', payload: { ...raised } }]),
      RECEIVED_AT_DESK,
    );
    live.publish(dossierTopic('D-2'), { code: 'D-2', seq: 1 });
    live.publish(dossierTopic('D-1'), { code: 'D-1', seq: 10 });
    expect((await dossier.next()).value).toEqual({ code: 'D-1', seq: 9 });
    expect((await dossier.next()).value).toEqual({ code: 'D-1', seq: 10 });
    expect((await agency.next()).value).toEqual({ escalationId: 'D-1:E1', dossierCode: 'D-1' });
    expect((await desk.next()).value).toEqual({ code: 'D-1', seq: 9 });
    await desk.return?.();
    const pending = dossier.next();
    await dossier.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    await agency.return?.();
    await live.close();
  });
});

describe('configuration', () => {
  const config = (env: Record<string, string>) => loadConfig({ ...env });
  const url = 'postgresql://u@db/lien_thong';

  test('LIVE_EVENTS defaults to memory in one process and postgres for separate processes', () => {
    expect(liveEventsKind(config({}), 'single')).toBe('memory');
    expect(liveEventsKind(config({ DATABASE_URL: url }), 'separate')).toBe('postgres');
    expect(liveEventsKind(config({ DATABASE_URL: url, LIVE_EVENTS: 'postgres' }), 'single')).toBe('postgres');
  });

  test('LIVE_EVENTS=postgres needs DATABASE_URL; memory cannot serve separate processes; other values are refused', () => {
    expect(() => liveEventsKind(config({ LIVE_EVENTS: 'postgres' }), 'single')).toThrow(
      /LIVE_EVENTS: `postgres` needs DATABASE_URL/,
    );
    expect(() => liveEventsKind(config({ DATABASE_URL: url, LIVE_EVENTS: 'memory' }), 'separate')).toThrow(
      /use `postgres`/,
    );
    expect(() => config({ LIVE_EVENTS: 'redis' })).toThrow(/LIVE_EVENTS/);
  });

  test('CORS_ORIGINS: a list, any origin in development, none in production unless configured', () => {
    expect(corsOrigins(config({}))).toEqual(['*']);
    expect(corsOrigins(config({ NODE_ENV: 'production' }))).toBe(false);
    expect(
      corsOrigins(
        config({
          NODE_ENV: 'production',
          CORS_ORIGINS: 'https://dichvucong.example.vn, https://kiosk.example.vn',
        }),
      ),
    ).toEqual(['https://dichvucong.example.vn', 'https://kiosk.example.vn']);
  });

  test('WORKER_MAX_CACHED_WORKFLOWS: unset leaves the SDK default; a count of workflows, anything else refused', () => {
    expect(config({}).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(config({ WORKER_MAX_CACHED_WORKFLOWS: '' }).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(config({ WORKER_MAX_CACHED_WORKFLOWS: '60000' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(60000);
    expect(() => config({ WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(() => config({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });
});
