// Zod schema of a procedure definition as submitted (`upsertProcedure(input: ProcedureInput!)`).
// The schema checks each field on its own; the step graph (keys, dependencies, cycles, budget) and
// agency existence are checked in validate.ts, which needs the whole picture and the agency directory.
import { z } from 'zod';
import type {
  DocumentComponent,
  ProcedureDefinition,
  ProcedureInput,
  ProcedurePolicy,
  StepDefinition,
  StepKind,
} from './types';

export const STEP_KEY_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
/** Real codes look like "1.004227" or "2.000986.000.00.00.H12"; they end up in workflow ids. */
export const PROCEDURE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_STEPS = 100;
/** No Vietnamese procedure takes more than a working year; anything larger is a typo. */
export const MAX_WORKING_DAYS = 365;

export const DEFAULT_POLICY: Readonly<ProcedurePolicy> = Object.freeze({
  warningBeforeWorkingDays: 1,
  escalationLevel2AfterWorkingDays: 1,
  maxSupplementWaitWorkingDays: 30,
});

/** Working-day budgets are counted in half days (a morning or an afternoon). */
export function isHalfDayMultiple(value: number): boolean {
  return Number.isFinite(value) && Number.isInteger(value * 2);
}

export function isValidWorkingDays(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value <= MAX_WORKING_DAYS && isHalfDayMultiple(value);
}

const workingDays = z
  .number()
  .positive('Must be more than 0 working days')
  .max(MAX_WORKING_DAYS, `Must be at most ${MAX_WORKING_DAYS} working days`)
  .refine(isHalfDayMultiple, 'Must be a multiple of 0.5 working days (half days)');

// 0 is allowed only where it means "off" (the warning).
const policyWorkingDays = (allowZero: boolean) =>
  allowZero
    ? z
        .number()
        .min(0, 'Must be 0 or more working days')
        .max(MAX_WORKING_DAYS, `Must be at most ${MAX_WORKING_DAYS} working days`)
        .refine(isHalfDayMultiple, 'Must be a multiple of 0.5 working days (half days)')
    : workingDays;

const text = (max: number) =>
  z.string().trim().min(1, 'Must not be empty').max(max, `Must be at most ${max} characters`);
const agencyCode = text(32);

export const stepInputSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(
      STEP_KEY_PATTERN,
      'Step key must start with a-z and use only a-z, 0-9, "_" or "-" (at most 64 characters)',
    ),
  name: text(500),
  agencyCode,
  workingDays,
  mode: z.enum(['SYSTEM', 'MANUAL']),
  after: z
    .array(z.string().trim().min(1, 'Must not be empty').max(64, 'Must be at most 64 characters'))
    .nullish(),
  kind: z.enum(['PROCESS', 'FEE_PAYMENT']).nullish(),
  description: z.string().trim().max(4000, 'Must be at most 4000 characters').nullish(),
});

/** Component codes appear in submissions and supplement requests, e.g. "hop-dong" or "TP01". */
export const COMPONENT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const MAX_COMPONENTS = 50;
/** More copies of one paper than this is a typo. */
export const MAX_COPIES = 20;

const copies = z
  .number()
  .int('Must be a whole number of copies')
  .min(0, 'Must not be negative')
  .max(MAX_COPIES, `Must be at most ${MAX_COPIES} copies`);

export const componentInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(
        COMPONENT_CODE_PATTERN,
        'Component code must be 1-32 characters of A-Z, a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
      ),
    name: text(1000),
    required: z.boolean().nullish(),
    originals: copies.nullish(),
    certifiedCopies: copies.nullish(),
    photocopies: copies.nullish(),
  })
  .refine((c) => (c.originals ?? 0) + (c.certifiedCopies ?? 0) + (c.photocopies ?? 0) > 0, {
    message: 'Expect at least one copy (originals, certifiedCopies or photocopies)',
    path: ['originals'],
  });

