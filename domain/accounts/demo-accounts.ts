// The people `npm start` signs up on a development machine (embedded database only), so the
// console can be tried at once: one of each role, at sample agencies (domain/catalog/). The
// commune's desk and officer share UBND_XA_PHU_HOA, which receives and handles procedure 2.000815
// (certified copies) with a MANUAL step: a dossier filed at the desk lands in the officer's inbox.
import type { Role } from '../principal';

export interface DemoAccount {
  username: string;
  name: string;
  title: string;
  role: Role;
  agencyCode?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'giamsat',
    name: 'Trần Minh Quân',
    title: 'Chánh Văn phòng UBND tỉnh',
    role: 'SUPERVISOR',
  },
  {
    username: 'canbo.phuhoa',
    name: 'Lê Thị Hồng',
    title: 'Công chức Tư pháp - Hộ tịch',
    role: 'AGENCY',
    agencyCode: 'UBND_XA_PHU_HOA',
  },
  {
    username: 'motcua.phuhoa',
    name: 'Phạm Văn Nam',
    title: 'Công chức Bộ phận Một cửa',
    role: 'DESK',
    agencyCode: 'UBND_XA_PHU_HOA',
  },
  {
    username: 'quantri',
    name: 'Nguyễn Hoàng Anh',
    title: 'Quản trị hệ thống',
    role: 'ADMIN',
  },
];
