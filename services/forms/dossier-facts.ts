// Turns the read model's rows (prisma/read-model/form-facts.ts) into the facts the forms print:
// agencies by name, each step judged against its own deadline on the working calendar, who asked,
// refused and apologised (signer.ts), the tracking URL and lookup key for the receipt's QR code.
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { ProcedureDefinition } from '../../domain/procedure/types';
import type {
  AgencyFacts,
  ApologyFacts,
  ComponentFacts,
  DossierFacts,
  StepFacts,
  StopFacts,
  SupplementFacts,
} from '../../forms/facts';
import {
  readAgencyNames,
  readApiKeyLabels,
  readSubmittingPerson,
  type DossierForForms,
} from '../../prisma/read-model/form-facts';
import type { PrismaClient } from '../../prisma/database';
import { deriveLookupKey } from '../reception/lookup-key';
import type { DossierFormState } from './form-kinds';
import { actingPersonOf, parseActorLabel, receiverOf, signerOf, type SignerDirectory } from './signer';

export interface FactsContext {
  prisma: PrismaClient;
  calendar: WorkingCalendar;
  timeZone: string;
  lookupKeySecret: string;
  publicBaseUrl: string;
}

type Payload = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const date = (v: unknown) => (typeof v === 'string' || v instanceof Date ? new Date(v) : undefined);

export function formStateOf(row: DossierForForms): DossierFormState {
  const event = (type: string) => row.events.filter((e) => e.type === type).at(-1);
  const supplement = row.supplement as { stepKey?: string } | null;
  const stepAgency = (key: unknown) => row.steps.find((s) => s.key === key)?.agencyCode;
  const refused = event('DOSSIER_REFUSED');
  return {
    status: row.status,
    receivingAgencyCode: row.receivingAgencyCode,
    stepAgencies: [...new Set(row.steps.map((s) => s.agencyCode))],
    supplementAgency: supplement?.stepKey ? stepAgency(supplement.stepKey) : undefined,
    refusalAgency: refused ? stepAgency((refused.payload as Payload).stepKey) : undefined,
    apologyAgency: row.apologies.at(-1)?.agencyCode,
  };
}

