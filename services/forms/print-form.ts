// Prints a dossier's form, or a desk's register, for a caller: finds the dossier (a citizen by code
// and lookup key, under the lookup throttle), checks the caller may have that paper and that it
// applies, gathers the facts and renders the PDF. Refusals are coded: DOSSIER_NOT_FOUND, FORBIDDEN,
// FORM_NOT_APPLICABLE, VALIDATION_FAILED; nothing is printed for them.
import { tryParseIsoDate } from '../../domain/calendar/dates';
import { ZoneClock } from '../../domain/calendar/zone';
import { DomainError } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { buildApology } from '../../forms/apology';
import { buildControlSheet } from '../../forms/control-sheet';
import type { DossierFacts, RegisterFacts } from '../../forms/facts';
import { toPdf, type PrintedForm } from '../../forms/printed-form';
import { buildReceipt } from '../../forms/receipt';
import { buildRefusal } from '../../forms/refusal';
import { buildRegister } from '../../forms/register';
import { buildStopNotice } from '../../forms/stop-notice';
import { buildSupplementRequest } from '../../forms/supplement-request';
import {
  MAX_REGISTER_ROWS,
  readAgencyNames,
  readDossierForForms,
  readProcedureNames,
  readRegister,
  type DossierForForms,
} from '../../prisma/read-model/form-facts';
import type { ApiServices } from '../create-services';
import { findWithLookupKey } from '../access/lookup-throttle';
import { workingCalendarOf } from '../catalog/calendar';
import { dossierFactsOf, formStateOf } from './dossier-facts';
import {
  mayPrint,
  mayPrintRegister,
  notApplicableBecause,
  seesDossier,
  type DossierFormKind,
} from './form-kinds';

export type FormServices = Pick<
  ApiServices,
  'prisma' | 'calendar' | 'lookupKeySecret' | 'lookupThrottle' | 'publicBaseUrl'
>;

export interface FormCaller {
  /** Null for a citizen, who must give the lookup key. */
  principal: Principal | null;
  lookupKey?: string | null;
  clientIp: string;
}

const notFound = (code: string) => new DomainError('DOSSIER_NOT_FOUND', `No dossier ${code} for this caller`);

async function dossierFor(
  services: FormServices,
  caller: FormCaller,
  code: string,
): Promise<DossierForForms> {
  if (caller.principal) {
    const row = await readDossierForForms(services.prisma, code);
    if (!row || !seesDossier(caller.principal, formStateOf(row))) throw notFound(code);
    return row;
  }
  const found = await findWithLookupKey(
    { clientIp: caller.clientIp, lookupKey: caller.lookupKey ?? null, throttle: services.lookupThrottle },
    code,
    async () => {
      const row = code.length <= 64 ? await readDossierForForms(services.prisma, code) : null;
      return row ? { row, lookupKeyHash: row.lookupKeyHash } : null;
    },
  );
  return found.row;
}

function build(kind: DossierFormKind, facts: DossierFacts): PrintedForm {
  switch (kind) {
    case 'receipt':
      return buildReceipt(facts);
    case 'supplement-request':
      return buildSupplementRequest(facts, facts.supplement!);
    case 'refusal':
      return buildRefusal(facts, facts.refusal!);
    case 'apology':
      return buildApology(facts, facts.apologies.at(-1)!);
    case 'stop-notice':
      return buildStopNotice(facts, facts.stop!);
    case 'control-sheet':
      return buildControlSheet(facts);
  }
}

