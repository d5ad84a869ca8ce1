import { dossierRecordSchema, formatPortalDate, parsePortalDate, progressRecordSchema } from './protocol';
import type { SyncDossierFacts } from '../../domain/national-portal/sync-dossier-facts';
import { applicantKind, buildDossierRecord, buildProgressRecord } from './records';

describe('portal dates', () => {
  test('are yyyyMMddHHmmss in Vietnam time (UTC+7), across the day line', () => {
    expect(formatPortalDate(new Date('2026-12-02T17:30:05Z'))).toBe('20261203003005');
    expect(formatPortalDate('2026-01-01T00:00:00+07:00')).toBe('20260101000000');
    expect(formatPortalDate(null)).toBe('');
    expect(parsePortalDate('20261203003005').toISOString()).toBe('2026-12-02T17:30:05.000Z');
    expect(() => parsePortalDate('2026-12-03')).toThrow(RangeError);
    expect(() => formatPortalDate('not a date')).toThrow(RangeError);
  });
});

const dossier: SyncDossierFacts = {
  code: 'TTPVHCC-261203-0007',
  procedureCode: '1.003010',
  procedureName: 'Đăng ký thế chấp',
  field: 'Đất đai',
  applicantName: 'Trần Thị Bình',
  applicantIdNumber: '079190001234',
  applicantEmail: null,
  applicantPhone: '0901234567',
  channel: 'ONLINE',
  receivedAt: new Date('2026-12-03T01:00:00Z'),
  dueAt: new Date('2026-12-08T10:00:00Z'),
  completedAt: new Date('2026-12-07T03:00:00Z'),
  receivingAgencyName: 'Trung tâm Phục vụ hành chính công',
};
const event = (seq: number, type: string, statusCode: number, payload: Record<string, unknown> = {}) => ({
  seq,
  type,
  statusCode,
  actor: 'AGENCY:k1',
  occurredAt: new Date('2026-12-04T02:15:00Z'),
  payload,
});

describe('records for the portal', () => {
  test('a dossier record carries the event code, dates in portal form and the supplement rounds so far', () => {
    const rounds = [
      {
        requestSeq: 4,
        requestedBy: 'AGENCY:k1',
        requestedAt: new Date('2026-12-04T02:00:00Z'),
        items: ['Bản sao sổ đỏ'],
        note: null,
        providedAt: new Date('2026-12-05T02:00:00Z'),
      },
      {
        requestSeq: 9,
        requestedBy: 'AGENCY:k1',
        requestedAt: new Date('2026-12-06T02:00:00Z'),
        items: ['Hợp đồng'],
        note: 'công chứng',
        providedAt: null,
      },
    ];
    const record = buildDossierRecord(dossier, event(5, 'SUPPLEMENT_PROVIDED', 4), rounds);
    expect(dossierRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      MaHoSo: dossier.code,
      TrangThaiHoSo: '4',
      NgayTiepNhan: '20261203080000',
      NgayHenTra: '20261208170000',
      NgayTra: '',
      KenhThucHien: '2',
      LoaiDoiTuong: '1',
      DanhSachHoSoBoSung: [
        {
          HoSoBoSungId: '4',
          NoiDungBoSung: 'Bản sao sổ đỏ',
          NgayBoSung: '20261204090000',
          NgayTiepNhanBoSung: '20261205090000',
          TrangThaiBoSung: '1',
        },
      ],
    });
    const done = buildDossierRecord(dossier, event(12, 'DOSSIER_COMPLETED', 9), rounds);
    expect(done.NgayTra).toBe('20261207100000');
    expect(done.DanhSachHoSoBoSung).toHaveLength(2);
    expect(done.DanhSachHoSoBoSung[1]).toMatchObject({ TrangThaiBoSung: '0', NgayTiepNhanBoSung: '' });
  });

  test('a progress entry carries the sequence, who, when, what and the statutory end', () => {
    const entry = buildProgressRecord(
      dossier,
      event(3, 'STEP_STARTED', 4, {
        stepKey: 'tham-dinh',
        agencyCode: 'STNMT',
        dueAt: '2026-12-05T10:00:00Z',
      }),
    );
    expect(progressRecordSchema.parse(entry)).toEqual(entry);
    expect(entry).toEqual({
      MaHoSo: dossier.code,
      ThuTu: '3',
      NguoiXuLy: 'AGENCY:k1',
      ThoiDiemXuLy: '20261204091500',
      NoiDungXuLy: 'Chuyển xử lý bước tham-dinh (STNMT)',
      TrangThai: '4',
      NgayBatDau: '20261204091500',
      NgayKetThucTheoQuyDinh: '20261205170000',
    });
  });

  test('tax codes (10 or 13 digits) are businesses, citizen cards (12) people', () => {
    expect(applicantKind('0312345678')).toBe('2');
    expect(applicantKind('0312345678-001')).toBe('2');
    expect(applicantKind('079190001234')).toBe('1');
  });

  test('the contract refuses what the portal would: bad codes and dates', () => {
    const record = buildDossierRecord(dossier, event(1, 'DOSSIER_RECEIVED', 2), []);
    expect(dossierRecordSchema.safeParse({ ...record, TrangThaiHoSo: '11' }).success).toBe(false);
    expect(dossierRecordSchema.safeParse({ ...record, NgayTiepNhan: '2026-12-03' }).success).toBe(false);
    expect(dossierRecordSchema.safeParse({ ...record, KenhThucHien: '4' }).success).toBe(false);
  });
});
