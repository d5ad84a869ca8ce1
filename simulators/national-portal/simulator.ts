/**
 * A simulated national public-service portal: a real HTTP server speaking the contract of
 * integrations/national-portal/protocol.ts. It logs in (username and password → a session), checks
 * every call as the real portal would refuse it (the session, the unit code, each field, the status
 * codes and dates, creating a dossier twice or updating one it never saw, progress for an unknown
 * dossier), and stores what it accepted: each dossier's record and its progress entries, a resent
 * entry (same MaHoSo and ThuTu) kept once. Faults switch on and off, by method or `PUT /_sim/faults`:
 * down (connections dropped), slow (answers delayed), sessions expired, records of a dossier refused.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_AUTH_PATH,
  DEFAULT_INTEGRATION_PATH,
  integrationCallSchema,
  loginRequestSchema,
  parsePortalDate,
  PORTAL_ERROR,
  type DossierRecord,
  type IntegrationCall,
  type PortalAnswer,
  type ProgressRecord,
} from '../../integrations/national-portal/protocol';
import { parseJson, readBody, sendJson } from '../../platform/http';

export interface NationalPortalFaults {
  /** Every connection is dropped without an answer. */
  down?: boolean;
  /** Every answer waits this long. */
  slowMs?: number;
  /** Records (and progress) of these dossiers are refused as invalid. */
  refuseDossiers?: string[];
}

export interface NationalPortalSimulatorOptions {
  username?: string;
  password?: string;
  /** Unit codes (madonvi) this account reports for. */
  unitCodes?: string[];
  /** Sessions expire after this long. Default 30 minutes. */
  sessionTtlMs?: number;
  /** Serve `/_sim/*`. Default true. */
  control?: boolean;
}

export interface PortalDossier {
  record: DossierRecord;
  /** Accepted progress entries in arrival order, each (MaHoSo, ThuTu) once. */
  progress: ProgressRecord[];
  /** Accepted DongBoHoSoMC calls for it. */
  recordWrites: number;
}

export interface PortalCounters {
  logins: number;
  calls: number;
  /** Progress entries that arrived again and were kept once. */
  duplicateProgress: number;
  refused: number;
  droppedWhileDown: number;
}

export interface NationalPortalSimulator {
  listen(port?: number, host?: string): Promise<{ url: string }>;
  close(): Promise<void>;
  setFaults(faults: NationalPortalFaults): void;
  /** Every session now open becomes invalid (the portal restarted, or they timed out). */
  expireSessions(): void;
  dossier(code: string): PortalDossier | undefined;
  dossierCodes(): string[];
  /** Forgets a dossier, as a portal restored from an old backup would (reconciliation finds it). */
  lose(code: string): void;
  counters(): PortalCounters;
  readonly credentials: { username: string; password: string; unitCode: string };
}

const MAX_BODY = 1 << 20;

