/**
 * A client of the national portal: logs in for a session, sends calls with the session and the unit
 * code, and logs in again once when the portal says the session expired. Every answer is checked
 * against the contract (protocol.ts). Failures come as `NationalPortalError` with a kind the delivery
 * loop acts on: UNAVAILABLE (retry later, with backoff) or REFUSED (resending unchanged fails again).
 */
import {
  DEFAULT_AUTH_PATH,
  DEFAULT_INTEGRATION_PATH,
  PORTAL_ERROR,
  portalAnswerSchema,
  SERVICE_LOOKUP,
  SERVICE_PROGRESS,
  SERVICE_SYNC_DOSSIER,
  lookupResultSchema,
  type DossierRecord,
  type LookupResult,
  type PortalAnswer,
  type ProgressRecord,
} from './protocol';

export interface NationalPortalSettings {
  /** Base URL, e.g. `https://dichvucong.gov.vn` or the simulator's. */
  url: string;
  username: string;
  password: string;
  /** The province's unit code (madonvi). */
  unitCode: string;
  authPath?: string;
  integrationPath?: string;
  /** Per request; a slower answer counts as unavailable. Default 10 s. */
  timeoutMs?: number;
}

export type PortalFailureKind = 'UNAVAILABLE' | 'REFUSED';

export class NationalPortalError extends Error {
  override name = 'NationalPortalError';
  constructor(
    readonly kind: PortalFailureKind,
    message: string,
    readonly portalCode?: number,
  ) {
    super(message);
  }
}

export interface NationalPortalClient {
  syncDossier(record: DossierRecord, isUpdating: boolean): Promise<void>;
  reportProgress(progress: ProgressRecord): Promise<void>;
  /** The portal's view of a dossier; undefined when it has none. */
  lookup(dossierCode: string): Promise<LookupResult | undefined>;
  /** Forgets the session (tests; a worker restart does it by construction). */
  forgetSession(): void;
}

export function createNationalPortalClient(settings: NationalPortalSettings): NationalPortalClient {
  const base = settings.url.replace(/\/$/, '');
  const timeoutMs = settings.timeoutMs ?? 10_000;
  let session: string | undefined;

  async function post(path: string, body: unknown): Promise<PortalAnswer> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new NationalPortalError('UNAVAILABLE', `national portal unreachable: ${(err as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new NationalPortalError('UNAVAILABLE', `national portal answered HTTP ${res.status}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new NationalPortalError('UNAVAILABLE', 'national portal answered something that is not JSON');
    }
    const answer = portalAnswerSchema.safeParse(json);
    if (!answer.success) throw new NationalPortalError('UNAVAILABLE', 'national portal answer off contract');
    return answer.data;
  }

  async function login(): Promise<string> {
    const answer = await post(settings.authPath ?? DEFAULT_AUTH_PATH, {
      username: settings.username,
      password: settings.password,
    });
    if (answer.error_code !== PORTAL_ERROR.OK || !answer.session) {
      // A refused login will not heal by itself, but a portal restarting may refuse briefly too:
      // the loop keeps retrying with backoff and shows the error.
      throw new NationalPortalError(
        'UNAVAILABLE',
        `national portal login refused: ${answer.message ?? answer.error_code}`,
        answer.error_code,
      );
    }
    return answer.session;
  }

  /** One call; logs in first when there is no session, and once more when it has expired. */
  async function call(body: Record<string, unknown>): Promise<PortalAnswer> {
    for (let attempt = 0; ; attempt++) {
      session ??= await login();
      const answer = await post(settings.integrationPath ?? DEFAULT_INTEGRATION_PATH, {
        session,
        madonvi: settings.unitCode,
        ...body,
      });
      if (answer.error_code === PORTAL_ERROR.SESSION_INVALID && attempt === 0) {
        session = undefined;
        continue;
      }
      return answer;
    }
  }

  function expectOk(answer: PortalAnswer, what: string): void {
    if (answer.error_code === PORTAL_ERROR.OK) return;
    const kind: PortalFailureKind =
      answer.error_code === PORTAL_ERROR.RECORD_REFUSED || answer.error_code === PORTAL_ERROR.UNIT_INVALID
        ? 'REFUSED'
        : 'UNAVAILABLE';
    throw new NationalPortalError(
      kind,
      `${what} refused (${answer.error_code}): ${answer.message ?? ''}`.trim(),
      answer.error_code,
    );
  }

  return {
    async syncDossier(record, isUpdating) {
      const answer = await call({
        service: SERVICE_SYNC_DOSSIER,
        isUpdating: isUpdating ? 'True' : 'False',
        data: [record],
      });
      expectOk(answer, SERVICE_SYNC_DOSSIER);
    },
    async reportProgress(progress) {
      expectOk(await call({ service: SERVICE_PROGRESS, data: [progress] }), SERVICE_PROGRESS);
    },
    async lookup(dossierCode) {
      const answer = await call({ service: SERVICE_LOOKUP, mahoso: dossierCode });
      if (answer.error_code === PORTAL_ERROR.NOT_FOUND) return undefined;
      expectOk(answer, SERVICE_LOOKUP);
      const result = lookupResultSchema.safeParse(answer.result);
      if (!result.success) throw new NationalPortalError('UNAVAILABLE', 'TraCuuHoSo answer off contract');
      return result.data;
    },
    forgetSession() {
      session = undefined;
    },
  };
}
