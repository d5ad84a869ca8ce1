import { builder } from '../builder';

export const DossierStatusEnum = builder.enumType('DossierStatus', {
  values: ['IN_PROGRESS', 'WAITING_SUPPLEMENT', 'COMPLETED', 'REFUSED', 'WITHDRAWN', 'STOPPED'] as const,
});
export const StepStatusEnum = builder.enumType('StepStatus', {
  values: ['PENDING', 'ACTIVE', 'WAITING_SUPPLEMENT', 'DONE', 'FAILED', 'CANCELLED'] as const,
});
export const OutcomeEnum = builder.enumType('Outcome', { values: ['EARLY', 'ON_TIME', 'LATE'] as const });
export const ChannelEnum = builder.enumType('Channel', { values: ['ONLINE', 'COUNTER', 'POST'] as const });
export const AdminLevelEnum = builder.enumType('AdminLevel', {
  values: ['COMMUNE', 'DISTRICT', 'PROVINCE', 'CENTRAL'] as const,
});
export const OnlineLevelEnum = builder.enumType('OnlineLevel', { values: ['FULL', 'PARTIAL'] as const });
export const StepModeEnum = builder.enumType('StepMode', { values: ['SYSTEM', 'MANUAL'] as const });
export const StepKindEnum = builder.enumType('StepKind', {
  values: ['PROCESS', 'FEE_PAYMENT'] as const,
  description: 'FEE_PAYMENT: the step where the fee or tax is collected (e.g. at the State Treasury).',
});
export const RoleEnum = builder.enumType('Role', {
  values: ['PORTAL', 'AGENCY', 'DESK', 'SUPERVISOR', 'ADMIN'] as const,
  description:
    "An API key's or an account's role; AGENCY and DESK callers act for one agency (agencyCode). DESK: a one-stop desk officer of the agency that receives dossiers. PORTAL is for systems only (no accounts).",
});
export const EscalationStatusEnum = builder.enumType('EscalationStatus', {
  values: ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const,
});
export const EscalationReasonEnum = builder.enumType('EscalationReason', {
  values: ['STEP_OVERDUE', 'DOSSIER_OVERDUE', 'INTEGRATION_FAILURE'] as const,
  description:
    'STEP_OVERDUE / DOSSIER_OVERDUE: a deadline passed; INTEGRATION_FAILURE: an agency system failed for good.',
});
