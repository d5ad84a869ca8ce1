import { handovers, JUDGEMENT_TEXT } from './control-sheet-rows';
import { SAMPLE_DOSSIER_FACTS } from './sample-facts';
import { vietnameseTime } from './format';

const row = (h: ReturnType<typeof handovers>[number]) => [
  h.giving.code,
  h.receiving.code,
  vietnameseTime(h.at),
  h.judgement ? JUDGEMENT_TEXT[h.judgement] : '',
];

test('one row per handover: the desk first and last, each parallel branch in its own rows, each judged against its own step', () => {
  expect(handovers(SAMPLE_DOSSIER_FACTS).map(row)).toEqual([
    ['CNDKDD_AN_PHU', 'CNDKDD_AN_PHU', '07 giờ 30 phút, ngày 02 tháng 12 năm 2026', ''],
    ['CNDKDD_AN_PHU', 'CCT_AN_PHU', '10 giờ 05 phút, ngày 02 tháng 12 năm 2026', 'Đúng hạn'],
    ['CNDKDD_AN_PHU', 'CNDKDD_AN_PHU', '10 giờ 05 phút, ngày 02 tháng 12 năm 2026', 'Đúng hạn'],
    ['CCT_AN_PHU', 'KBNN_AN_PHU', '15 giờ 20 phút, ngày 04 tháng 12 năm 2026', 'Trước hạn'],
    ['KBNN_AN_PHU', 'CNDKDD_AN_PHU', '09 giờ 00 phút, ngày 07 tháng 12 năm 2026', 'Đúng hạn'],
    ['CNDKDD_AN_PHU', 'CNDKDD_AN_PHU', '09 giờ 40 phút, ngày 08 tháng 12 năm 2026', 'Quá hạn'],
    ['CNDKDD_AN_PHU', 'CNDKDD_AN_PHU', '16 giờ 10 phút, ngày 10 tháng 12 năm 2026', 'Quá hạn'],
    ['CNDKDD_AN_PHU', 'APPLICANT', '08 giờ 15 phút, ngày 11 tháng 12 năm 2026', 'Trước hạn'],
  ]);
});

test('a SYSTEM step that ran at 21:30, before the 07:30 receipt, is printed at the receipt with its real time kept', () => {
  const submitted = new Date('2026-12-01T21:30:00+07:00');
  const facts = {
    ...SAMPLE_DOSSIER_FACTS,
    status: 'IN_PROGRESS' as const,
    steps: [
      {
        ...SAMPLE_DOSSIER_FACTS.steps[0],
        startedAt: submitted,
        completedAt: new Date('2026-12-01T21:30:02+07:00'),
        judgement: 'EARLY' as const,
      },
      {
        ...SAMPLE_DOSSIER_FACTS.steps[1],
        status: 'ACTIVE' as const,
        completedAt: undefined,
        judgement: undefined,
      },
    ],
  };
  const rows = handovers(facts);
  expect(rows.map((h) => h.at.getTime())).toEqual([facts.receivedAt.getTime(), facts.receivedAt.getTime()]);
  expect(rows.every((h) => h.at >= facts.receivedAt)).toBe(true);
  expect(rows.map((h) => h.actualAt?.toISOString())).toEqual([
    submitted.toISOString(),
    '2026-12-01T14:30:02.000Z',
  ]);
});
