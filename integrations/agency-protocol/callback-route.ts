// POST /agency-callbacks: an agency system reports the outcome of a work item it accepted earlier.
// The body must be signed with that agency's secret (HMAC, timestamp-bound); the outcome then goes
// to the dossier's workflow, whose validator decides. A body of the wrong shape, or with text that is
// not well-formed, answers 400 VALIDATION_FAILED naming the field. Business refusals answer 200 with
// `accepted: false` (retrying will not help); only our own transient failures answer 5xx.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callbackSchema, readAgencyInput } from './answers';
import { HEADER_AGENCY, HEADER_SIGNATURE, HEADER_TIMESTAMP, headerKey } from './protocol';
import { agencySecretFromEnv } from './secrets';
import { verifySignature } from './signature';
import { agencyOutcomeUpdate } from '../../domain/contract/dossier-workflow';
import { DomainError } from '../../domain/errors';
import { runDossierAction } from '../../services/actions/dossier-actions';
import type { ApiServices } from '../../services/create-services';

export const AGENCY_CALLBACK_PATH = '/agency-callbacks';
const MAX_BODY_BYTES = 256 * 1024;

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function handleAgencyCallback(
  services: ApiServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'POST') return send(res, 405, { error: { code: 'METHOD_NOT_ALLOWED' } });
  const raw = await readBody(req);
  if (!raw) return send(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE' } });
  const agencyCode = String(req.headers[headerKey(HEADER_AGENCY)] ?? '');
  let secret: string;
  try {
    secret = agencySecretFromEnv(agencyCode);
  } catch {
    return send(res, 401, { error: { code: 'BAD_SIGNATURE', message: 'Unknown agency' } });
  }
  const signed = verifySignature(
    secret,
    req.headers[headerKey(HEADER_TIMESTAMP)] as string | undefined,
    raw,
    req.headers[headerKey(HEADER_SIGNATURE)] as string | undefined,
  );
  if (!agencyCode || !signed)
    return send(res, 401, { error: { code: 'BAD_SIGNATURE', message: 'Signature or timestamp invalid' } });
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return send(res, 400, { error: { code: 'BAD_REQUEST', message: 'body is not valid JSON' } });
  }
  const read = readAgencyInput(callbackSchema, json);
  if (!read.ok) {
    const { path, problem } = read.problem;
    return send(res, 400, {
      error: { code: 'VALIDATION_FAILED', message: `${path}: ${problem}`, field: path },
    });
  }
  const { dossierCode, ...outcome } = read.value;
  if (outcome.agencyCode !== agencyCode)
    return send(res, 401, { error: { code: 'BAD_SIGNATURE', message: 'Signed by another agency' } });
  try {
    await runDossierAction(
      services.temporal,
      dossierCode,
      agencyOutcomeUpdate,
      outcome,
      services.engineDeadlineMs,
    );
    send(res, 200, { accepted: true });
  } catch (err) {
    // Accepted by the workflow, only slow to finish: it will be applied; repeating it would be refused.
    if (err instanceof DomainError && err.code === 'ACTION_PENDING')
      return send(res, 200, { accepted: true });
    // Not taken (yet): the agency retries later, which is safe (engine-deadline.ts).
    if (err instanceof DomainError && err.code === 'ENGINE_UNAVAILABLE') {
      return send(res, 503, { error: { code: 'UNAVAILABLE', message: err.message } });
    }
    if (err instanceof DomainError)
      return send(res, 200, { accepted: false, code: err.code, message: err.message });
    send(res, 503, { error: { code: 'UNAVAILABLE', message: 'Try again later' } });
  }
}
