/**
 * The wire contract with the national public-service portal (Cổng Dịch vụ công quốc gia), as the
 * provincial systems use it (VietOpenCPS/opencps-v2, `DVCQGIntegrationActionImpl`):
 *
 * - `POST <auth path>` with `{ username, password }` answers `{ error_code: 0, session }`.
 * - `POST <integration path>` with `{ session, madonvi, service, … }`: `service` names the call.
 *   `DongBoHoSoMC` (`isUpdating`, `data: [record]`) creates or updates a dossier's record;
 *   `CapNhatTienDoHoSoMC` (`data: [progress]`) appends a progress entry; `TraCuuHoSo` (`mahoso`)
 *   looks a dossier up. Answers carry `error_code` (0 = done).
 * - Dates are `yyyyMMddHHmmss` in Vietnam's time (Asia/Ho_Chi_Minh); codes travel as strings.
 *
 * What the public source does not say, we chose and the simulator enforces (docs/national-portal.md):
 * the non-zero error codes below, and `ThuTu` on a progress entry (the engine's event sequence),
 * by which a resent entry is recognised and kept once. Pure types, schemas and helpers; no I/O.
 */
import { z } from 'zod';

export const DEFAULT_AUTH_PATH = '/api/auth';
export const DEFAULT_INTEGRATION_PATH = '/api/integration';

export const SERVICE_SYNC_DOSSIER = 'DongBoHoSoMC';
export const SERVICE_PROGRESS = 'CapNhatTienDoHoSoMC';
export const SERVICE_LOOKUP = 'TraCuuHoSo';

/** The answer codes: 0 done; the others are the simulator's (and our client's) reading of a refusal. */
export const PORTAL_ERROR = {
  OK: 0,
  /** The session is unknown or expired: log in again and repeat. */
  SESSION_INVALID: 1,
  /** The record breaks a rule (a missing field, a bad code or date): resending it unchanged fails again. */
  RECORD_REFUSED: 2,
  /** The unit code (madonvi) is not one this account may report for. */
  UNIT_INVALID: 3,
  /** Bad login. */
  LOGIN_FAILED: 4,
  /** TraCuuHoSo: no such dossier. */
  NOT_FOUND: 5,
} as const;

/** The national status codes of a dossier (TrangThaiHoSo / TrangThai). */
export const NATIONAL_STATUS_CODES = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã có kết quả',
  10: 'Đã trả kết quả',
} as const satisfies Record<number, string>;
export const isNationalStatusCode = (code: number): boolean =>
  Number.isInteger(code) && code >= 1 && code <= 10;

/** `yyyyMMddHHmmss` in Vietnam's time (UTC+7, no daylight saving). */
const PORTAL_DATE = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;
const portalDate = z.string().regex(PORTAL_DATE, 'a date as yyyyMMddHHmmss');
const optionalPortalDate = z.union([z.literal(''), portalDate]);
const statusCode = z.string().refine((s) => /^\d+$/.test(s) && isNationalStatusCode(Number(s)), {
  message: 'a national status code 1..10',
});

export const loginRequestSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** A supplement round (DanhSachHoSoBoSung). */
export const supplementRecordSchema = z.object({
  HoSoBoSungId: z.string().min(1),
  NguoiYeuCauBoSung: z.string(),
  NoiDungBoSung: z.string(),
  NgayBoSung: portalDate,
  NgayTiepNhanBoSung: optionalPortalDate,
  TrangThaiBoSung: z.enum(['0', '1']),
});