export function createNationalPortalSimulator(
  options: NationalPortalSimulatorOptions = {},
): NationalPortalSimulator {
  const username = options.username ?? 'lienthong';
  const password = options.password ?? 'lienthong-dev';
  const unitCodes = new Set(options.unitCodes ?? ['000.00.00.H99']);
  const sessionTtlMs = options.sessionTtlMs ?? 30 * 60_000;
  const sessions = new Map<string, number>();
  const dossiers = new Map<string, PortalDossier>();
  const counters: PortalCounters = {
    logins: 0,
    calls: 0,
    duplicateProgress: 0,
    refused: 0,
    droppedWhileDown: 0,
  };
  let faults: NationalPortalFaults = {};
  const sockets = new Set<Socket>();

  const answer = (error_code: number, message?: string, extra: Partial<PortalAnswer> = {}): PortalAnswer => ({
    error_code,
    ...(message ? { message } : {}),
    ...extra,
  });
  const refuse = (message: string) => {
    counters.refused += 1;
    return answer(PORTAL_ERROR.RECORD_REFUSED, message);
  };

  /** Dates that match the pattern but name no day (20260231…) are refused too. */
  function badDates(fields: Record<string, unknown>, names: string[]): string | undefined {
    for (const name of names) {
      const value = fields[name];
      if (typeof value !== 'string' || value === '') continue;
      try {
        const parsed = parsePortalDate(value);
        const back = new Date(parsed.getTime() + 7 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
        if (back !== value.slice(0, 8)) return `${name}: no such day`;
      } catch {
        return `${name}: not a date`;
      }
    }
    return undefined;
  }

  function syncDossier(call: Extract<IntegrationCall, { service: 'DongBoHoSoMC' }>): PortalAnswer {
    for (const record of call.data) {
      if (faults.refuseDossiers?.includes(record.MaHoSo)) return refuse(`${record.MaHoSo}: refused`);
      const dateError = badDates(record, ['NgayTiepNhan', 'NgayHenTra', 'NgayTra', 'NgayKetThucXuLy']);
      if (dateError) return refuse(dateError);
      if (record.NgayHenTra < record.NgayTiepNhan) return refuse('NgayHenTra before NgayTiepNhan');
      const known = dossiers.get(record.MaHoSo);
      if (call.isUpdating === 'False' && known) return refuse(`${record.MaHoSo}: already exists`);
      if (call.isUpdating === 'True' && !known) return refuse(`${record.MaHoSo}: unknown dossier`);
    }
    for (const record of call.data) {
      const known = dossiers.get(record.MaHoSo);
      if (known) {
        known.record = record;
        known.recordWrites += 1;
      } else dossiers.set(record.MaHoSo, { record, progress: [], recordWrites: 1 });
    }
    return answer(PORTAL_ERROR.OK);
  }

  function reportProgress(call: Extract<IntegrationCall, { service: 'CapNhatTienDoHoSoMC' }>): PortalAnswer {
    for (const entry of call.data) {
      if (faults.refuseDossiers?.includes(entry.MaHoSo)) return refuse(`${entry.MaHoSo}: refused`);
      if (!dossiers.has(entry.MaHoSo)) return refuse(`${entry.MaHoSo}: unknown dossier`);
      const dateError = badDates(entry, ['ThoiDiemXuLy', 'NgayBatDau', 'NgayKetThucTheoQuyDinh']);
      if (dateError) return refuse(dateError);
    }
    for (const entry of call.data) {
      const dossier = dossiers.get(entry.MaHoSo)!;
      if (dossier.progress.some((p) => p.ThuTu === entry.ThuTu)) counters.duplicateProgress += 1;
      else dossier.progress.push(entry);
    }
    return answer(PORTAL_ERROR.OK);
  }

  function integration(body: unknown): PortalAnswer {
    counters.calls += 1;
    const raw = body as Record<string, unknown> | undefined;
    const expiry = typeof raw?.session === 'string' ? sessions.get(raw.session) : undefined;
    if (expiry === undefined || expiry < Date.now()) return answer(PORTAL_ERROR.SESSION_INVALID, 'session');
    if (typeof raw?.madonvi !== 'string' || !unitCodes.has(raw.madonvi))
      return answer(PORTAL_ERROR.UNIT_INVALID, 'madonvi');
    const parsed = integrationCallSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(`${issue.path.join('.')}: ${issue.message}`);
    }
    const call = parsed.data;
    switch (call.service) {
      case 'DongBoHoSoMC':
        return syncDossier(call);
      case 'CapNhatTienDoHoSoMC':
        return reportProgress(call);
      case 'TraCuuHoSo': {
        const dossier = dossiers.get(call.mahoso);
        if (!dossier) return answer(PORTAL_ERROR.NOT_FOUND, 'not found');
        const last = dossier.progress.reduce((m, p) => Math.max(m, Number(p.ThuTu)), 0);
        return answer(PORTAL_ERROR.OK, undefined, {
          result: {
            MaHoSo: call.mahoso,
            TrangThaiHoSo: dossier.record.TrangThaiHoSo,
            SoTienDo: dossier.progress.length,
            ThuTuCuoi: last,
          },
        });
      }
    }
  }

  function login(body: unknown): PortalAnswer {
    const parsed = loginRequestSchema.safeParse(body);
    if (!parsed.success || parsed.data.username !== username || parsed.data.password !== password)
      return answer(PORTAL_ERROR.LOGIN_FAILED, 'login failed');
    counters.logins += 1;
    const session = randomUUID();
    sessions.set(session, Date.now() + sessionTtlMs);
    return answer(PORTAL_ERROR.OK, undefined, { session });
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://portal');
      if (options.control !== false && url.pathname === '/_sim/faults' && req.method === 'PUT') {
        const body = parseJson((await readBody(req, MAX_BODY)) ?? '');
        faults = (body ?? {}) as NationalPortalFaults;
        return sendJson(res, 200, faults);
      }
      if (options.control !== false && url.pathname.startsWith('/_sim/dossiers/') && req.method === 'GET') {
        const dossier = dossiers.get(decodeURIComponent(url.pathname.slice('/_sim/dossiers/'.length)));
        return dossier ? sendJson(res, 200, dossier) : sendJson(res, 404, { error: 'not found' });
      }
      if (faults.down) {
        counters.droppedWhileDown += 1;
        req.socket.destroy();
        return;
      }
      const raw = await readBody(req, MAX_BODY);
      if (faults.slowMs) await new Promise((resolve) => setTimeout(resolve, faults.slowMs));
      if (req.method !== 'POST') return sendJson(res, 405, answer(-1, 'POST only'));
      if (raw === undefined) return sendJson(res, 413, answer(-1, 'body too large'));
      const body = parseJson(raw);
      if (url.pathname === DEFAULT_AUTH_PATH) return sendJson(res, 200, login(body));
      if (url.pathname === DEFAULT_INTEGRATION_PATH) return sendJson(res, 200, integration(body));
      return sendJson(res, 404, answer(-1, 'no such path'));
    })().catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    credentials: { username, password, unitCode: [...unitCodes][0] },
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: actual } = server.address() as AddressInfo;
          resolve({ url: `http://${host}:${actual}` });
        });
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setFaults(next) {
      faults = { ...next };
    },
    expireSessions() {
      sessions.clear();
    },
    dossier: (code) => dossiers.get(code),
    dossierCodes: () => [...dossiers.keys()],
    lose: (code) => void dossiers.delete(code),
    counters: () => ({ ...counters }),
  };
}
