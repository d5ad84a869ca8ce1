// Registers a dossier and starts its workflow. Idempotent without a check-then-act race: the
// idempotency key is unique in the database (the first insert wins, a concurrent twin reads the
// winner's row), and the workflow id is derived from the receipt code with the USE_EXISTING
// conflict policy, so a replay (or a retry after a crash between the two) starts nothing twice.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { z } from 'zod';
import { WorkingCalendar } from '../domain/calendar/working-calendar';
import type { CalendarSnapshot } from '../domain/calendar/types';
import { workflowIdForDossier, type DossierWorkflowInput } from '../domain/dossier/contract';
import { dossierSearchAttributes } from '../domain/dossier/search-attributes';
import { DomainError } from '../domain/errors';
import type { ProcedureDefinition } from '../domain/procedure/types';
import type { Dossier } from '../prisma/generated/client/client';
import type { PrismaClient } from '../prisma/database';
import { deriveLookupKey, hashLookupKey } from './lookup-key';
import { allocateReceiptCode, receiptDay } from './receipt-code';

export const submitDossierInputSchema = z.object({
  procedureCode: z.string().trim().min(1).max(64),
  applicant: z.object({
    name: z.string().trim().min(1).max(200),
    idNumber: z.string().trim().regex(/^[0-9A-Za-z]{6,20}$/, 'must be 6-20 letters or digits'),
    phone: z.string().trim().regex(/^\+?[0-9 .-]{6,20}$/, 'must be a phone number').nullish(),
    email: z.email().max(200).nullish(),
  }),
  channel: z.enum(['ONLINE', 'COUNTER', 'POST']),
  formData: z.unknown().optional(),
  idempotencyKey: z.string().trim().min(8).max(128),
});
export type SubmitDossierInput = z.input<typeof submitDossierInputSchema>;

export interface ReceptionDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  lookupKeySecret: string;
  calendar(): Promise<CalendarSnapshot>;
  now?: () => Date;
  /** History length at which a dossier's workflow continues as new (the workflow has a default). */
  continueAsNewAfterEvents?: number;
}

export interface SubmissionResult {
  dossier: Dossier;
  lookupKey: string;
  /** False when the idempotency key had already been used: the earlier dossier is returned. */
  created: boolean;
}

export interface SubmissionOptions {
  /** A reception officer's desk: the dossier must be one this agency receives. */
  receivingDesk?: string;
}

export async function submitDossier(
  deps: ReceptionDeps,
  rawInput: SubmitDossierInput,
  options: SubmissionOptions = {},
): Promise<SubmissionResult> {
  const parsed = submitDossierInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const input = parsed.data;
  const earlier = await deps.prisma.dossier.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (earlier) {
    requireDesk(options, earlier.receivingAgencyCode);
    return replay(deps, earlier, input);
  }

  const procedure = await deps.prisma.procedure.findUnique({
    where: { code: input.procedureCode },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  });
  if (!procedure?.versions[0]) {
    throw new DomainError('PROCEDURE_NOT_FOUND', `No procedure with code ${input.procedureCode}`);
  }
  requireDesk(options, procedure.receivingAgencyCode);
  const snapshot = await deps.calendar();
  const calendar = new WorkingCalendar(snapshot);
  const submittedAt = (deps.now ?? (() => new Date()))();
  const receivedAt = calendar.normaliseReceipt(submittedAt);
  const dueAt = calendar.addWorkingDays(receivedAt, procedure.totalWorkingDays);
  const day = receiptDay(submittedAt, snapshot.officeHours.timeZone);
  const code = await allocateReceiptCode(deps.prisma, procedure.receivingAgencyCode, day);
  const lookupKey = deriveLookupKey(deps.lookupKeySecret, code);

  const inserted = await deps.prisma.$queryRaw<{ code: string }[]>`
    INSERT INTO dossier (code, workflow_id, idempotency_key, procedure_code, procedure_version, receiving_agency_code,
      channel, status, applicant_name, applicant_id_number, applicant_phone, applicant_email, form_data, lookup_key_hash,
      submitted_at, received_at, due_at, original_due_at, current_agencies, last_event_seq, updated_at)
    VALUES (${code}, ${workflowIdForDossier(code)}, ${input.idempotencyKey}, ${procedure.code}, ${procedure.versions[0].version},
      ${procedure.receivingAgencyCode}, ${input.channel}::"Channel", 'IN_PROGRESS'::"DossierStatus", ${input.applicant.name},
      ${input.applicant.idNumber}, ${input.applicant.phone ?? null}, ${input.applicant.email ?? null},
      ${input.formData === undefined ? null : JSON.stringify(input.formData)}::jsonb, ${hashLookupKey(lookupKey)},
      ${submittedAt}, ${receivedAt}, ${dueAt}, ${dueAt}, ARRAY[]::text[], 0, now())
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING code`;
  if (inserted.length === 0) {
    // A concurrent twin with the same key won the insert; its dossier is the answer.
    const winner = await deps.prisma.dossier.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
    return replay(deps, winner, input);
  }
  const definition = procedure.versions[0].definition as unknown as ProcedureDefinition;
  // Every step shows as PENDING from the first answer; the workflow's updates take it from there.
  await deps.prisma.dossierStep.createMany({
    data: definition.steps.map((s) => ({ dossierCode: code, key: s.key, name: s.name, agencyCode: s.agencyCode, mode: s.mode, status: 'PENDING' as const })),
    skipDuplicates: true,
  });
  const dossier = await deps.prisma.dossier.findUniqueOrThrow({ where: { code } });
  await startDossierWorkflow(deps, dossier, definition, snapshot);
  return { dossier, lookupKey, created: true };
}

