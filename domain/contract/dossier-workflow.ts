// The contract between the API, the worker and the dossier workflow: workflow ids, input and state
// types, and every query/update/signal definition. GraphQL and workflows both import from here,
// never from each other. `@temporalio/workflow`'s define* functions are safe to call outside a workflow.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarSnapshot } from '../calendar/types';
import type { AgencyOutcome } from './agency-answer';
import type { ProcedureDefinition, SubmittedComponent } from '../procedure/types';
import type { ComponentCount } from '../procedure/components';

export const DEFAULT_TASK_QUEUE = 'lien-thong';

/** The dossier workflow's type name (its function's name in `workflows/`): starts and visibility queries use it. */
export const DOSSIER_WORKFLOW_TYPE = 'dossierWorkflow';

/** The dossier workflow's signature, so starts are typed without importing workflow code. */
export type DossierWorkflow = (input: DossierWorkflowInput) => Promise<DossierState>;

export const workflowIdForDossier = (dossierCode: string) => `dossier/${dossierCode}`;

export type DossierStatus =
  'IN_PROGRESS' | 'WAITING_SUPPLEMENT' | 'COMPLETED' | 'REFUSED' | 'WITHDRAWN' | 'STOPPED';
export type StepStatus = 'PENDING' | 'ACTIVE' | 'WAITING_SUPPLEMENT' | 'DONE' | 'FAILED' | 'CANCELLED';
export type Outcome = 'EARLY' | 'ON_TIME' | 'LATE';
export type EscalationReason = 'STEP_OVERDUE' | 'DOSSIER_OVERDUE' | 'INTEGRATION_FAILURE';
export type EscalationStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

/** Who acts. The API authenticates the caller and passes this; the workflow checks it may act. */
export interface Actor {
  kind: 'AGENCY' | 'DESK' | 'APPLICANT' | 'PORTAL' | 'SUPERVISOR' | 'ADMIN' | 'SYSTEM';
  /** A stable identifier of the principal (API key id, account id, "applicant", "system"); never the applicant's personal data. */
  id: string;
  /** For AGENCY and DESK actors: the agency they act for. */
  agencyCode?: string;
  /**
   * The officer who acted, when a person signed in with an account (absent for API keys): recorded
   * with the event (`payload.by`) for the trail and the signature blocks of printed forms.
   */
  person?: { name: string; title: string };
}

export interface DossierWorkflowInput {
  dossierCode: string;
  procedure: ProcedureDefinition & { version: number };
  /** ISO instants. `receivedAt` is already normalised to working time. */
  receivedAt: string;
  dueAt: string;
  calendar: CalendarSnapshot;
  /** The supervising body of each agency the procedure involves (where escalations climb). */
  supervisors: Record<string, string | null>;
  formData?: unknown;
  /** What was handed in per document component; absent for dossiers received before components existed. */
  components?: SubmittedComponent[];
  /** Set when the workflow continues as new: the state to carry on from. */
  resume?: DossierState;
  /** History length that triggers continue-as-new (default in the workflow); tests set it low. */
  continueAsNewAfterEvents?: number;
}

export interface StepState {
  key: string;
  name: string;
  agencyCode: string;
  mode: 'SYSTEM' | 'MANUAL';
  status: StepStatus;
  startedAt?: string;
  dueAt?: string;
  warnAt?: string;
  warnedAt?: string;
  completedAt?: string;
  /** Working minutes this step's clock stood still while the applicant supplemented. */
  pausedMinutes: number;
  /** Completed after its deadline: the lateness is attributed to this step's agency. */
  late?: boolean;
  /** Reference the agency's system gave the work item (for SYSTEM steps). */
  reference?: string;
  result?: Record<string, unknown>;
  failure?: string;
  /** How many times the step was handed to the agency's system (retryStep adds one). */
  deliveries: number;
  /** The work item must be (re)sent to the agency's system: kept in state so it survives continue-as-new. */
  deliveryPending?: boolean;
}

export interface EscalationState {
  id: string;
  reason: EscalationReason;
  stepKey?: string;
  /** The agency responsible for the lateness or failure. */
  agencyCode: string;
  /** 1: the agency's head; 2: the supervising body. */
  level: 1 | 2;
  /** Who must act: the agency itself at level 1, its supervising body at level 2. */
  targetAgencyCode: string | null;
  status: EscalationStatus;
  raisedAt: string;
  climbAt?: string;
  climbedAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  note?: string;
}

export interface ApologyState {
  id: string;
  stepKey: string;
  agencyCode: string;
  reason: string;
  previousDueAt: string;
  newDueAt: string;
  issuedAt: string;
  issuedBy: string;
}

export interface SupplementState {
  stepKey: string;
  items: string[];
  /** Components of the procedure asked for again, with the copies wanted of each kind. */
  components?: SubmittedComponent[];
  note?: string;
  requestedAt: string;
  requestedBy: string;
  /** The dossier is stopped if nothing arrives by then. */
  expiresAt: string;
  providedAt?: string;
  providedBy?: string;
  pausedMinutes?: number;
}

