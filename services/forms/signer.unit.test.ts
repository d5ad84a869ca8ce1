import { actingPersonOf, parseActorLabel, receiverOf, signerOf, type SignerDirectory } from './signer';

const desk = { code: 'CNDKDD_AN_PHU', name: 'Chi nhánh VPĐKĐĐ huyện An Phú' };
const tax = { code: 'CCT_AN_PHU', name: 'Chi cục Thuế huyện An Phú' };
const directory: SignerDirectory = {
  agencies: new Map([
    [desk.code, desk],
    [tax.code, tax],
  ]),
  keyLabels: new Map([['key-1', 'Một cửa CN VPĐKĐĐ An Phú']]),
};
const person = { name: 'Trần Thị Thu Hà', title: 'Phó Giám đốc' };

test('a signed-in person signs with the name and title recorded with the event', () => {
  const payload = { stepKey: 'kiem-tra-ho-so', by: person };
  expect(
    signerOf('AGENCY:CNDKDD_AN_PHU:acc-1', 'NGƯỜI TỪ CHỐI', desk, directory, actingPersonOf(payload)),
  ).toEqual({ role: 'NGƯỜI TỪ CHỐI', ...person });
  // Whatever the actor: the person wins over a key label, an agency's name or the system.
  expect(signerOf(undefined, 'THỦ TRƯỞNG CƠ QUAN', desk, directory, person)).toEqual({
    role: 'THỦ TRƯỞNG CƠ QUAN',
    ...person,
  });
  // A person recorded without a title is printed with the agency the paper speaks for.
  expect(
    signerOf('DESK:CNDKDD_AN_PHU:acc-2', 'R', desk, directory, { name: 'Lê Văn An', title: '' }),
  ).toEqual({
    role: 'R',
    name: 'Lê Văn An',
    title: desk.name,
  });
});

test('payload.by is read only when it names a person', () => {
  expect(actingPersonOf({ by: person })).toEqual(person);
  expect(actingPersonOf({ by: { name: '  Lê Văn An ', title: ' Chuyên viên ' } })).toEqual({
    name: 'Lê Văn An',
    title: 'Chuyên viên',
  });
  for (const payload of [undefined, null, {}, { by: null }, { by: { name: '' } }, { by: { name: 3 } }, 'x'])
    expect(actingPersonOf(payload)).toBeUndefined();
});

test('without a person: the key label, the agency, the portal, the applicant or the system', () => {
  expect(signerOf('AGENCY:CNDKDD_AN_PHU:key-1', 'R', desk, directory)).toEqual({
    role: 'R',
    name: 'Một cửa CN VPĐKĐĐ An Phú',
    title: desk.name,
  });
  expect(signerOf('AGENCY:CCT_AN_PHU:unknown', 'R', desk, directory)).toEqual({
    role: 'R',
    name: tax.name,
    title: tax.name,
  });
  // A DESK actor is an agency's too (its label carries the agency), not the system.
  expect(signerOf('DESK:CCT_AN_PHU:acc-9', 'R', desk, directory)).toEqual({
    role: 'R',
    name: tax.name,
    title: tax.name,
  });
  expect(signerOf('SUPERVISOR:sup-1', 'R', desk, directory).name).toBe('Cán bộ giám sát');
  expect(signerOf('PORTAL:key-x', 'R', desk, directory).name).toBe('Cổng dịch vụ công');
  expect(signerOf('APPLICANT:applicant', 'R', desk, directory).name).toBe('Người nộp hồ sơ');
  expect(signerOf('SYSTEM:system', 'R', desk, directory)).toEqual({
    role: 'R',
    name: desk.name,
    title: 'Hệ thống thông tin giải quyết thủ tục hành chính',
  });
  expect(signerOf(undefined, 'R', desk, directory).name).toBe(desk.name);
});

test('actor labels: agency and desk actors carry their agency', () => {
  expect(parseActorLabel('AGENCY:CCT_AN_PHU:k:1')).toEqual({
    kind: 'AGENCY',
    agencyCode: 'CCT_AN_PHU',
    id: 'k:1',
  });
  expect(parseActorLabel('DESK:CCT_AN_PHU:a')).toEqual({ kind: 'DESK', agencyCode: 'CCT_AN_PHU', id: 'a' });
  expect(parseActorLabel('SYSTEM:system')).toEqual({ kind: 'SYSTEM', id: 'system' });
  expect(parseActorLabel('APPLICANT')).toEqual({ kind: 'APPLICANT' });
});

test('the receiver: the officer who submitted at the counter or by post, else the desk; online, the portal', () => {
  expect(receiverOf('COUNTER', desk, person)).toEqual({ role: 'NGƯỜI TIẾP NHẬN HỒ SƠ', ...person });
  expect(receiverOf('POST', desk, person).name).toBe(person.name);
  expect(receiverOf('COUNTER', desk)).toEqual({
    role: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
    name: 'Bộ phận Một cửa',
    title: desk.name,
  });
  expect(receiverOf('ONLINE', desk, person).name).toBe('Tiếp nhận trực tuyến');
});
