// Types of procedure definitions. No runtime imports on purpose: Temporal workflow code imports these
// with `import type`, and the workflow sandbox must not pull zod or anything else in.

export type OnlineLevel = 'FULL' | 'PARTIAL';
export type StepMode = 'SYSTEM' | 'MANUAL';
/** FEE_PAYMENT: the step where the applicant's fee or tax is collected (e.g. at the State Treasury). */
export type StepKind = 'PROCESS' | 'FEE_PAYMENT';
export type AdminLevel = 'COMMUNE' | 'DISTRICT' | 'PROVINCE' | 'CENTRAL';

/** Pinned GraphQL `StepInput`, plus optional extras. GraphQL sends `null` for omitted optionals. */
export interface StepInput {
  key: string;
  name: string;
  agencyCode: string;
  workingDays: number;
  mode: StepMode;
  /** Keys of steps that must finish before this one starts; absent or empty: starts at once. */
  after?: string[] | null;
  kind?: StepKind | null;
  description?: string | null;
}

export interface ProcedurePolicyInput {
  warningBeforeWorkingDays?: number | null;
  escalationLevel2AfterWorkingDays?: number | null;
  maxSupplementWaitWorkingDays?: number | null;
}

/** Pinned GraphQL `ProcedureInput`, plus optional extras. */
export interface ProcedureInput {
  code: string;
  name: string;
  onlineLevel: OnlineLevel;
  totalWorkingDays: number;
  receivingAgencyCode: string;
  steps: StepInput[];
  /** Lĩnh vực, e.g. "Đất đai", "Hộ tịch". */
  field?: string | null;
  level?: AdminLevel | null;
  feeVnd?: number | null;
  description?: string | null;
  policy?: ProcedurePolicyInput | null;
}

export interface ProcedurePolicy {
  /** Warn the responsible agency this many working days before a step's deadline. */
  warningBeforeWorkingDays: number;
  /** How long a level-1 escalation (agency head) stays unresolved before climbing to level 2. */
  escalationLevel2AfterWorkingDays: number;
  /** After waiting this long for the applicant's supplement, the dossier is stopped. */
  maxSupplementWaitWorkingDays: number;
}

export interface StepDefinition {
  key: string;
  name: string;
  agencyCode: string;
  workingDays: number;
  mode: StepMode;
  after: string[];
  kind: StepKind;
  description?: string;
}

/** A validated procedure: strings trimmed, defaults applied, `after` always an array. */
export interface ProcedureDefinition {
  code: string;
  name: string;
  onlineLevel: OnlineLevel;
  totalWorkingDays: number;
  receivingAgencyCode: string;
  steps: StepDefinition[];
  field?: string;
  level?: AdminLevel;
  feeVnd?: number;
  description?: string;
  policy: ProcedurePolicy;
  /** Working days of the longest chain of steps; never more than totalWorkingDays. */
  criticalPathWorkingDays: number;
}

export type ProcedureErrorCode =
  | 'INVALID_FIELD'
  /** Text that is not well-formed Unicode, or holds control characters (domain/text/well-formed.ts). */
  | 'INVALID_TEXT'
  | 'NO_STEPS'
  | 'DUPLICATE_STEP_KEY'
  | 'DUPLICATE_DEPENDENCY'
  | 'UNKNOWN_STEP'
  | 'SELF_DEPENDENCY'
  | 'CYCLE'
  | 'UNREACHABLE_STEP'
  | 'UNKNOWN_AGENCY'
  | 'CRITICAL_PATH_EXCEEDS_BUDGET';

export interface ProcedureError {
  /** Where in the input, e.g. "steps[2].after[0]"; "" for the input as a whole. */
  path: string;
  code: ProcedureErrorCode;
  message: string;
}

export type ProcedureValidation =
  { ok: true; definition: ProcedureDefinition } | { ok: false; errors: ProcedureError[] };

/** What validation needs to know about agencies: a Set<string> or a Map keyed by code fits. */
export interface AgencyDirectory {
  has(code: string): boolean;
}