export async function dossierFactsOf(ctx: FactsContext, row: DossierForForms): Promise<DossierFacts> {
  const definition = row.definition as ProcedureDefinition | null;
  const actorIds = [...row.events.map((e) => e.actor), ...row.apologies.map((a) => a.issuedBy)]
    .map((label) => parseActorLabel(label).id)
    .filter((id): id is string => !!id);
  const [agencies, keyLabels, submittedBy] = await Promise.all([
    readAgencyNames(ctx.prisma, [row.receivingAgencyCode, ...row.steps.map((s) => s.agencyCode)]),
    readApiKeyLabels(ctx.prisma, actorIds),
    row.channel === 'ONLINE' ? null : readSubmittingPerson(ctx.prisma, row.code, row.submittedAt),
  ]);
  const agency = (code: string): AgencyFacts => agencies.get(code) ?? { code, name: code };
  const directory: SignerDirectory = { agencies, keyLabels };
  const desk = agency(row.receivingAgencyCode);
  const tz = ctx.timeZone;
  const events = (type: string) => row.events.filter((e) => e.type === type);
  const order = new Map((definition?.steps ?? []).map((s, i) => [s.key, i]));
  const completedNote = new Map(
    events('STEP_COMPLETED').map((e) => {
      const p = e.payload as Payload;
      const result = (p.result ?? {}) as Payload;
      return [String(p.stepKey), text(result.documentNo) ?? text(result.note)] as const;
    }),
  );
  const stepName = (key: string) => row.steps.find((s) => s.key === key)?.name ?? key;

  const steps = [...row.steps]
    .sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0))
    .map((s): StepFacts => {
      const note = completedNote.get(s.key);
      return {
        key: s.key,
        name: s.name,
        agency: agency(s.agencyCode),
        after: definition?.steps.find((d) => d.key === s.key)?.after ?? [],
        status: s.status,
        ...(s.startedAt ? { startedAt: s.startedAt } : {}),
        ...(s.dueAt ? { dueAt: s.dueAt } : {}),
        ...(s.completedAt ? { completedAt: s.completedAt } : {}),
        ...(s.status === 'DONE' && s.completedAt && s.dueAt
          ? { judgement: ctx.calendar.classifyCompletion(s.completedAt, s.dueAt) }
          : {}),
        ...(note ? { note } : {}),
      };
    });

  const requested = events('SUPPLEMENT_REQUESTED').at(-1);
  const supplementRow = row.supplement as Payload | null;
  let supplement: SupplementFacts | undefined;
  if (requested && supplementRow) {
    const p = requested.payload as Payload;
    const stepKey = String(p.stepKey);
    const by = agency(row.steps.find((s) => s.key === stepKey)?.agencyCode ?? row.receivingAgencyCode);
    supplement = {
      step: { key: stepKey, name: stepName(stepKey) },
      agency: by,
      items: Array.isArray(p.items) ? p.items.map(String) : [],
      components: (Array.isArray(p.components) ? p.components : []) as ComponentFacts[],
      ...(text(p.note) ? { note: text(p.note) } : {}),
      requestedAt: requested.occurredAt,
      ...(date(p.expiresAt) ? { expiresAt: date(p.expiresAt) } : {}),
      signer: signerOf(requested.actor, 'NGƯỜI YÊU CẦU BỔ SUNG', by, directory, actingPersonOf(p)),
    };
  }

  const refused = events('DOSSIER_REFUSED').at(-1);
  const refusalStep = refused ? text((refused.payload as Payload).stepKey) : undefined;
  const refusalAgency = agency(
    row.steps.find((s) => s.key === refusalStep)?.agencyCode ?? row.receivingAgencyCode,
  );

  const stopped = [...events('DOSSIER_STOPPED'), ...events('DOSSIER_WITHDRAWN')].at(-1);
  const stop: StopFacts | undefined = stopped
    ? {
        kind: stopped.type === 'DOSSIER_WITHDRAWN' ? 'WITHDRAWN' : 'STOPPED',
        reason:
          text((stopped.payload as Payload).reason) ??
          (stopped.type === 'DOSSIER_WITHDRAWN'
            ? 'Người nộp hồ sơ đề nghị rút hồ sơ.'
            : 'Hết thời hạn bổ sung hồ sơ.'),
        at: stopped.occurredAt,
        // Signed by the desk's head unless a signed-in officer stopped or withdrew it.
        signer: signerOf(undefined, 'THỦ TRƯỞNG CƠ QUAN', desk, directory, actingPersonOf(stopped.payload)),
      }
    : undefined;

  // A letter's APOLOGY_ISSUED event carries the letter's id and, when a person issued it, `by`.
  const apologyEvents = new Map(
    events('APOLOGY_ISSUED').map((e) => [String((e.payload as Payload).id), e.payload] as const),
  );
  const apologies = row.apologies.map((a, i): ApologyFacts => ({
    number: i + 1,
    step: { key: a.stepKey, name: stepName(a.stepKey) },
    agency: agency(a.agencyCode),
    reason: a.reason,
    previousDueAt: a.previousDueAt,
    newDueAt: a.newDueAt,
    legalDueAt: row.originalDueAt,
    issuedAt: a.issuedAt,
    signer: signerOf(
      a.issuedBy,
      'THỦ TRƯỞNG CƠ QUAN',
      agency(a.agencyCode),
      directory,
      actingPersonOf(apologyEvents.get(a.id)),
    ),
  }));

  const lookupKey = deriveLookupKey(ctx.lookupKeySecret, row.code);
  return {
    code: row.code,
    timeZone: tz,
    procedure: {
      code: row.procedureCode,
      name: definition?.name ?? row.procedureCode,
      totalWorkingDays: definition?.totalWorkingDays ?? 0,
      ...(definition?.feeVnd != null ? { feeVnd: definition.feeVnd } : {}),
    },
    applicant: {
      name: row.applicantName,
      idNumber: row.applicantIdNumber,
      ...(row.applicantPhone ? { phone: row.applicantPhone } : {}),
      ...(row.applicantEmail ? { email: row.applicantEmail } : {}),
      ...(text((row.formData as Payload | null)?.address)
        ? { address: text((row.formData as Payload).address) }
        : {}),
    },
    channel: row.channel,
    desk,
    submittedAt: row.submittedAt,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    originalDueAt: row.originalDueAt,
    ...(row.completedAt ? { completedAt: row.completedAt } : {}),
    status: row.status,
    ...(row.outcome ? { outcome: row.outcome } : {}),
    ...(row.registerVolume && row.registerNumber != null
      ? { register: { volume: row.registerVolume, number: row.registerNumber } }
      : {}),
    components: Array.isArray(row.components) ? (row.components as unknown as ComponentFacts[]) : null,
    steps,
    ...(supplement ? { supplement } : {}),
    ...(refused
      ? {
          refusal: {
            ...(refusalStep ? { step: { key: refusalStep, name: stepName(refusalStep) } } : {}),
            agency: refusalAgency,
            reason: text((refused.payload as Payload).reason) ?? '',
            at: refused.occurredAt,
            signer: signerOf(
              refused.actor,
              'NGƯỜI TỪ CHỐI',
              refusalAgency,
              directory,
              actingPersonOf(refused.payload),
            ),
          },
        }
      : {}),
    apologies,
    ...(stop ? { stop } : {}),
    trackingUrl: trackingUrlOf(ctx.publicBaseUrl, row.code, lookupKey),
    lookupKey,
    receiver: receiverOf(row.channel, desk, submittedBy ?? undefined),
  };
}

/** Public tracking of one dossier, as the receipt's QR code opens it. */
export function trackingUrlOf(publicBaseUrl: string, code: string, lookupKey: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return `${base}/tra-cuu?code=${encodeURIComponent(code)}&key=${encodeURIComponent(lookupKey)}`;
}
