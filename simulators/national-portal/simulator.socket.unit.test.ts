// The simulated national portal over a real socket: what it refuses, as the real one would, and what
// it keeps (a resent progress entry once).
import { createNationalPortalClient, NationalPortalError } from '../../integrations/national-portal/client';
import { DEFAULT_INTEGRATION_PATH, type DossierRecord } from '../../integrations/national-portal/protocol';
import { createNationalPortalSimulator, type NationalPortalSimulator } from './simulator';

let portal: NationalPortalSimulator;
let url: string;
beforeAll(async () => {
  portal = createNationalPortalSimulator();
  url = (await portal.listen()).url;
});
afterAll(() => portal.close());

const record = (code: string, patch: Partial<DossierRecord> = {}): DossierRecord => ({
  MaHoSo: code,
  MaTTHC: '1.003010',
  TenTTHC: 'Đăng ký thế chấp',
  ChuHoSo: 'Trần Thị Bình',
  LoaiDoiTuong: '1',
  NgayTiepNhan: '20261203080000',
  NgayHenTra: '20261210170000',
  TrangThaiHoSo: '2',
  NgayTra: '',
  KenhThucHien: '2',
  HinhThuc: '0',
  NgayKetThucXuLy: '',
  DonViXuLy: 'Trung tâm',
  DanhSachHoSoBoSung: [],
  ...patch,
});
const progress = (code: string, seq: number) => ({
  MaHoSo: code,
  ThuTu: String(seq),
  NguoiXuLy: 'SYSTEM:system',
  ThoiDiemXuLy: '20261203080000',
  NoiDungXuLy: 'Tiếp nhận hồ sơ',
  TrangThai: '2',
  NgayBatDau: '',
  NgayKetThucTheoQuyDinh: '',
});
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: NationalPortalError) => [err.kind, err.portalCode],
  );

test('creates once, updates what exists, keeps a resent progress entry once', async () => {
  const client = createNationalPortalClient({ url, ...portal.credentials });
  await client.syncDossier(record('SIM-1'), false);
  expect(await refusal(client.syncDossier(record('SIM-1'), false))).toEqual(['REFUSED', 2]);
  expect(await refusal(client.syncDossier(record('SIM-2'), true))).toEqual(['REFUSED', 2]);
  await client.syncDossier(record('SIM-1', { TrangThaiHoSo: '4' }), true);
  await client.reportProgress(progress('SIM-1', 1));
  await client.reportProgress(progress('SIM-1', 1));
  expect(portal.dossier('SIM-1')).toMatchObject({ recordWrites: 2, record: { TrangThaiHoSo: '4' } });
  expect(portal.dossier('SIM-1')!.progress).toHaveLength(1);
  expect(portal.counters().duplicateProgress).toBe(1);
  expect(await client.lookup('SIM-1')).toEqual({
    MaHoSo: 'SIM-1',
    TrangThaiHoSo: '4',
    SoTienDo: 1,
    ThuTuCuoi: 1,
  });
  expect(await client.lookup('SIM-404')).toBeUndefined();
});

test('refuses bad codes and dates, progress for an unknown dossier, another unit, a bad login', async () => {
  const client = createNationalPortalClient({ url, ...portal.credentials });
  expect(await refusal(client.syncDossier(record('SIM-3', { TrangThaiHoSo: '11' }), false))).toEqual([
    'REFUSED',
    2,
  ]);
  expect(await refusal(client.syncDossier(record('SIM-3', { NgayHenTra: '20260231170000' }), false))).toEqual(
    ['REFUSED', 2],
  );
  expect(await refusal(client.syncDossier(record('SIM-3', { NgayHenTra: '20261201170000' }), false))).toEqual(
    ['REFUSED', 2],
  );
  expect(await refusal(client.reportProgress(progress('SIM-404', 1)))).toEqual(['REFUSED', 2]);
  const otherUnit = createNationalPortalClient({ url, ...portal.credentials, unitCode: '000.00.00.X01' });
  expect(await refusal(otherUnit.syncDossier(record('SIM-3'), false))).toEqual(['REFUSED', 3]);
  const badLogin = createNationalPortalClient({ url, ...portal.credentials, password: 'wrong' });
  expect(await refusal(badLogin.syncDossier(record('SIM-3'), false))).toEqual(['UNAVAILABLE', 4]);
  // No session at all.
  const raw = await fetch(`${url}${DEFAULT_INTEGRATION_PATH}`, {
    method: 'POST',
    body: JSON.stringify({
      session: 'made-up',
      madonvi: portal.credentials.unitCode,
      service: 'TraCuuHoSo',
      mahoso: 'X',
    }),
  });
  expect(await raw.json()).toMatchObject({ error_code: 1 });
});

test('an expired session is renewed once, transparently; down and slow are unavailable', async () => {
  const client = createNationalPortalClient({ url, ...portal.credentials, timeoutMs: 200 });
  await client.syncDossier(record('SIM-5'), false);
  const logins = portal.counters().logins;
  portal.expireSessions();
  await client.syncDossier(record('SIM-5'), true);
  expect(portal.counters().logins).toBe(logins + 1);
  portal.setFaults({ down: true });
  expect(await refusal(client.lookup('SIM-5'))).toEqual(['UNAVAILABLE', undefined]);
  portal.setFaults({ slowMs: 400 });
  expect(await refusal(client.lookup('SIM-5'))).toEqual(['UNAVAILABLE', undefined]);
  portal.setFaults({});
  expect(await client.lookup('SIM-5')).toMatchObject({ MaHoSo: 'SIM-5' });
});
