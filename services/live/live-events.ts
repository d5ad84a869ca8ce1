// Live events: what the read-model writer tells subscribers after each applied update. A topic
// names what changed (a dossier, the dossiers an agency works on or received, the escalations of an
// agency); the payload is only a reference,
// and subscribers re-read the read model, so a missed or repeated event never shows stale data
// for longer than the next event. Two transports behind one interface (LIVE_EVENTS):
// - `memory`: graphql-yoga's createPubSub on an in-process EventTarget (`npm start`, one process);
// - `postgres`: the same pub/sub on a PostgreSQL LISTEN/NOTIFY event target, so a worker on one
//   machine reaches the API processes on every other (`npm run worker` / `npm run api`).
import { createPubSub } from 'graphql-yoga';
import type { ReadModelUpdate } from '../../domain/contract/dossier-workflow';
import { liveEventsKind, type AppConfig } from '../../platform/config';
import type { AppliedDossier } from '../../prisma/read-model/dossier-projection';
import {
  createPostgresEventTarget,
  type EventTargetLog,
  type PostgresEventTarget,
} from '../../platform/postgres-event-target';

export interface DossierUpdatedEvent {
  code: string;
  /** The dossier's last event sequence number after the update. */
  seq: number;
}

export interface EscalationRaisedEvent {
  escalationId: string;
  dossierCode: string;
}

export type DossierTopic = `dossier:${string}`;
export type AgencyDossiersTopic = `agency-dossiers:${string}`;
export type EscalationTopic = `escalations:${string}`;
export type LiveTopic = DossierTopic | AgencyDossiersTopic | EscalationTopic;
export type LivePayload<T extends LiveTopic> = T extends DossierTopic | AgencyDossiersTopic
  ? DossierUpdatedEvent
  : EscalationRaisedEvent;

export const dossierTopic = (code: string): DossierTopic => `dossier:${code}`;
/**
 * A dossier the agency received at its desk, or one of whose steps at the agency started, ended or
 * changed: the agency's inbox, the desk's hand-back list and register.
 */
export const agencyDossiersTopic = (agencyCode: string): AgencyDossiersTopic =>
  `agency-dossiers:${agencyCode}`;
/** Escalations an agency must see: raised against it, or addressed to it (climbed from a child agency). */
export const escalationTopic = (agencyCode: string): EscalationTopic => `escalations:${agencyCode}`;
/** Every escalation raised, climbed, acknowledged or resolved anywhere: the supervisors' list ("*" is no agency code). */
export const ALL_ESCALATIONS_TOPIC: EscalationTopic = 'escalations:*';
const ESCALATION_CHANGES = new Set([
  'ESCALATION_RAISED',
  'ESCALATION_CLIMBED',
  'ESCALATION_ACKNOWLEDGED',
  'ESCALATION_RESOLVED',
]);

/**
 * Events about the whole dossier that move every open step's deadline (a supplement's pause, an
 * apology, a new calendar) or close the dossier and cancel its open steps.
 */
const OPEN_STEPS_CHANGES = new Set([
  'SUPPLEMENT_PROVIDED',
  'APOLOGY_ISSUED',
  'DEADLINES_REPROJECTED',
  'DOSSIER_REFUSED',
  'DOSSIER_WITHDRAWN',
  'DOSSIER_STOPPED',
]);

