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

/** Kinds of copy a desk counts for each document component (thành phần hồ sơ). */
export interface CopyCounts {
  /** Bản chính. */
  originals: number;
  /** Bản sao có chứng thực. */
  certifiedCopies: number;
  /** Bản sao (photocopy, to be compared with the original). */
  photocopies: number;
}

/** A document component as an administrator enters it (`ProcedureInput.components`). */
export interface ComponentInput {
  code: string;
  name: string;
  /** Without it reception refuses the dossier (COMPONENT_MISSING). Default true. */
  required?: boolean | null;
  originals?: number | null;
  certifiedCopies?: number | null;
  photocopies?: number | null;
}

/** A validated document component: the copies expected of each kind. */
export interface DocumentComponent extends CopyCounts {
  code: string;
  name: string;
  required: boolean;
}

/** What the applicant handed in for one component (recorded on the dossier). */
export interface SubmittedComponent extends CopyCounts {
  code: string;
  /** The component's name in the procedure version, kept so papers print without the catalog. */
  name: string;
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
  /** Thành phần hồ sơ: the documents an applicant hands in. */
  components?: ComponentInput[] | null;
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
  /** Thành phần hồ sơ; absent in versions saved before components existed. */
  components?: DocumentComponent[];
  /** Working days of the longest chain of steps; never more than totalWorkingDays. */
  criticalPathWorkingDays: number;
}

export type ProcedureErrorCode =
  | 'INVALID_FIELD'
  /** Text that is not well-formed Unicode, or holds control characters (domain/text/well-formed.ts). */
  | 'INVALID_TEXT'
  | 'NO_STEPS'
  | 'DUPLICATE_STEP_KEY'
  | 'DUPLICATE_COMPONENT_CODE'
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
