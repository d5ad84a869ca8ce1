// The audit trail of mutations: one `audit_event` row per mutation field the API executes, written
// by this one plugin for every mutation (administrative ones, submissions and dossier actions alike),
// so a new mutation is audited without anyone remembering to. A row says who acted (the API key's
// or account's id and role, and a signed-in person's name and title; null for an anonymous applicant), what (the mutation's name), on what (an id or a
// code: never the arguments, which may carry applicants' personal data), in which request, and how
// it ended: OK, REFUSED (a coded refusal such as FORBIDDEN, with its code) or FAILED (an unexpected
// error). Requests refused before any resolver runs (a bad key, an invalid document or variables,
// the complexity limits) execute no mutation and leave no row; those are in the request logs.
import { GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../../domain/errors';
import { currentRequestScope, logger as processLogger, type Logger } from '../../platform/logger';
import { insertAuditEvent, type AuditOutcome } from '../../prisma/read-model/audit';
import type { GraphQLContext } from '../context';

type Args = Record<string, any>;
/** What a mutation acted on, from its arguments and (when it succeeded) its resolver's result. Ids and codes only. */
type TargetOf = (args: Args, result: any) => unknown;

const TARGETS: Record<string, TargetOf> = {
  createApiKey: (_args, result) => result?.apiKey?.id,
  revokeApiKey: (args, result) => result?.id ?? args.id,
  createAccount: (_args, result) => result?.id,
  deactivateAccount: (args, result) => result?.id ?? args.id,
  resetAccountPassword: (args, result) => result?.id ?? args.id,
  upsertAgency: (args, result) => result?.code ?? args.input?.code,
  upsertProcedure: (args, result) => (result ? `${result.code}@v${result.version}` : args.input?.code),
  setCalendarDays: (_args, result) => (result ? `calendar@v${result.calendarVersion}` : undefined),
  submitDossier: (_args, result) => result?.dossier?.code,
  acknowledgeEscalation: (args) => args.input?.escalationId,
  resolveEscalation: (args) => args.input?.escalationId,
  setNationalStatusMapping: (args) => args.eventType,
  resendNationalSync: (args) => args.dossierCode,
};
/** Dossier actions and whatever mutation comes next: the dossier acted on. */
const defaultTarget: TargetOf = (args, result) => result?.code ?? args.input?.dossierCode;

/** Only what looks like an id or a code is stored: a caller's arbitrary text never reaches the trail. */
const CODE_LIKE = /^[A-Za-z0-9._:@/-]{1,160}$/;
function targetOf(field: string, args: Args, result: unknown): string | null {
  let value: unknown;
  try {
    value = (TARGETS[field] ?? defaultTarget)(args ?? {}, result);
  } catch {
    return null;
  }
  if (typeof value === 'number') value = String(value);
  return typeof value === 'string' && CODE_LIKE.test(value) ? value : null;
}

function refusalCode(error: unknown): string | undefined {
  if (error instanceof DomainError) return error.code;
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof DomainError) return original.code;
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' ? code : undefined;
}

const WRAPPED = Symbol.for('lien-thong.audited');

/** Wraps every mutation field's resolver (once per schema object) so its outcome is recorded. */
function auditMutations(schema: GraphQLSchema, log: Logger): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const marked = field as unknown as Record<symbol, boolean>;
    if (marked[WRAPPED]) continue;
    marked[WRAPPED] = true;
    const resolve = field.resolve as GraphQLFieldResolver<unknown, GraphQLContext, Args> | undefined;
    if (!resolve) continue;
    field.resolve = async (root, args, ctx: GraphQLContext, info) => {
      try {
        const result: unknown = await resolve(root, args, ctx, info);
        await record(ctx, log, info.fieldName, 'OK', targetOf(info.fieldName, args, result));
        return result;
      } catch (error) {
        const code = refusalCode(error);
        await record(
          ctx,
          log,
          info.fieldName,
          code ? 'REFUSED' : 'FAILED',
          targetOf(info.fieldName, args, undefined),
          code,
        );
        throw error;
      }
    };
  }
}

async function record(
  ctx: GraphQLContext,
  log: Logger,
  action: string,
  outcome: AuditOutcome,
  target: string | null,
  errorCode?: string,
): Promise<void> {
  try {
    await insertAuditEvent(ctx.sql, {
      principal: ctx.principal,
      action,
      target,
      requestId: ctx.requestId,
      outcome,
      errorCode,
    });
  } catch (err) {
    // The action itself has happened (or been refused): its answer stands, the lost row is an incident.
    (currentRequestScope()?.log ?? log).error({ err, action, outcome, target }, 'audit event not recorded');
  }
}

export function auditPlugin(log: Logger = processLogger): Plugin {
  return {
    onSchemaChange({ schema }) {
      auditMutations(schema, log);
    },
  };
}