export interface LiveEvents {
  readonly kind: 'memory' | 'postgres';
  publish<T extends LiveTopic>(topic: T, payload: LivePayload<T>): void;
  /**
   * The topic's events from now on. Resolves once the subscription is in place (for `postgres`:
   * the LISTEN connection is up), so nothing published after it resolves is missed.
   */
  subscribe<T extends LiveTopic>(topic: T): Promise<AsyncIterableIterator<LivePayload<T>>>;
  /** Resolves once everything published so far has left this process (tests, shutdown). */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

export type LiveEventsOptions =
  | { kind: 'memory' }
  | {
      kind: 'postgres';
      connectionString: string;
      channel?: string;
      log?: EventTargetLog;
      reconnectDelayMs?: number;
      heartbeatMs?: number;
    };

type Channels = Record<string, [DossierUpdatedEvent | EscalationRaisedEvent]>;

/** A subscription waits this long for the LISTEN connection (database down: the request fails rather than hangs). */
const LISTEN_TIMEOUT_MS = 10_000;

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function createLiveEvents(options: LiveEventsOptions): LiveEvents {
  const target: PostgresEventTarget<CustomEvent> | undefined =
    options.kind === 'postgres' ? createPostgresEventTarget<CustomEvent>(options) : undefined;
  const pubsub = createPubSub<Channels>(target ? { eventTarget: target } : {});
  return {
    kind: options.kind,
    publish(topic, payload) {
      pubsub.publish(topic, payload);
    },
    async subscribe<T extends LiveTopic>(topic: T) {
      const source = pubsub.subscribe(topic);
      // A Repeater registers its listener on the first next(): ask for it now, hand the pending
      // answer to the consumer's first next().
      const first = source.next();
      try {
        if (target)
          await withTimeout(
            target.listening(),
            LISTEN_TIMEOUT_MS,
            'live events: the LISTEN connection is not up',
          );
      } catch (err) {
        await source.return();
        throw err;
      }
      let pending: Promise<IteratorResult<unknown>> | undefined = first;
      const iterator: AsyncIterableIterator<LivePayload<T>> = {
        [Symbol.asyncIterator]() {
          return iterator;
        },
        next() {
          const answer = pending ?? source.next();
          pending = undefined;
          return answer as Promise<IteratorResult<LivePayload<T>>>;
        },
        return() {
          pending = undefined;
          return source.return() as Promise<IteratorResult<LivePayload<T>>>;
        },
      };
      return iterator;
    },
    flushed: () => target?.flushed() ?? Promise.resolve(),
    close: () => target?.close() ?? Promise.resolve(),
  };
}

/**
 * The events one applied read-model update produces: the dossier's; one per agency whose list of
 * dossiers it changes (the receiving desk's, and each agency whose step it starts, ends or changes);
 * one per agency concerned by a new or climbed escalation, and one on the province-wide topic for any
 * change of an escalation.
 */
export function liveEventsOf(
  update: ReadModelUpdate,
  dossier: AppliedDossier,
): Array<{ topic: LiveTopic; payload: DossierUpdatedEvent | EscalationRaisedEvent }> {
  const { state } = update;
  const reference: DossierUpdatedEvent = { code: state.dossierCode, seq: state.lastEventSeq };
  const out: Array<{ topic: LiveTopic; payload: DossierUpdatedEvent | EscalationRaisedEvent }> = [
    { topic: dossierTopic(state.dossierCode), payload: reference },
  ];
  for (const agencyCode of agenciesWhoseDossiersChanged(update, dossier)) {
    out.push({ topic: agencyDossiersTopic(agencyCode), payload: reference });
  }
  for (const event of update.events) {
    if (!ESCALATION_CHANGES.has(event.type)) continue;
    const id = String(event.type === 'ESCALATION_RAISED' ? event.payload.id : event.payload.escalationId);
    out.push({ topic: ALL_ESCALATIONS_TOPIC, payload: { escalationId: id, dossierCode: state.dossierCode } });
    if (event.type !== 'ESCALATION_RAISED' && event.type !== 'ESCALATION_CLIMBED') continue;
    const escalation = state.escalations.find((e) => e.id === id);
    const agencies = new Set(
      [
        escalation?.agencyCode,
        escalation?.targetAgencyCode,
        event.payload.agencyCode,
        event.payload.targetAgencyCode,
      ].filter((code): code is string => typeof code === 'string' && code !== ''),
    );
    for (const agencyCode of agencies) {
      out.push({
        topic: escalationTopic(agencyCode),
        payload: { escalationId: id, dossierCode: state.dossierCode },
      });
    }
  }
  return out;
}

/**
 * The receiving desk's agency (every update changes what its register and hand-back list show), and
 * each agency whose step the update starts, ends or changes. Read from the update alone, no query on
 * the writer's path: every step event names its step (`payload.stepKey`) and the state lists each
 * step with its agency; the events that move or close every open step are in OPEN_STEPS_CHANGES,
 * and an open step is one started and not finished (`startedAt` without `completedAt`, which after a
 * closing event are the steps it cancelled). Escalation events leave steps as they were and are told
 * on their own topics.
 */
function agenciesWhoseDossiersChanged(update: ReadModelUpdate, dossier: AppliedDossier): Set<string> {
  const { steps } = update.state;
  const agencies = new Set([dossier.receivingAgencyCode]);
  for (const event of update.events) {
    if (ESCALATION_CHANGES.has(event.type)) continue;
    const step = steps.find((s) => s.key === event.payload.stepKey);
    if (step) agencies.add(step.agencyCode);
    if (!OPEN_STEPS_CHANGES.has(event.type)) continue;
    for (const open of steps) if (open.startedAt && !open.completedAt) agencies.add(open.agencyCode);
  }
  return agencies;
}

/** The read-model writer's `onApplied` hook: tells subscribers what the update changed. */
export function publishUpdate(live: LiveEvents, update: ReadModelUpdate, dossier: AppliedDossier): void {
  for (const { topic, payload } of liveEventsOf(update, dossier)) live.publish(topic, payload as never);
}

/** The transport LIVE_EVENTS chooses for an entry point (see `liveEventsKind` in platform/config.ts). */
export function liveEventsFromConfig(
  config: AppConfig,
  processes: 'single' | 'separate',
  log?: EventTargetLog,
): LiveEvents {
  const kind = liveEventsKind(config, processes);
  return kind === 'postgres'
    ? createLiveEvents({ kind, connectionString: config.DATABASE_URL!, log })
    : createLiveEvents({ kind });
}