export async function printDossierForm(
  services: FormServices,
  caller: FormCaller,
  code: string,
  kind: DossierFormKind,
): Promise<Buffer> {
  const row = await dossierFor(services, caller, code);
  const state = formStateOf(row);
  if (!mayPrint(caller.principal, kind, state)) {
    throw new DomainError('FORBIDDEN', `This caller may not print the ${kind} of ${code}`);
  }
  const why = notApplicableBecause(kind, state);
  if (why) throw new DomainError('FORM_NOT_APPLICABLE', `${kind}: ${why}`, { form: kind });
  const snapshot = await services.calendar();
  const facts = await dossierFactsOf(
    {
      prisma: services.prisma,
      calendar: workingCalendarOf(snapshot),
      timeZone: snapshot.officeHours.timeZone,
      lookupKeySecret: services.lookupKeySecret,
      publicBaseUrl: services.publicBaseUrl ?? 'http://localhost:4000',
    },
    row,
  );
  return toPdf(build(kind, facts));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** At most a year per register: one book a year. */
const MAX_PERIOD_DAYS = 366;

export interface RegisterRequest {
  agencyCode: string;
  /** First and last day (YYYY-MM-DD, both included) in the desk's time zone. */
  from: string;
  to: string;
}

export async function printRegister(
  services: FormServices,
  principal: Principal | null,
  request: RegisterRequest,
): Promise<Buffer> {
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'The register needs an API key');
  if (!DAY.test(request.from) || !DAY.test(request.to) || !request.agencyCode) {
    throw new DomainError('VALIDATION_FAILED', 'Give agency, from and to (YYYY-MM-DD, both days included)', {
      field: 'from,to',
    });
  }
  if (!mayPrintRegister(principal, request.agencyCode)) {
    throw new DomainError('FORBIDDEN', `This caller may not print the register of ${request.agencyCode}`);
  }
  const fromDay = tryParseIsoDate(request.from);
  const toDay = tryParseIsoDate(request.to);
  if (fromDay === undefined || toDay === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'from and to must be real dates (YYYY-MM-DD)', {
      field: 'from,to',
    });
  }
  const snapshot = await services.calendar();
  // Local midnights in the desk's zone: [first day 00:00, the day after the last 00:00).
  const zone = new ZoneClock(snapshot.officeHours.timeZone);
  const from = new Date(zone.toInstant(fromDay, 0));
  const to = new Date(zone.toInstant(toDay + 1, 0));
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  if (!(days > 0) || days > MAX_PERIOD_DAYS) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The period must run forward and span at most ${MAX_PERIOD_DAYS} days`,
      {
        field: 'from,to',
      },
    );
  }
  const [agencies, rows] = await Promise.all([
    readAgencyNames(services.prisma, [request.agencyCode]),
    readRegister(services.prisma, request.agencyCode, from, to),
  ]);
  const desk = agencies.get(request.agencyCode);
  if (!desk) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${request.agencyCode}`);
  if (rows.length > MAX_REGISTER_ROWS) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `More than ${MAX_REGISTER_ROWS} dossiers: ask for a shorter period`,
    );
  }
  const names = await readProcedureNames(
    services.prisma,
    rows.map((r) => r.procedureCode),
  );
  // The paper's date is its latest fact (never the clock), so the same period prints the same bytes.
  const latest = Math.max(
    from.getTime(),
    ...rows.flatMap((r) => [
      r.receivedAt.getTime(),
      r.completedAt?.getTime() ?? 0,
      r.resultReturnedAt?.getTime() ?? 0,
    ]),
  );
  const facts: RegisterFacts = {
    desk,
    timeZone: snapshot.officeHours.timeZone,
    from,
    to,
    printedAt: new Date(latest),
    rows: rows.map((r) => ({
      code: r.code,
      ...(r.registerVolume && r.registerNumber != null
        ? { register: { volume: r.registerVolume, number: r.registerNumber } }
        : {}),
      applicantName: r.applicantName,
      procedureName: names.get(r.procedureCode) ?? r.procedureCode,
      receivedAt: r.receivedAt,
      dueAt: r.dueAt,
      originalDueAt: r.originalDueAt,
      ...(r.completedAt ? { completedAt: r.completedAt } : {}),
      ...(r.resultReturnedAt ? { resultReturnedAt: r.resultReturnedAt } : {}),
      status: r.status,
      ...(r.outcome ? { outcome: r.outcome } : {}),
    })),
  };
  return toPdf(buildRegister(facts));
}
