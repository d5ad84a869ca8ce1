// GET /forms/<dossier code>/<form>.pdf and GET /forms/register.pdf?agency=&from=&to=: the printed
// papers (services/forms/). API keys as for GraphQL (`Authorization: Bearer`) or a person's session
// cookie (the console's links; no CSRF token on a read-only GET: services/access/sessions.ts); a
// citizen gives the receipt's lookup key as `?key=` or the `x-lookup-key` header. Refusals answer our routes' JSON
// error body with a status that fits the code; a paper that does not apply yet is 409.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, type ErrorCode } from '../domain/errors';
import { logger } from '../platform/logger';
import { sendError } from '../platform/http';
import { clientIpOf, trustedProxies } from '../services/access/client-address';
import { authenticateReader } from '../services/access/sessions';
import type { ApiServices } from '../services/create-services';
import { isDossierFormKind } from '../services/forms/form-kinds';
import { printDossierForm, printRegister } from '../services/forms/print-form';

export const FORMS_PREFIX = '/forms/';
const DOSSIER_FORM = /^\/forms\/([^/]{1,64})\/([a-z-]{1,32})\.pdf$/;

const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DOSSIER_NOT_FOUND: 404,
  AGENCY_NOT_FOUND: 404,
  FORM_NOT_APPLICABLE: 409,
  RATE_LIMITED: 429,
};

export const isFormsPath = (path: string | undefined) => !!path && path.startsWith(FORMS_PREFIX);

export async function handleFormsRequest(
  services: ApiServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Forms are read with GET', { allow: 'GET, HEAD' });
    }
    const url = new URL(req.url ?? '/', 'http://forms');
    const principal = await authenticateReader(services.sql, services.sessions, {
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    let pdf: Buffer;
    let name: string;
    if (url.pathname === '/forms/register.pdf') {
      const request = {
        agencyCode: url.searchParams.get('agency') ?? '',
        from: url.searchParams.get('from') ?? '',
        to: url.searchParams.get('to') ?? '',
      };
      pdf = await printRegister(services, principal, request);
      name = `so-theo-doi-${request.agencyCode}-${request.from}-${request.to}.pdf`;
    } else {
      const match = DOSSIER_FORM.exec(url.pathname);
      const code = match ? decodeURIComponent(match[1]).trim().toUpperCase() : '';
      if (!match || !isDossierFormKind(match[2])) {
        throw new DomainError('NOT_FOUND', 'No such form: /forms/<dossier code>/<form>.pdf');
      }
      const lookupKey = url.searchParams.get('key') ?? headerValue(req.headers['x-lookup-key']);
      pdf = await printDossierForm(
        services,
        {
          principal,
          lookupKey,
          clientIp: clientIpOf(
            headerValue(req.headers['x-forwarded-for']),
            req.socket.remoteAddress,
            trustedProxies(),
          ),
        },
        code,
        match[2],
      );
      name = `${code}-${match[2]}.pdf`;
    }
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': pdf.length,
      'content-disposition': `inline; filename="${name}"`,
      // Personal data: never in a shared cache.
      'cache-control': 'private, no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : pdf);
  } catch (err) {
    if (err instanceof DomainError) {
      const status = STATUS[err.code] ?? 400;
      return sendError(
        res,
        status,
        err.code,
        err.message,
        status === 401 ? { 'www-authenticate': 'Bearer' } : {},
      );
    }
    // Anything else is masked, as GraphQL masks it.
    logger.error({ err }, 'printing a form failed');
    sendError(res, 500, 'INTERNAL', 'Unexpected error.');
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