/** The dossier record of `DongBoHoSoMC` (the fields the provincial systems send; "ko bb" ones optional). */
export const dossierRecordSchema = z.object({
  MaHoSo: z.string().min(1).max(100),
  MaTTHC: z.string().min(1).max(100),
  TenTTHC: z.string().min(1),
  MaLinhVuc: z.string().optional(),
  TenLinhVuc: z.string().optional(),
  ChuHoSo: z.string().min(1),
  /** 1 citizen, 2 business. */
  LoaiDoiTuong: z.enum(['1', '2']),
  MaDoiTuong: z.string().optional(),
  Email: z.string().optional(),
  SoDienThoai: z.string().optional(),
  TrichYeuHoSo: z.string().optional(),
  NgayTiepNhan: portalDate,
  NgayHenTra: portalDate,
  TrangThaiHoSo: statusCode,
  NgayTra: optionalPortalDate,
  /** Where the dossier came in: 1 at the counter, 2 online, 3 by post (KenhThucHien). */
  KenhThucHien: z.enum(['1', '2', '3']),
  /** 0 result returned at the counter, 1 by post (HinhThuc). */
  HinhThuc: z.enum(['0', '1']),
  NgayKetThucXuLy: optionalPortalDate,
  DonViXuLy: z.string().min(1),
  GhiChu: z.string().optional(),
  DanhSachHoSoBoSung: z.array(supplementRecordSchema),
});
export type DossierRecord = z.infer<typeof dossierRecordSchema>;
export type SupplementRecord = z.infer<typeof supplementRecordSchema>;

/** A progress entry of `CapNhatTienDoHoSoMC`. */
export const progressRecordSchema = z.object({
  MaHoSo: z.string().min(1).max(100),
  /** The engine's event sequence for the dossier: how a resent entry is recognised (see above). */
  ThuTu: z.string().regex(/^\d+$/),
  NguoiXuLy: z.string().min(1),
  ChucDanh: z.string().optional(),
  ThoiDiemXuLy: portalDate,
  PhongBanXuLy: z.string().optional(),
  NoiDungXuLy: z.string().min(1),
  TrangThai: statusCode,
  NgayBatDau: optionalPortalDate,
  NgayKetThucTheoQuyDinh: optionalPortalDate,
});
export type ProgressRecord = z.infer<typeof progressRecordSchema>;

const callBase = { session: z.string().min(1), madonvi: z.string().min(1) };
export const integrationCallSchema = z.discriminatedUnion('service', [
  z.object({
    ...callBase,
    service: z.literal(SERVICE_SYNC_DOSSIER),
    isUpdating: z.enum(['True', 'False']),
    data: z.array(dossierRecordSchema).min(1),
  }),
  z.object({
    ...callBase,
    service: z.literal(SERVICE_PROGRESS),
    data: z.array(progressRecordSchema).min(1),
  }),
  z.object({ ...callBase, service: z.literal(SERVICE_LOOKUP), mahoso: z.string().min(1) }),
]);
export type IntegrationCall = z.infer<typeof integrationCallSchema>;

/** Every answer: `error_code` and a message; login adds `session`, TraCuuHoSo adds `result`. */
export const portalAnswerSchema = z.object({
  error_code: z.coerce.number().int(),
  message: z.string().optional(),
  session: z.string().optional(),
  result: z.unknown().optional(),
});
export type PortalAnswer = z.infer<typeof portalAnswerSchema>;

/** What TraCuuHoSo returns for a dossier (the simulator's shape): its status and progress count. */
export const lookupResultSchema = z.object({
  MaHoSo: z.string(),
  TrangThaiHoSo: z.string(),
  SoTienDo: z.number().int(),
  ThuTuCuoi: z.number().int(),
});
export type LookupResult = z.infer<typeof lookupResultSchema>;

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** `yyyyMMddHHmmss` in Vietnam's time; '' for no date (the portal's "not set"). */
export function formatPortalDate(date: Date | string | null | undefined): string {
  if (date === null || date === undefined || date === '') return '';
  const instant = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date: ${String(date)}`);
  // Vietnam keeps UTC+7 all year: shifting and reading the UTC fields is exact.
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return local.slice(0, 19).replace(/[-T:]/g, '');
}

/** The instant a `yyyyMMddHHmmss` date in Vietnam's time names. */
export function parsePortalDate(text: string): Date {
  if (!PORTAL_DATE.test(text)) throw new RangeError(`not a yyyyMMddHHmmss date: ${text}`);
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}+07:00`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${text}`);
  return date;
}