export interface DossierState {
  dossierCode: string;
  procedureCode: string;
  status: DossierStatus;
  receivedAt: string;
  /** The promised return date: moved by apologies and supplement pauses. */
  dueAt: string;
  /** The legal due date (moved only by supplement pauses): statistics count lateness against it. */
  originalDueAt: string;
  /** The date promised by the latest apology, before any later pause moved it. */
  promisedDueAt?: string;
  completedAt?: string;
  outcome?: Outcome;
  /**
   * Set when the dossier is COMPLETED: working minutes from the (normalised) receipt to completion on
   * the dossier's calendar, minus `pausedMinutes` (time waiting for the applicant's supplement).
   * The statistics' average processing time is built from it (read model `processing_working_minutes`).
   */
  processingWorkingMinutes?: number;
  /** Why the dossier was refused, withdrawn or stopped. */
  statusReason?: string;
  lateStepKey?: string;
  currentAgencies: string[];
  pausedMinutes: number;
  /** Working minutes paused since the latest apology (they move the promised date too). */
  pausedSincePromise: number;
  dossierOverdueFor?: string;
  steps: StepState[];
  supplement?: SupplementState;
  escalations: EscalationState[];
  apologies: ApologyState[];
  calendarVersion: number;
  /** Sequence number of the last event the workflow emitted. */
  lastEventSeq: number;
}

/** One append-only audit event. */
export interface DossierEventRecord {
  seq: number;
  type: string;
  actor: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** Events plus the state they leave the dossier in: what the read model receives. */
export interface ReadModelUpdate {
  state: DossierState;
  events: DossierEventRecord[];
}

// Agency and officer actions: Updates, so the caller gets a validated answer; a refused action
// fails in its validator and leaves no trace in the workflow's history.
export interface ExpiringAction {
  /**
   * ISO instant after which the workflow refuses the action (ACTION_EXPIRED): the API stops waiting
   * then and tells the caller nothing was done, which must stay true (services/actions/engine-deadline.ts).
   */
  expiresAt?: string;
}
interface ActorAction extends ExpiringAction {
  actor: Actor;
}
export interface CompleteStepArgs extends ActorAction {
  stepKey: string;
  result?: Record<string, unknown>;
}
export interface RequestSupplementArgs extends ActorAction {
  stepKey: string;
  /** Free-text items; may be empty when `components` names what is missing. */
  items: string[];
  /** Components of the procedure version, by code, with the copies wanted of each kind. */
  components?: ComponentCount[];
  note?: string;
}
export interface ProvideSupplementArgs extends ActorAction {
  note?: string;
}
export interface RefuseDossierArgs extends ActorAction {
  stepKey: string;
  reason: string;
}
export interface WithdrawDossierArgs extends ActorAction {
  reason?: string;
}
export interface IssueApologyArgs extends ActorAction {
  stepKey: string;
  reason: string;
  newDueAt: string;
}
export interface EscalationActionArgs extends ActorAction {
  escalationId: string;
  note?: string;
}
export interface RetryStepArgs extends ActorAction {
  stepKey: string;
}
/** An agency system's callback for a work item it accepted earlier (verified by the API). */
export interface AgencyOutcomeArgs extends AgencyOutcome, ExpiringAction {}

export const completeStepUpdate = defineUpdate<DossierState, [CompleteStepArgs]>('completeStep');
export const requestSupplementUpdate = defineUpdate<DossierState, [RequestSupplementArgs]>(
  'requestSupplement',
);
export const provideSupplementUpdate = defineUpdate<DossierState, [ProvideSupplementArgs]>(
  'provideSupplement',
);
export const refuseDossierUpdate = defineUpdate<DossierState, [RefuseDossierArgs]>('refuseDossier');
export const withdrawDossierUpdate = defineUpdate<DossierState, [WithdrawDossierArgs]>('withdrawDossier');
export const issueApologyUpdate = defineUpdate<DossierState, [IssueApologyArgs]>('issueApology');
export const acknowledgeEscalationUpdate = defineUpdate<DossierState, [EscalationActionArgs]>(
  'acknowledgeEscalation',
);
export const resolveEscalationUpdate = defineUpdate<DossierState, [EscalationActionArgs]>(
  'resolveEscalation',
);
export const retryStepUpdate = defineUpdate<DossierState, [RetryStepArgs]>('retryStep');
export const agencyOutcomeUpdate = defineUpdate<DossierState, [AgencyOutcomeArgs]>('agencyOutcome');

/** A new calendar revision: running dossiers re-project their deadlines onto it. */
export const calendarChangedSignal = defineSignal<[CalendarSnapshot]>('calendarChanged');
export const dossierStateQuery = defineQuery<DossierState>('dossierState');
