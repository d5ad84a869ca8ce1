// The contract between the API, the worker and the dossier workflow: workflow ids, input and state
// types, and every query/update/signal definition. GraphQL and workflows both import from here,
// never from each other. `@temporalio/workflow`'s define* functions are safe to call outside a workflow.
import { defineQuery } from '@temporalio/workflow';
import type { CalendarSnapshot } from '../calendar/types';
import type { ProcedureDefinition } from '../procedure/types';

export const DEFAULT_TASK_QUEUE = 'lien-thong';

export const workflowIdForDossier = (dossierCode: string) => `dossier/${dossierCode}`;

export type DossierStatus = 'IN_PROGRESS' | 'WAITING_SUPPLEMENT' | 'COMPLETED' | 'REFUSED' | 'WITHDRAWN' | 'STOPPED';
export type StepStatus = 'PENDING' | 'ACTIVE' | 'WAITING_SUPPLEMENT' | 'DONE' | 'FAILED' | 'CANCELLED';
export type Outcome = 'EARLY' | 'ON_TIME' | 'LATE';

export interface DossierWorkflowInput {
  dossierCode: string;
  procedure: ProcedureDefinition & { version: number };
  /** ISO instants. `receivedAt` is already normalised to working time. */
  receivedAt: string;
  dueAt: string;
  calendar: CalendarSnapshot;
  formData?: unknown;
}

export interface StepState {
  key: string;
  name: string;
  agencyCode: string;
  status: StepStatus;
  startedAt?: string;
  dueAt?: string;
  completedAt?: string;
  result?: Record<string, unknown>;
}

export interface DossierState {
  dossierCode: string;
  status: DossierStatus;
  receivedAt: string;
  dueAt: string;
  originalDueAt: string;
  completedAt?: string;
  outcome?: Outcome;
  currentAgencies: string[];
  steps: StepState[];
  /** Sequence number of the last event the workflow emitted. */
  lastEventSeq: number;
}

/** One append-only audit event plus the state it leaves the dossier in (the read model's projection). */
export interface DossierEventRecord {
  seq: number;
  type: string;
  actor: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export interface ReadModelUpdate {
  state: DossierState;
  events: DossierEventRecord[];
}

export const dossierStateQuery = defineQuery<DossierState>('dossierState');