function requireDesk(options: SubmissionOptions, receivingAgencyCode: string): void {
  if (options.receivingDesk && options.receivingDesk !== receivingAgencyCode) {
    throw new DomainError('FORBIDDEN', `Dossiers of this procedure are received by ${receivingAgencyCode}, not ${options.receivingDesk}`);
  }
}

async function replay(deps: ReceptionDeps, dossier: Dossier, input: z.infer<typeof submitDossierInputSchema>) {
  if (dossier.procedureCode !== input.procedureCode || dossier.applicantIdNumber !== input.applicant.idNumber) {
    throw new DomainError(
      'IDEMPOTENCY_CONFLICT',
      'This idempotency key was already used for a different submission; use a new key for a new dossier.',
    );
  }
  // The first attempt may have stopped between the insert and the start: make sure it runs.
  await ensureDossierWorkflow(deps, dossier);
  return { dossier, lookupKey: deriveLookupKey(deps.lookupKeySecret, dossier.code), created: false };
}

/** Starts the dossier's workflow unless it exists (or existed): for replays and reconciliation. */
export async function ensureDossierWorkflow(deps: ReceptionDeps, dossier: Dossier): Promise<void> {
  const version = await deps.prisma.procedureVersion.findUniqueOrThrow({
    where: { procedureCode_version: { procedureCode: dossier.procedureCode, version: dossier.procedureVersion } },
  });
  await startDossierWorkflow(deps, dossier, version.definition as unknown as ProcedureDefinition, await deps.calendar());
}

async function startDossierWorkflow(
  deps: ReceptionDeps,
  dossier: Dossier,
  procedure: ProcedureDefinition,
  calendar: CalendarSnapshot,
): Promise<void> {
  const involved = [procedure.receivingAgencyCode, ...procedure.steps.map((s) => s.agencyCode)];
  const agencies = await deps.prisma.agency.findMany({ where: { code: { in: involved } }, select: { code: true, parentCode: true } });
  const input: DossierWorkflowInput = {
    dossierCode: dossier.code,
    supervisors: Object.fromEntries(agencies.map((a) => [a.code, a.parentCode])),
    procedure: { ...procedure, version: dossier.procedureVersion },
    receivedAt: dossier.receivedAt.toISOString(),
    dueAt: dossier.dueAt.toISOString(),
    calendar,
    formData: dossier.formData ?? undefined,
    continueAsNewAfterEvents: deps.continueAsNewAfterEvents,
  };
  try {
    await deps.temporal.workflow.start('dossierWorkflow', {
      taskQueue: deps.taskQueue,
      workflowId: dossier.workflowId,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: dossierSearchAttributes(
        { status: 'IN_PROGRESS', currentAgencies: [], dueAt: input.dueAt },
        dossier.procedureCode,
      ),
    });
  } catch (err) {
    // Already ran to its end: nothing to start.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
