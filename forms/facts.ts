// The plain facts the forms are printed from. The services gather them from the read model and the
// dossier's recorded events (services/forms/); the builders here only lay them out, so each form can
// be tested from facts written by hand, and the same facts always give the same bytes.

export interface AgencyFacts {
  code: string;
  name: string;
  /** The supervising body's name, printed above the agency's in the header ("UBND HUYỆN AN PHÚ"). */
  parentName?: string;
}

/** Who signs for an action: today the recorded actor (services/forms/signer.ts), later a person. */
export interface Signer {
  /** The signature block's heading, e.g. "NGƯỜI TIẾP NHẬN". */
  role: string;
  /** Printed under the space for the signature. */
  name: string;
  /** A line under the name: the title or the agency. */
  title?: string;
}

export interface ComponentFacts {
  code: string;
  name: string;
  originals: number;
  certifiedCopies: number;
  photocopies: number;
}

export type Judgement = 'EARLY' | 'ON_TIME' | 'LATE';

export interface StepFacts {
  key: string;
  name: string;
  agency: AgencyFacts;
  /** Steps that must finish before this one (the procedure version's graph). */
  after: string[];
  status: 'PENDING' | 'ACTIVE' | 'WAITING_SUPPLEMENT' | 'DONE' | 'FAILED' | 'CANCELLED';
  startedAt?: Date;
  dueAt?: Date;
  completedAt?: Date;
  /** Completion judged against this step's own deadline (set when done). */
  judgement?: Judgement;
  /** The agency's note or document number, when it gave one. */
  note?: string;
}

export interface SupplementFacts {
  step: { key: string; name: string };
  agency: AgencyFacts;
  items: string[];
  components: ComponentFacts[];
  note?: string;
  requestedAt: Date;
  expiresAt?: Date;
  signer: Signer;
}

export interface RefusalFacts {
  step?: { key: string; name: string };
  agency: AgencyFacts;
  reason: string;
  at: Date;
  signer: Signer;
}

export interface ApologyFacts {
  /** 1-based: the dossier's n-th apology letter. */
  number: number;
  step: { key: string; name: string };
  agency: AgencyFacts;
  reason: string;
  previousDueAt: Date;
  newDueAt: Date;
  /** The legal due date, which stays on record. */
  legalDueAt: Date;
  issuedAt: Date;
  signer: Signer;
}

export interface StopFacts {
  kind: 'STOPPED' | 'WITHDRAWN';
  reason: string;
  at: Date;
  signer: Signer;
}

export interface DossierFacts {
  code: string;
  timeZone: string;
  procedure: { code: string; name: string; totalWorkingDays: number; feeVnd?: number };
  applicant: { name: string; idNumber: string; phone?: string; email?: string; address?: string };
  channel: 'ONLINE' | 'COUNTER' | 'POST';
  /** The one-stop desk that received the dossier and returns the result. */
  desk: AgencyFacts;
  submittedAt: Date;
  receivedAt: Date;
  /** The promised date (moved by apologies and supplement pauses). */
  dueAt: Date;
  /** The legal date. */
  originalDueAt: Date;
  completedAt?: Date;
  status: 'IN_PROGRESS' | 'WAITING_SUPPLEMENT' | 'COMPLETED' | 'REFUSED' | 'WITHDRAWN' | 'STOPPED';
  outcome?: Judgement;
  register?: { volume: string; number: number };
  /** Null when the submission listed none (clients from before components existed). */
  components: ComponentFacts[] | null;
  steps: StepFacts[];
  supplement?: SupplementFacts;
  refusal?: RefusalFacts;
  apologies: ApologyFacts[];
  stop?: StopFacts;
  /** Public tracking for this dossier (code and lookup key), encoded in the receipt's QR code. */
  trackingUrl: string;
  lookupKey: string;
  /** The officer who received the dossier at the desk (or the desk's system for online filings). */
  receiver: Signer;
}

/** One dossier's row in the desk's register. */
export interface RegisterRow {
  code: string;
  register?: { volume: string; number: number };
  applicantName: string;
  procedureName: string;
  receivedAt: Date;
  dueAt: Date;
  originalDueAt: Date;
  completedAt?: Date;
  /** When the desk handed the result back (recordResultReturned); absent while it waits to be collected. */
  resultReturnedAt?: Date;
  status: DossierFacts['status'];
  outcome?: Judgement;
}

export interface RegisterFacts {
  desk: AgencyFacts;
  timeZone: string;
  /** The period [from, to). */
  from: Date;
  to: Date;
  /** When the register was printed; fixed by the caller so the same period prints the same bytes. */
  printedAt: Date;
  rows: RegisterRow[];
}
