import { DEFAULT_POLICY } from './definition';
import type { ProcedureError, ProcedureInput, StepInput } from './types';
import { criticalPath, topologicalOrder, validateProcedure } from './validate';

const agencies = new Set(['UBND_XA', 'CNDKDD', 'CCT', 'KBNN']);

const step = (key: string, after?: string[], extra: Partial<StepInput> = {}): StepInput => ({
  key,
  name: `Bước ${key}`,
  agencyCode: 'CNDKDD',
  workingDays: 1,
  mode: 'MANUAL',
  ...(after ? { after } : {}),
  ...extra,
});

const procedure = (steps: StepInput[], extra: Partial<ProcedureInput> = {}): ProcedureInput => ({
  code: '1.004227',
  name: 'Đăng ký đất đai lần đầu',
  onlineLevel: 'PARTIAL',
  totalWorkingDays: 10,
  receivingAgencyCode: 'UBND_XA',
  steps,
  ...extra,
});

function errorsOf(input: unknown): ProcedureError[] {
  const result = validateProcedure(input, agencies);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

describe('validateProcedure: valid definitions', () => {
  it('applies defaults, trims, and computes the critical path of a parallel join', () => {
    const result = validateProcedure(
      procedure([
        step(' tiep-nhan ', undefined, { workingDays: 0.5, agencyCode: ' UBND_XA ' }),
        step('thue', ['tiep-nhan'], { agencyCode: 'CCT', workingDays: 3, mode: 'SYSTEM' }),
        step('dia-chinh', ['tiep-nhan'], { workingDays: 2 }),
        step('nop-phi', ['thue'], { agencyCode: 'KBNN', kind: 'FEE_PAYMENT' }),
        step('cap-gcn', ['nop-phi', 'dia-chinh'], { workingDays: 2 }),
      ]),
      agencies,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { definition } = result;
    expect(definition.criticalPathWorkingDays).toBe(6.5);
    expect(definition.policy).toEqual(DEFAULT_POLICY);
    expect(definition.steps[0]).toEqual({
      key: 'tiep-nhan',
      name: 'Bước  tiep-nhan',
      agencyCode: 'UBND_XA',
      workingDays: 0.5,
      mode: 'MANUAL',
      after: [],
      kind: 'PROCESS',
    });
    expect(definition.steps[3].kind).toBe('FEE_PAYMENT');
    expect(criticalPath(definition)).toEqual({
      workingDays: 6.5,
      stepKeys: ['tiep-nhan', 'thue', 'nop-phi', 'cap-gcn'],
    });
    expect(topologicalOrder(definition).map((s) => s.key)).toEqual([
      'tiep-nhan',
      'thue',
      'dia-chinh',
      'nop-phi',
      'cap-gcn',
    ]);
  });

  it('accepts GraphQL nulls for optional fields and keeps given policy values', () => {
    const input = {
      ...procedure([{ ...step('a'), after: null, kind: null, description: null }]),
      field: null,
      level: null,
      feeVnd: null,
      description: null,
      policy: {
        warningBeforeWorkingDays: 0.5,
        escalationLevel2AfterWorkingDays: null,
        maxSupplementWaitWorkingDays: 60,
      },
    };
    const result = validateProcedure(input, agencies);
    expect(result.ok && result.definition).toMatchObject({
      steps: [{ after: [], kind: 'PROCESS' }],
      policy: {
        warningBeforeWorkingDays: 0.5,
        escalationLevel2AfterWorkingDays: 1,
        maxSupplementWaitWorkingDays: 60,
      },
    });
    expect(result.ok && Object.keys(result.definition)).not.toContain('field');
  });
});

describe('validateProcedure: each error code points at the right place', () => {
  it.each<[string, unknown, Partial<ProcedureError>]>([
    [
      'INVALID_FIELD for a bad step key',
      procedure([step('Bad Key')]),
      { code: 'INVALID_FIELD', path: 'steps[0].key' },
    ],
    [
      'INVALID_FIELD for a non-half working day',
      procedure([step('a', undefined, { workingDays: 1.25 })]),
      {
        code: 'INVALID_FIELD',
        path: 'steps[0].workingDays',
        message: 'Must be a multiple of 0.5 working days (half days)',
      },
    ],
    [
      'INVALID_FIELD for zero working days',
      procedure([step('a', undefined, { workingDays: 0 })]),
      { code: 'INVALID_FIELD', path: 'steps[0].workingDays' },
    ],
    [
      'INVALID_FIELD for a missing field',
      { ...procedure([step('a')]), name: undefined },
      { code: 'INVALID_FIELD', path: 'name', message: 'Required (string)' },
    ],
    [
      'INVALID_FIELD for a negative fee',
      procedure([step('a')], { feeVnd: -1 }),
      { code: 'INVALID_FIELD', path: 'feeVnd' },
    ],
    [
      'INVALID_FIELD for a blank agency code',
      procedure([step('a', undefined, { agencyCode: '  ' })]),
      { code: 'INVALID_FIELD', path: 'steps[0].agencyCode' },
    ],
    [
      'INVALID_TEXT for an unpaired surrogate in a step name',
      procedure([step('a', undefined, { name: 'Bước \uD800' })]),
      {
        code: 'INVALID_TEXT',
        path: 'steps[0].name',
        message: 'contains an unpaired surrogate U+D800: not well-formed Unicode',
      },
    ],
    [
      'INVALID_TEXT for a control character in the name',
      procedure([step('a')], { name: 'Thủ tục\u0007' }),
      { code: 'INVALID_TEXT', path: 'name' },
    ],
    ['NO_STEPS', procedure([]), { code: 'NO_STEPS', path: 'steps' }],
    [
      'DUPLICATE_STEP_KEY',
      procedure([step('a'), step('b'), step('a')]),
      { code: 'DUPLICATE_STEP_KEY', path: 'steps[2].key' },
    ],
    [
      'DUPLICATE_DEPENDENCY',
      procedure([step('a'), step('b', ['a', 'a'])]),
      { code: 'DUPLICATE_DEPENDENCY', path: 'steps[1].after[1]' },
    ],
    [
      'UNKNOWN_STEP',
      procedure([step('a'), step('b', ['a', 'zz'])]),
      {
        code: 'UNKNOWN_STEP',
        path: 'steps[1].after[1]',
        message: 'Step "b" waits for "zz", but no step has that key',
      },
    ],
    [
      'SELF_DEPENDENCY',
      procedure([step('a', ['a'])]),
      { code: 'SELF_DEPENDENCY', path: 'steps[0].after[0]' },
    ],
    [
      'UNKNOWN_AGENCY for the receiving agency',
      procedure([step('a')], { receivingAgencyCode: 'NOPE' }),
      { code: 'UNKNOWN_AGENCY', path: 'receivingAgencyCode' },
    ],
    [
      'UNKNOWN_AGENCY for a step agency',
      procedure([step('a'), step('b', [], { agencyCode: 'NOPE' })]),
      { code: 'UNKNOWN_AGENCY', path: 'steps[1].agencyCode' },
    ],
  ])('%s', (_, input, expected) => {
    expect(errorsOf(input)).toEqual([expect.objectContaining(expected)]);
  });

  it('CYCLE names the cycle in finishing order and points at a step on it', () => {
    const errors = errorsOf(
      procedure([step('start'), step('a', ['start', 'c']), step('b', ['a']), step('c', ['b'])]),
    );
    expect(errors).toEqual([
      {
        path: 'steps[1].after[1]',
        code: 'CYCLE',
        message:
          'Steps form a dependency cycle a -> b -> c -> a (each must finish before the next starts), so none of them can ever start',
      },
    ]);
  });

  it('UNREACHABLE_STEP for steps downstream of a cycle or an unknown step, not for the broken steps themselves', () => {
    const errors = errorsOf(
      procedure([
        step('a', ['b']),
        step('b', ['a']),
        step('c', ['a']),
        step('d', ['c']),
        step('e', ['ghost']),
        step('f', ['e']),
        step('ok'),
      ]),
    );
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['UNKNOWN_STEP', 'steps[4].after[0]'],
      ['CYCLE', 'steps[0].after[0]'],
      ['UNREACHABLE_STEP', 'steps[2]'],
      ['UNREACHABLE_STEP', 'steps[3]'],
      ['UNREACHABLE_STEP', 'steps[5]'],
    ]);
    expect(errors[3].message).toBe(
      'Step "d" can never start: it depends on "a" (a -> c -> d), which is on a dependency cycle',
    );
    expect(errors[4].message).toBe(
      'Step "f" can never start: it depends on "e" (e -> f), which waits for an unknown step',
    );
  });

  it('CRITICAL_PATH_EXCEEDS_BUDGET points at the last step of the longest chain and says the numbers', () => {
    const errors = errorsOf(
      procedure(
        [
          step('a', undefined, { workingDays: 3 }),
          step('b', ['a'], { workingDays: 5 }),
          step('c', ['a'], { workingDays: 1 }),
          step('d', ['b', 'c'], { workingDays: 2.5 }),
        ],
        {
          totalWorkingDays: 10,
        },
      ),
    );
    expect(errors).toEqual([
      {
        path: 'steps[3]',
        code: 'CRITICAL_PATH_EXCEEDS_BUDGET',
        message:
          "The longest chain of steps a (3) -> b (5) -> d (2.5) needs 10.5 working days, more than the procedure's totalWorkingDays of 10",
      },
    ]);
  });
});

