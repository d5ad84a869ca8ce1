// What the printed forms are filled from (services/forms/ turns these rows into the forms' facts):
// the dossier with its steps, apology letters and the events that carry who asked for a supplement,
// who refused and why the dossier stopped; the procedure version it runs; the agencies' names; the
// labels of the API keys that acted (the signer when no person signed in), the person who submitted
// at the counter (from the audit trail); the desk's register.
// Prisma reads: a form is printed now and then, not on a hot path.
import type { PrismaClient } from '../generated/client/client';

/** Events whose payload and actor the forms print. */
const FORM_EVENT_TYPES = [
  'DOSSIER_RECEIVED',
  'SUPPLEMENT_REQUESTED',
  'DOSSIER_REFUSED',
  'DOSSIER_STOPPED',
  'DOSSIER_WITHDRAWN',
  'APOLOGY_ISSUED',
  'STEP_COMPLETED',
];

export async function readDossierForForms(prisma: PrismaClient, code: string) {
  const dossier = await prisma.dossier.findUnique({
    where: { code },
    include: {
      steps: true,
      apologies: { orderBy: { issuedAt: 'asc' } },
      events: { where: { type: { in: FORM_EVENT_TYPES } }, orderBy: { seq: 'asc' } },
    },
  });
  if (!dossier) return null;
  const version = await prisma.procedureVersion.findUnique({
    where: {
      procedureCode_version: { procedureCode: dossier.procedureCode, version: dossier.procedureVersion },
    },
    select: { definition: true },
  });
  return { ...dossier, definition: version?.definition ?? null };
}

export type DossierForForms = NonNullable<Awaited<ReturnType<typeof readDossierForForms>>>;

/** Names of the agencies and of their supervising bodies, by code. */
export async function readAgencyNames(
  prisma: PrismaClient,
  codes: readonly string[],
): Promise<Map<string, { code: string; name: string; parentName?: string }>> {
  const rows = await prisma.agency.findMany({
    where: { code: { in: [...new Set(codes)] } },
    select: { code: true, name: true, parent: { select: { name: true } } },
  });
  return new Map(
    rows.map((a) => [
      a.code,
      { code: a.code, name: a.name, ...(a.parent ? { parentName: a.parent.name } : {}) },
    ]),
  );
}

/** Labels of API keys by id (revoked ones too: a paper names who acted then). */
export async function readApiKeyLabels(
  prisma: PrismaClient,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.apiKey.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, label: true },
  });
  return new Map(rows.filter((r) => r.label).map((r) => [r.id, r.label!]));
}

/**
 * The person who submitted a dossier, from the audit trail's submitDossier row (reception records
 * no dossier event with a person). The row is written right after the submission, so the search
 * stays within minutes of `submittedAt` on the (action, occurred_at) index. Null for API keys.
 */
export async function readSubmittingPerson(
  prisma: PrismaClient,
  code: string,
  submittedAt: Date,
): Promise<{ name: string; title: string } | null> {
  const row = await prisma.auditEvent.findFirst({
    where: {
      action: 'submitDossier',
      target: code,
      outcome: 'OK',
      occurredAt: {
        gte: new Date(submittedAt.getTime() - SUBMISSION_AUDIT_SLACK_MS),
        lte: new Date(submittedAt.getTime() + SUBMISSION_AUDIT_SLACK_MS),
      },
    },
    select: { personName: true, personTitle: true },
  });
  return row?.personName ? { name: row.personName, title: row.personTitle ?? '' } : null;
}

/** How far apart the API's submission time and its audit row (the database's clock) may be. */
const SUBMISSION_AUDIT_SLACK_MS = 10 * 60_000;

/** The dossiers a desk received in [from, to), in the order of its tracking book. */
export function readRegister(prisma: PrismaClient, agencyCode: string, from: Date, to: Date) {
  return prisma.dossier.findMany({
    where: { receivingAgencyCode: agencyCode, receivedAt: { gte: from, lt: to } },
    select: {
      code: true,
      registerVolume: true,
      registerNumber: true,
      applicantName: true,
      procedureCode: true,
      procedureVersion: true,
      receivedAt: true,
      dueAt: true,
      originalDueAt: true,
      completedAt: true,
      resultReturnedAt: true,
      status: true,
      outcome: true,
    },
    orderBy: [{ receivedAt: 'asc' }, { code: 'asc' }],
    take: MAX_REGISTER_ROWS + 1,
  });
}

/** A register longer than this is refused: ask for a shorter period. */
export const MAX_REGISTER_ROWS = 2000;

/** Names of procedures by code (their current version's). */
export async function readProcedureNames(
  prisma: PrismaClient,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const rows = await prisma.procedure.findMany({
    where: { code: { in: [...new Set(codes)] } },
    select: { code: true, name: true },
  });
  return new Map(rows.map((r) => [r.code, r.name]));
}
