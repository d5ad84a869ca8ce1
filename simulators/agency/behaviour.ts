/**
 * Behaviour of a simulated agency system: validation of directives, resolution of the effective
 * behaviour from the three configuration levels, and the seeded PRNG behind random failures.
 */
import { seededRandom } from '../../domain/seeded-random';
import {
  BehaviourConfig,
  CALLBACK_OUTCOMES,
  SimulationDirective,
  WORK_ITEM_OUTCOMES,
} from '../../integrations/agency-protocol/protocol';
import type { AgencyAnswer, AgencyOutcome } from '../../domain/contract/agency-answer';

/** A directive with every field decided. */
export interface EffectiveBehaviour {
  latencyMs: number;
  outcome: AgencyAnswer['status'];
  callbackOutcome: AgencyOutcome['outcome'];
  callbackDelayMs: number;
  failureRate: number;
  failFirst: number;
  permanentError: boolean;
  hangMs: number;
  supplementItems: string[];
  refusalReason: string;
}

/** What an agency does when nothing is configured: finish the step at once. */
export const BASE_BEHAVIOUR: Readonly<EffectiveBehaviour> = Object.freeze({
  latencyMs: 0,
  outcome: 'DONE',
  callbackOutcome: 'DONE',
  callbackDelayMs: 50,
  failureRate: 0,
  failFirst: 0,
  permanentError: false,
  hangMs: 0,
  supplementItems: ['Bản sao giấy tờ tùy thân có chứng thực'],
  refusalReason: 'Hồ sơ không đủ điều kiện theo quy định',
});

/**
 * Effective behaviour for one work item. Levels from least to most specific: agency default, the
 * procedure's behaviour, the request's `simulation`. Merged field by field so that, e.g., a request
 * asking for REFUSED still gets the agency's configured latency.
 */
export function resolveBehaviour(
  config: BehaviourConfig,
  procedureCode: string,
  requestDirective?: SimulationDirective,
): EffectiveBehaviour {
  const procedure =
    config.procedures && Object.prototype.hasOwnProperty.call(config.procedures, procedureCode)
      ? config.procedures[procedureCode]
      : undefined;
  const effective: EffectiveBehaviour = {
    ...BASE_BEHAVIOUR,
    supplementItems: [...BASE_BEHAVIOUR.supplementItems],
  };
  for (const level of [config.default, procedure, requestDirective]) {
    if (!level) continue;
    for (const [field, value] of Object.entries(level)) {
      if (value !== undefined) (effective as unknown as Record<string, unknown>)[field] = value;
    }
  }
  return effective;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const NUMBER_FIELDS = ['latencyMs', 'callbackDelayMs', 'failFirst', 'hangMs'] as const;
const KNOWN_FIELDS = new Set<string>([
  ...NUMBER_FIELDS,
  'outcome',
  'callbackOutcome',
  'failureRate',
  'permanentError',
  'supplementItems',
  'refusalReason',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a directive from an untrusted source (request body, control endpoint). Unknown fields are rejected to catch typos. */
export function parseDirective(value: unknown, where = 'simulation'): Parsed<SimulationDirective> {
  if (!isPlainObject(value)) return { ok: false, message: `${where} must be an object` };
  for (const field of Object.keys(value)) {
    if (!KNOWN_FIELDS.has(field))
      return { ok: false, message: `${where}.${field} is not a known behaviour field` };
  }
  for (const field of NUMBER_FIELDS) {
    const v = value[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      return { ok: false, message: `${where}.${field} must be a non-negative number` };
    }
  }
  const { failureRate, outcome, callbackOutcome, permanentError, supplementItems, refusalReason } = value;
  if (
    failureRate !== undefined &&
    !(typeof failureRate === 'number' && failureRate >= 0 && failureRate <= 1)
  ) {
    return { ok: false, message: `${where}.failureRate must be a number between 0 and 1` };
  }
  if (outcome !== undefined && !WORK_ITEM_OUTCOMES.includes(outcome as AgencyAnswer['status'])) {
    return { ok: false, message: `${where}.outcome must be one of ${WORK_ITEM_OUTCOMES.join(', ')}` };
  }
  if (
    callbackOutcome !== undefined &&
    !CALLBACK_OUTCOMES.includes(callbackOutcome as AgencyOutcome['outcome'])
  ) {
    return { ok: false, message: `${where}.callbackOutcome must be one of ${CALLBACK_OUTCOMES.join(', ')}` };
  }
  if (permanentError !== undefined && typeof permanentError !== 'boolean') {
    return { ok: false, message: `${where}.permanentError must be a boolean` };
  }
  if (
    supplementItems !== undefined &&
    !(
      Array.isArray(supplementItems) &&
      supplementItems.length > 0 &&
      supplementItems.every((i) => typeof i === 'string' && i !== '')
    )
  ) {
    return { ok: false, message: `${where}.supplementItems must be a non-empty list of non-empty strings` };
  }
  if (refusalReason !== undefined && !(typeof refusalReason === 'string' && refusalReason !== '')) {
    return { ok: false, message: `${where}.refusalReason must be a non-empty string` };
  }
  return { ok: true, value: value as SimulationDirective };
}

/**
 * Validates a behaviour update (`PUT /_sim/behaviour`). In `procedures`, a `null` value is allowed and
 * means "remove this procedure's behaviour".
 */
export function parseBehaviourUpdate(
  value: unknown,
): Parsed<{ default?: SimulationDirective; procedures?: Record<string, SimulationDirective | null> }> {
  if (!isPlainObject(value)) return { ok: false, message: 'behaviour must be an object' };
  for (const field of Object.keys(value)) {
    if (field !== 'default' && field !== 'procedures')
      return { ok: false, message: `${field} is not a behaviour level` };
  }
  const out: { default?: SimulationDirective; procedures?: Record<string, SimulationDirective | null> } = {};
  if (value.default !== undefined) {
    const parsed = parseDirective(value.default, 'default');
    if (!parsed.ok) return parsed;
    out.default = parsed.value;
  }
  if (value.procedures !== undefined) {
    if (!isPlainObject(value.procedures))
      return { ok: false, message: 'procedures must be an object keyed by procedure code' };
    out.procedures = {};
    for (const [code, directive] of Object.entries(value.procedures)) {
      if (directive === null) {
        out.procedures[code] = null;
        continue;
      }
      const parsed = parseDirective(directive, `procedures.${code}`);
      if (!parsed.ok) return parsed;
      out.procedures[code] = parsed.value;
    }
  }
  return { ok: true, value: out };
}

/** Seeded so that a test run with random failures is reproducible (same seed and arrival order). */
export const createPrng = seededRandom;
