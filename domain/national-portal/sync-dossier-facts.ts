// The facts of a dossier the national portal's record carries, as the read model has them now: read
// by prisma/read-model/national-sync.ts, turned into the wire record by integrations/national-portal.

export interface SyncDossierFacts {
  code: string;
  procedureCode: string;
  procedureName: string;
  field: string | null;
  applicantName: string;
  applicantIdNumber: string;
  applicantEmail: string | null;
  applicantPhone: string | null;
  channel: 'ONLINE' | 'COUNTER' | 'POST';
  receivedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  receivingAgencyName: string;
}