export const procedurePolicySchema = z.object({
  warningBeforeWorkingDays: policyWorkingDays(true).nullish(),
  escalationLevel2AfterWorkingDays: policyWorkingDays(false).nullish(),
  maxSupplementWaitWorkingDays: policyWorkingDays(false).nullish(),
});

export const procedureInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(
      PROCEDURE_CODE_PATTERN,
      'Procedure code must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
    ),
  name: text(1000),
  onlineLevel: z.enum(['FULL', 'PARTIAL']),
  totalWorkingDays: workingDays,
  receivingAgencyCode: agencyCode,
  // Empty is reported as NO_STEPS by validate.ts rather than as a generic field error.
  steps: z.array(stepInputSchema).max(MAX_STEPS, `A procedure has at most ${MAX_STEPS} steps`),
  field: text(200).nullish(),
  level: z.enum(['COMMUNE', 'DISTRICT', 'PROVINCE', 'CENTRAL']).nullish(),
  feeVnd: z
    .number()
    .int('Fee must be a whole number of đồng')
    .min(0, 'Fee must not be negative')
    .max(1e12)
    .nullish(),
  description: z.string().trim().max(4000, 'Must be at most 4000 characters').nullish(),
  policy: procedurePolicySchema.nullish(),
  components: z
    .array(componentInputSchema)
    .max(MAX_COMPONENTS, `A procedure has at most ${MAX_COMPONENTS} components`)
    .nullish(),
});

export type ParsedProcedureInput = z.output<typeof procedureInputSchema>;

// Compile-time guard: every typed ProcedureInput (e.g. the sample catalog) is acceptable to the schema.
const acceptsProcedureInput = (input: ProcedureInput): z.input<typeof procedureInputSchema> => input;
void acceptsProcedureInput;

/** Builds the definition from parsed input, leaving out absent optionals (so JSON round-trips). */
export function toDefinition(
  parsed: ParsedProcedureInput,
  criticalPathWorkingDays: number,
): ProcedureDefinition {
  const steps = parsed.steps.map((step): StepDefinition => {
    const kind: StepKind = step.kind ?? 'PROCESS';
    return {
      key: step.key,
      name: step.name,
      agencyCode: step.agencyCode,
      workingDays: step.workingDays,
      mode: step.mode,
      after: step.after ? [...step.after] : [],
      kind,
      ...(step.description ? { description: step.description } : {}),
    };
  });
  const policy = parsed.policy ?? {};
  const components = (parsed.components ?? []).map((c): DocumentComponent => ({
    code: c.code,
    name: c.name,
    required: c.required ?? true,
    originals: c.originals ?? 0,
    certifiedCopies: c.certifiedCopies ?? 0,
    photocopies: c.photocopies ?? 0,
  }));
  return {
    code: parsed.code,
    name: parsed.name,
    onlineLevel: parsed.onlineLevel,
    totalWorkingDays: parsed.totalWorkingDays,
    receivingAgencyCode: parsed.receivingAgencyCode,
    steps,
    ...(parsed.field != null ? { field: parsed.field } : {}),
    ...(parsed.level != null ? { level: parsed.level } : {}),
    ...(parsed.feeVnd != null ? { feeVnd: parsed.feeVnd } : {}),
    ...(parsed.description ? { description: parsed.description } : {}),
    ...(components.length > 0 ? { components } : {}),
    policy: {
      warningBeforeWorkingDays: policy.warningBeforeWorkingDays ?? DEFAULT_POLICY.warningBeforeWorkingDays,
      escalationLevel2AfterWorkingDays:
        policy.escalationLevel2AfterWorkingDays ?? DEFAULT_POLICY.escalationLevel2AfterWorkingDays,
      maxSupplementWaitWorkingDays:
        policy.maxSupplementWaitWorkingDays ?? DEFAULT_POLICY.maxSupplementWaitWorkingDays,
    },
    criticalPathWorkingDays,
  };
}
