import { receiveComponents } from './components';
import type { DocumentComponent } from './types';

const listed: DocumentComponent[] = [
  {
    code: 'hop-dong',
    name: 'Hợp đồng chuyển nhượng',
    required: true,
    originals: 1,
    certifiedCopies: 0,
    photocopies: 0,
  },
  {
    code: 'cccd',
    name: 'Căn cước công dân',
    required: true,
    originals: 0,
    certifiedCopies: 2,
    photocopies: 0,
  },
  {
    code: 'mien-thue',
    name: 'Giấy tờ miễn thuế',
    required: false,
    originals: 0,
    certifiedCopies: 1,
    photocopies: 0,
  },
];

test('records what was handed in, in the procedure order, with the names', () => {
  expect(
    receiveComponents(listed, [
      { code: 'cccd', certifiedCopies: 2 },
      { code: 'hop-dong', originals: 1 },
    ]),
  ).toEqual({
    ok: true,
    components: [
      { code: 'hop-dong', name: 'Hợp đồng chuyển nhượng', originals: 1, certifiedCopies: 0, photocopies: 0 },
      { code: 'cccd', name: 'Căn cước công dân', originals: 0, certifiedCopies: 2, photocopies: 0 },
    ],
  });
});

test('a required component missing (or with no copy) is named; an unknown code is named', () => {
  expect(receiveComponents(listed, [{ code: 'hop-dong', originals: 1 }])).toMatchObject({
    ok: false,
    problem: { code: 'COMPONENT_MISSING', component: 'cccd' },
  });
  expect(
    receiveComponents(listed, [
      { code: 'hop-dong', originals: 1 },
      { code: 'cccd', photocopies: 0 },
    ]),
  ).toMatchObject({
    ok: false,
    problem: { code: 'COMPONENT_MISSING', component: 'cccd' },
  });
  expect(receiveComponents(listed, [{ code: 'so-ho-khau', originals: 1 }])).toMatchObject({
    ok: false,
    problem: { code: 'UNKNOWN_COMPONENT', component: 'so-ho-khau' },
  });
});
