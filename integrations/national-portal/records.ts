/**
 * Builds what the national portal receives for one queued event: the dossier's record
 * (`DongBoHoSoMC`) and the progress entry (`CapNhatTienDoHoSoMC`). Pure: the facts come from the
 * read model (prisma/read-model/national-sync.ts), the status code from the outbox row, which took it
 * from the administrators' mapping when the event was recorded.
 */
import type { SyncDossierFacts } from '../../domain/national-portal/sync-dossier-facts';
import { formatPortalDate, type DossierRecord, type ProgressRecord, type SupplementRecord } from './protocol';

/** One queued event (national_sync_outbox) with its national code. */
export interface SyncEvent {
  seq: number;
  type: string;
  statusCode: number;
  actor: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** A supplement round from the dossier's events: requested, and provided when it was. */
export interface SupplementRound {
  requestSeq: number;
  requestedBy: string;
  requestedAt: Date;
  items: string[];
  note: string | null;
  providedAt: Date | null;
}

const CHANNEL_CODE = { COUNTER: '1', ONLINE: '2', POST: '3' } as const;

/**
 * 1 citizen, 2 business. The engine keeps one identity number: a citizen's card has 12 digits, an
 * enterprise's tax code 10 (or 13 with a branch suffix), so the length tells them apart.
 */
export function applicantKind(idNumber: string): '1' | '2' {
  const digits = idNumber.replace(/\D/g, '');
  return digits.length === 10 || digits.length === 13 ? '2' : '1';
}

/** What an event says, for the progress entry's NoiDungXuLy (never personal data). */
export function describeEvent(event: SyncEvent): string {
  const p = event.payload;
  const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : undefined);
  switch (event.type) {
    case 'DOSSIER_RECEIVED':
      return 'Tiếp nhận hồ sơ';
    case 'STEP_STARTED':
      return `Chuyển xử lý bước ${text('stepKey') ?? ''} (${text('agencyCode') ?? ''})`.trim();
    case 'SUPPLEMENT_REQUESTED':
      return `Yêu cầu bổ sung: ${Array.isArray(p.items) ? (p.items as unknown[]).join('; ') : ''}`.trim();
    case 'SUPPLEMENT_PROVIDED':
      return 'Công dân đã bổ sung hồ sơ';
    case 'DOSSIER_COMPLETED':
      return 'Đã có kết quả giải quyết';
    case 'DOSSIER_REFUSED':
      return `Từ chối: ${text('reason') ?? ''}`.trim();
    case 'DOSSIER_WITHDRAWN':
      return `Rút hồ sơ: ${text('reason') ?? ''}`.trim();
    case 'DOSSIER_STOPPED':
      return `Dừng xử lý: ${text('reason') ?? ''}`.trim();
    case 'RESULT_RETURNED':
      return 'Đã trả kết quả cho tổ chức, công dân';
    default:
      return event.type;
  }
}

export function supplementRecords(rounds: SupplementRound[]): SupplementRecord[] {
  return rounds.map((r) => ({
    HoSoBoSungId: String(r.requestSeq),
    NguoiYeuCauBoSung: r.requestedBy,
    NoiDungBoSung: [r.items.join('; '), r.note ?? ''].filter(Boolean).join(' - ') || 'Bổ sung hồ sơ',
    NgayBoSung: formatPortalDate(r.requestedAt),
    NgayTiepNhanBoSung: formatPortalDate(r.providedAt),
    TrangThaiBoSung: r.providedAt ? '1' : '0',
  }));
}

/** The dossier record as of `event`: its status is the event's code, the rest the dossier's facts. */
export function buildDossierRecord(
  dossier: SyncDossierFacts,
  event: SyncEvent,
  rounds: SupplementRound[],
): DossierRecord {
  return {
    MaHoSo: dossier.code,
    MaTTHC: dossier.procedureCode,
    TenTTHC: dossier.procedureName,
    ...(dossier.field ? { TenLinhVuc: dossier.field } : {}),
    ChuHoSo: dossier.applicantName,
    LoaiDoiTuong: applicantKind(dossier.applicantIdNumber),
    ...(dossier.applicantEmail ? { Email: dossier.applicantEmail } : {}),
    ...(dossier.applicantPhone ? { SoDienThoai: dossier.applicantPhone } : {}),
    NgayTiepNhan: formatPortalDate(dossier.receivedAt),
    NgayHenTra: formatPortalDate(dossier.dueAt),
    TrangThaiHoSo: String(event.statusCode),
    // Closing dates only once the event reported is the closing one, so an earlier event resent
    // late does not show a result date beside a "processing" status.
    NgayTra: event.statusCode >= 9 ? formatPortalDate(dossier.completedAt) : '',
    KenhThucHien: CHANNEL_CODE[dossier.channel],
    HinhThuc: dossier.channel === 'POST' ? '1' : '0',
    NgayKetThucXuLy: [3, 7, 8, 9, 10].includes(event.statusCode) ? formatPortalDate(dossier.completedAt) : '',
    DonViXuLy: dossier.receivingAgencyName,
    DanhSachHoSoBoSung: supplementRecords(rounds.filter((r) => r.requestSeq <= event.seq)),
  };
}

export function buildProgressRecord(dossier: SyncDossierFacts, event: SyncEvent): ProgressRecord {
  const stepDue = typeof event.payload.dueAt === 'string' ? event.payload.dueAt : undefined;
  return {
    MaHoSo: dossier.code,
    ThuTu: String(event.seq),
    NguoiXuLy: event.actor,
    ThoiDiemXuLy: formatPortalDate(event.occurredAt),
    NoiDungXuLy: describeEvent(event),
    TrangThai: String(event.statusCode),
    NgayBatDau: formatPortalDate(event.occurredAt),
    NgayKetThucTheoQuyDinh: formatPortalDate(stepDue ?? dossier.dueAt),
  };
}
