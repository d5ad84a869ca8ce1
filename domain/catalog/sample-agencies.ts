// Sample agencies of a fictional but realistic province, "tỉnh Bình An", with one district (huyện
// An Phú) and two communes. It follows the three-tier local government that the procedure catalog and
// historical dossiers still describe (districts were merged away on 1 July 2025; an administrator loads
// the current structure with upsertAgency). Levels: two central bodies whose systems are called
// (population database, social insurance), provincial departments, district offices, commune offices.
import type { AgencyInput } from './agency';

export const SAMPLE_AGENCIES: readonly AgencyInput[] = [
  // Central
  {
    code: 'BCA_C06',
    name: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội (C06), Bộ Công an',
    level: 'CENTRAL',
  },
  { code: 'BHXH_VN', name: 'Bảo hiểm xã hội Việt Nam', level: 'CENTRAL' },

  // Province
  { code: 'UBND_TINH', name: 'Ủy ban nhân dân tỉnh Bình An', level: 'PROVINCE' },
  {
    code: 'TTPVHCC',
    name: 'Trung tâm Phục vụ hành chính công tỉnh Bình An',
    level: 'PROVINCE',
    parentCode: 'UBND_TINH',
  },
  {
    code: 'STNMT',
    name: 'Sở Tài nguyên và Môi trường tỉnh Bình An',
    level: 'PROVINCE',
    parentCode: 'UBND_TINH',
  },
  { code: 'VPDKDD', name: 'Văn phòng Đăng ký đất đai tỉnh Bình An', level: 'PROVINCE', parentCode: 'STNMT' },
  { code: 'CUCTHUE', name: 'Cục Thuế tỉnh Bình An', level: 'PROVINCE' },
  { code: 'KBNN_TINH', name: 'Kho bạc Nhà nước tỉnh Bình An', level: 'PROVINCE' },
  {
    code: 'SKHDT',
    name: 'Sở Kế hoạch và Đầu tư tỉnh Bình An (Phòng Đăng ký kinh doanh)',
    level: 'PROVINCE',
    parentCode: 'UBND_TINH',
  },
  { code: 'STP', name: 'Sở Tư pháp tỉnh Bình An', level: 'PROVINCE', parentCode: 'UBND_TINH' },
  { code: 'SXD', name: 'Sở Xây dựng tỉnh Bình An', level: 'PROVINCE', parentCode: 'UBND_TINH' },
  { code: 'CA_TINH', name: 'Công an tỉnh Bình An', level: 'PROVINCE' },
  { code: 'BHXH_TINH', name: 'Bảo hiểm xã hội tỉnh Bình An', level: 'PROVINCE', parentCode: 'BHXH_VN' },

  // District
  { code: 'UBND_H_AN_PHU', name: 'Ủy ban nhân dân huyện An Phú', level: 'DISTRICT', parentCode: 'UBND_TINH' },
  {
    code: 'CNDKDD_AN_PHU',
    name: 'Chi nhánh Văn phòng Đăng ký đất đai huyện An Phú',
    level: 'DISTRICT',
    parentCode: 'VPDKDD',
  },
  { code: 'CCT_AN_PHU', name: 'Chi cục Thuế huyện An Phú', level: 'DISTRICT', parentCode: 'CUCTHUE' },
  { code: 'KBNN_AN_PHU', name: 'Kho bạc Nhà nước huyện An Phú', level: 'DISTRICT', parentCode: 'KBNN_TINH' },
  { code: 'BHXH_AN_PHU', name: 'Bảo hiểm xã hội huyện An Phú', level: 'DISTRICT', parentCode: 'BHXH_TINH' },
  { code: 'CA_H_AN_PHU', name: 'Công an huyện An Phú', level: 'DISTRICT', parentCode: 'CA_TINH' },
  {
    code: 'PLDTBXH_AN_PHU',
    name: 'Phòng Lao động - Thương binh và Xã hội huyện An Phú',
    level: 'DISTRICT',
    parentCode: 'UBND_H_AN_PHU',
  },

  // Commune
  {
    code: 'UBND_XA_PHU_HOA',
    name: 'Ủy ban nhân dân xã Phú Hòa',
    level: 'COMMUNE',
    parentCode: 'UBND_H_AN_PHU',
  },
  {
    code: 'UBND_XA_TAN_LAP',
    name: 'Ủy ban nhân dân xã Tân Lập',
    level: 'COMMUNE',
    parentCode: 'UBND_H_AN_PHU',
  },
  { code: 'CA_XA_PHU_HOA', name: 'Công an xã Phú Hòa', level: 'COMMUNE', parentCode: 'CA_H_AN_PHU' },
  { code: 'CA_XA_TAN_LAP', name: 'Công an xã Tân Lập', level: 'COMMUNE', parentCode: 'CA_H_AN_PHU' },
];
