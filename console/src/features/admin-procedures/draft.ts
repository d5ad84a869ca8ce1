// A procedure definition as the editor holds it while an administrator types: strings and numbers
// straight from the inputs (a number not yet typed is null), steps and components with a local id
// so React keeps their inputs when they move. `toInput` makes the GraphQL input; only what the
// GraphQL types themselves cannot carry (a number left empty) is checked here, everything else is
// the engine's validation, whose problems come back with paths into this same input.
import type { FieldProblem } from '../../lib/api';
import type { ProcedureInput, StoredProcedure } from './procedure-queries';

type Level = NonNullable<ProcedureInput['level']>;
type StepMode = ProcedureInput['steps'][number]['mode'];
type StepKind = NonNullable<ProcedureInput['steps'][number]['kind']>;

export interface DraftStep {
  id: number;
  key: string;
  name: string;
  agencyCode: string;
  workingDays: number | null;
  mode: StepMode;
  kind: StepKind;
  after: string[];
  description: string | null;
}

export interface DraftComponent {
  id: number;
  code: string;
  name: string;
  required: boolean;
  originals: number;
  certifiedCopies: number;
  photocopies: number;
}

export interface Draft {
  isNew: boolean;
  code: string;
  name: string;
  field: string;
  level: Level | null;
  onlineLevel: ProcedureInput['onlineLevel'];
  feeVnd: number | null;
  description: string | null;
  totalWorkingDays: number | null;
  receivingAgencyCode: string;
  policy: ProcedureInput['policy'];
  steps: DraftStep[];
  components: DraftComponent[];
}

let nextId = 1;
export const newId = () => nextId++;

export function blankStep(): DraftStep {
  return {
    id: newId(),
    key: '',
    name: '',
    agencyCode: '',
    workingDays: null,
    mode: 'MANUAL',
    kind: 'PROCESS',
    after: [],
    description: null,
  };
}

export function blankComponent(): DraftComponent {
  return {
    id: newId(),
    code: '',
    name: '',
    required: true,
    originals: 1,
    certifiedCopies: 0,
    photocopies: 0,
  };
}

export function blankDraft(): Draft {
  return {
    isNew: true,
    code: '',
    name: '',
    field: '',
    level: null,
    onlineLevel: 'FULL',
    feeVnd: null,
    description: null,
    totalWorkingDays: null,
    receivingAgencyCode: '',
    policy: undefined,
    steps: [blankStep()],
    components: [],
  };
}

export function draftOf(stored: StoredProcedure): Draft {
  return {
    isNew: false,
    code: stored.code,
    name: stored.name,
    field: stored.field ?? '',
    level: stored.level,
    onlineLevel: stored.onlineLevel,
    feeVnd: stored.feeVnd,
    description: stored.description,
    totalWorkingDays: stored.totalWorkingDays,
    receivingAgencyCode: stored.receivingAgencyCode,
    policy: stored.policy,
    steps: stored.steps.map((s) => ({ ...s, id: newId(), after: [...s.after] })),
    components: stored.components.map((c) => ({ ...c, id: newId() })),
  };
}

/** Numbers left empty, as problems at their paths; the rest is for the engine to judge. */
export function missingNumbers(draft: Draft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const required = { code: 'INVALID_FIELD', message: 'Required' };
  if (draft.totalWorkingDays === null) problems.push({ path: 'totalWorkingDays', ...required });
  draft.steps.forEach((s, i) => {
    if (s.workingDays === null) problems.push({ path: `steps[${i}].workingDays`, ...required });
  });
  return problems;
}

const optional = (text: string) => (text.trim() === '' ? undefined : text);

export function toInput(draft: Draft): ProcedureInput {
  return {
    code: draft.code,
    name: draft.name,
    field: optional(draft.field),
    level: draft.level ?? undefined,
    onlineLevel: draft.onlineLevel,
    feeVnd: draft.feeVnd ?? undefined,
    description: draft.description ?? undefined,
    totalWorkingDays: draft.totalWorkingDays ?? 0,
    receivingAgencyCode: draft.receivingAgencyCode,
    policy: draft.policy,
    steps: draft.steps.map((s) => ({
      key: s.key,
      name: s.name,
      agencyCode: s.agencyCode,
      workingDays: s.workingDays ?? 0,
      mode: s.mode,
      kind: s.kind,
      after: s.after,
      description: s.description ?? undefined,
    })),
    components: draft.components.map(({ id: _id, ...c }) => c),
  };
}

/**
 * The problems to show at one field: those at its path and inside it (`steps[0].after` shows the
 * CYCLE reported at `steps[0].after[1]`). `exact` keeps to the path itself, for a step's card,
 * whose fields show their own.
 */
export function problemsAt(problems: readonly FieldProblem[], path: string, exact = false): FieldProblem[] {
  return problems.filter(
    (p) => p.path === path || (!exact && (p.path.startsWith(`${path}[`) || p.path.startsWith(`${path}.`))),
  );
}