describe('validateProcedure: collects all errors', () => {
  it('reports field, agency, graph and budget errors together', () => {
    const errors = errorsOf({
      ...procedure(
        [
          step('a', undefined, { workingDays: 4 }),
          step('b', ['a'], { workingDays: 4, agencyCode: 'NOPE' }),
          step('b', ['b'], { workingDays: 0.3 }),
          step('c', ['x', 'd']),
          step('d', ['c']),
        ],
        { totalWorkingDays: 5, receivingAgencyCode: 'GONE' },
      ),
      onlineLevel: 'SOMETIMES',
    });
    expect(errors.map((e) => `${e.code} ${e.path}`).sort()).toEqual(
      [
        'INVALID_FIELD onlineLevel',
        'INVALID_FIELD steps[2].workingDays',
        'UNKNOWN_AGENCY receivingAgencyCode',
        'UNKNOWN_AGENCY steps[1].agencyCode',
        'DUPLICATE_STEP_KEY steps[2].key',
        'SELF_DEPENDENCY steps[2].after[0]',
        'UNKNOWN_STEP steps[3].after[0]',
        'CYCLE steps[3].after[1]',
        'CRITICAL_PATH_EXCEEDS_BUDGET steps[1]',
      ].sort(),
    );
  });

  it.each([null, 42, 'text', [], { steps: 'nope' }])('never throws on malformed input %p', (input) => {
    expect(errorsOf(input).length).toBeGreaterThan(0);
  });
});
