// What the read-model writer publishes for an update, the in-process pub/sub, and how the
// configuration picks the transport.
import type { DossierState, EscalationState, ReadModelUpdate } from '../../domain/contract/dossier-workflow';
import { corsOrigins, liveEventsKind, loadConfig } from '../../platform/config';
import { createLiveEvents, dossierTopic, escalationTopic, liveEventsOf, publishUpdate } from './live-events';

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
const update = (
  escalations: EscalationState[],
  events: Array<{ type: string; payload: Record<string, unknown> }>,
): ReadModelUpdate => ({
  state: { dossierCode: 'D-1', lastEventSeq: 9, escalations } as unknown as DossierState,
  events: events.map((e, i) => ({
    seq: 8 + i,
    actor: 'SYSTEM',
    occurredAt: '2026-03-02T02:00:00.000Z',
    ...e,
  })),
});

describe('liveEventsOf', () => {
  test('every update tells the dossier; nothing else without an escalation event', () => {
    expect(liveEventsOf(update([], [{ type: 'STEP_COMPLETED', payload: { stepKey: 's1' } }]))).toEqual([
      { topic: 'dossier:D-1', payload: { code: 'D-1', seq: 9 } },
    ]);
  });

  test('a raised escalation goes to the responsible agency (its own target at level 1)', () => {
    const raised = escalation({});
    expect(
      liveEventsOf(update([raised], [{ type: 'ESCALATION_RAISED', payload: { ...raised } }])).slice(1),
    ).toEqual([
      { topic: 'escalations:*', payload: { escalationId: 'D-1:E1', dossierCode: 'D-1' } },
      { topic: 'escalations:CHILD', payload: { escalationId: 'D-1:E1', dossierCode: 'D-1' } },
    ]);
  });

  test('an acknowledged or resolved escalation goes to the province-wide topic only', () => {
    const acknowledged = escalation({ status: 'ACKNOWLEDGED' });
    for (const type of ['ESCALATION_ACKNOWLEDGED', 'ESCALATION_RESOLVED']) {
      expect(
        liveEventsOf(update([acknowledged], [{ type, payload: { escalationId: 'D-1:E1' } }])).slice(1),
      ).toEqual([{ topic: 'escalations:*', payload: { escalationId: 'D-1:E1', dossierCode: 'D-1' } }]);
    }
  });

  test('a climbed escalation goes to the responsible agency and to its supervising body', () => {
    const climbed = escalation({ level: 2, targetAgencyCode: 'PARENT' });
    const events = liveEventsOf(
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
    expect(
      events
        .slice(1)
        .map((e) => e.topic)
        .sort(),
    ).toEqual(['escalations:*', 'escalations:CHILD', 'escalations:PARENT']);
    // Climbing to the province (no supervising agency): only the responsible agency's topic.
    const toProvince = escalation({ level: 2, targetAgencyCode: null });
    expect(
      liveEventsOf(
        update(
          [toProvince],
          [
            {
              type: 'ESCALATION_CLIMBED',
              payload: { escalationId: 'D-1:E1', level: 2, targetAgencyCode: null },
            },
          ],
        ),
      ).slice(2),
    ).toEqual([{ topic: 'escalations:CHILD', payload: { escalationId: 'D-1:E1', dossierCode: 'D-1' } }]);
  });
});

describe('in-process live events', () => {
  test('a subscriber gets what is published on its topic from the moment subscribe resolves, and nothing after return()', async () => {
    const live = createLiveEvents({ kind: 'memory' });
    const dossier = await live.subscribe(dossierTopic('D-1'));
    const agency = await live.subscribe(escalationTopic('CHILD'));
    const raised = escalation({});
    publishUpdate(live, update([raised], [{ type: 'ESCALATION_RAISED', payload: { ...raised } }]));
    live.publish(dossierTopic('D-2'), { code: 'D-2', seq: 1 });
    live.publish(dossierTopic('D-1'), { code: 'D-1', seq: 10 });
    expect((await dossier.next()).value).toEqual({ code: 'D-1', seq: 9 });
    expect((await dossier.next()).value).toEqual({ code: 'D-1', seq: 10 });
    expect((await agency.next()).value).toEqual({ escalationId: 'D-1:E1', dossierCode: 'D-1' });
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
