import {
  BASE_BEHAVIOUR,
  createPrng,
  parseBehaviourUpdate,
  parseDirective,
  resolveBehaviour,
} from './behaviour';
import { parseWorkItemRequest } from './work-item';

describe('resolveBehaviour', () => {
  const config = {
    default: { latencyMs: 20, outcome: 'DONE' as const },
    procedures: { '1.004227': { outcome: 'REFUSED' as const, refusalReason: 'Thửa đất đang có tranh chấp' } },
  };

  it('falls back to the base behaviour when nothing is configured', () => {
    expect(resolveBehaviour({}, 'X')).toEqual(BASE_BEHAVIOUR);
  });

  it('uses the agency default for procedures without their own behaviour', () => {
    expect(resolveBehaviour(config, '2.000001')).toMatchObject({ latencyMs: 20, outcome: 'DONE' });
  });

  it('lets the procedure override the default, field by field', () => {
    expect(resolveBehaviour(config, '1.004227')).toMatchObject({
      latencyMs: 20,
      outcome: 'REFUSED',
      refusalReason: 'Thửa đất đang có tranh chấp',
    });
  });

  it('lets the request directive override the procedure', () => {
    const effective = resolveBehaviour(config, '1.004227', {
      outcome: 'NEEDS_SUPPLEMENT',
      supplementItems: ['Sổ đỏ bản gốc'],
    });
    expect(effective).toMatchObject({
      latencyMs: 20,
      outcome: 'NEEDS_SUPPLEMENT',
      supplementItems: ['Sổ đỏ bản gốc'],
    });
  });

  it('does not let undefined fields erase a less specific level', () => {
    expect(resolveBehaviour(config, '1.004227', { outcome: undefined }).outcome).toBe('REFUSED');
  });

  it('ignores inherited keys such as "constructor" as procedure codes', () => {
    expect(resolveBehaviour(config, 'constructor').outcome).toBe('DONE');
  });
});

describe('parseDirective / parseBehaviourUpdate', () => {
  it('accepts a full directive', () => {
    const directive = {
      latencyMs: 1,
      outcome: 'ACCEPTED',
      callbackOutcome: 'REFUSED',
      callbackDelayMs: 2,
      failureRate: 0.5,
      failFirst: 1,
      permanentError: false,
      hangMs: 3,
      supplementItems: ['a'],
      refusalReason: 'r',
    };
    expect(parseDirective(directive)).toEqual({ ok: true, value: directive });
  });

  it.each([
    [{ latencyMs: -1 }, /latencyMs/],
    [{ failureRate: 1.5 }, /failureRate/],
    [{ outcome: 'MAYBE' }, /outcome/],
    [{ callbackOutcome: 'ACCEPTED' }, /callbackOutcome/],
    [{ supplementItems: [] }, /supplementItems/],
    [{ latencyMS: 5 }, /latencyMS is not a known/],
    ['DONE', /must be an object/],
  ])('rejects %j', (value, message) => {
    const parsed = parseDirective(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('accepts null to remove a procedure and rejects unknown levels', () => {
    expect(parseBehaviourUpdate({ procedures: { P: null } })).toEqual({
      ok: true,
      value: { procedures: { P: null } },
    });
    expect(parseBehaviourUpdate({ agency: {} }).ok).toBe(false);
    expect(parseBehaviourUpdate({ default: { outcome: 'NOPE' } }).ok).toBe(false);
  });
});

describe('createPrng', () => {
  it('is reproducible per seed and differs across seeds', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
  });

  it('yields values in [0, 1) with a plausible mean', () => {
    const random = createPrng(7);
    const values = Array.from({ length: 10_000 }, random);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('parseWorkItemRequest', () => {
  const valid = {
    dossierCode: 'VPDKDD-250601-0001',
    procedureCode: '1.004227',
    stepKey: 'tax',
    stepName: 'Xác định nghĩa vụ tài chính',
    agencyCode: 'CUC-THUE',
    dueAt: '2025-06-05T17:00:00+07:00',
  };

  it('accepts a minimal work item', () => {
    expect(parseWorkItemRequest(valid)).toMatchObject({ ok: true, value: valid });
  });

  it.each([
    [{ ...valid, stepKey: '' }, /stepKey/],
    [{ ...valid, dueAt: '05/06/2025' }, /dueAt/],
    [{ ...valid, dueAt: '2025-06-05T17:00:00' }, /dueAt/],
    [{ ...valid, callbackUrl: 'ftp://engine/cb' }, /callbackUrl/],
    [{ ...valid, simulation: { outcome: 'LATER' } }, /simulation.outcome/],
    [[valid], /JSON object/],
  ])('rejects %j', (value, message) => {
    const parsed = parseWorkItemRequest(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
