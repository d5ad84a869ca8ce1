import {
  belongsToAgency,
  MIN_PASSWORD_LENGTH,
  normalizeUsername,
  passwordProblem,
  personTextProblem,
  usernameProblem,
} from './account-rules';

describe('usernames', () => {
  test('compare without case and surrounding spaces', () => {
    expect(normalizeUsername('  Nguyen.An ')).toBe('nguyen.an');
  });
  test.each(['abc', 'nguyen.an', 'motcua-phuhoa_2', '0ab', 'a'.repeat(64)])('%s is well-formed', (name) => {
    expect(usernameProblem(name)).toBeUndefined();
  });
  test.each(['ab', '.abc', '-abc', 'a b', 'nguyễn', 'a@b.vn', 'a'.repeat(65), ''])(
    '%j is refused',
    (name) => {
      expect(usernameProblem(name)).toMatch(/3 to 64 characters/);
    },
  );
});

describe('the password policy', () => {
  test(`at least ${MIN_PASSWORD_LENGTH} characters, counted as letters, not UTF-16 units`, () => {
    expect(passwordProblem('123456789')).toMatch(/at least 10/);
    expect(passwordProblem('1234567890')).toBeUndefined();
    // 9 letters with diacritics: still too short, however many bytes they take.
    expect(passwordProblem('ăâđêôơưạả')).toMatch(/at least 10/);
    expect(passwordProblem('𝔞'.repeat(5) + 'abcde')).toBeUndefined();
  });
  test('no composition rules: a long passphrase of lower-case words passes', () => {
    expect(passwordProblem('con mèo trèo cây cau')).toBeUndefined();
  });
  test('refuses one character repeated, the username itself, control characters and overlong ones', () => {
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/repeated/);
    expect(passwordProblem('Nguyen.An.2026', 'nguyen.an.2026')).toMatch(/username/);
    expect(passwordProblem('mat-khau\u0000-dai')).toMatch(/control/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
  });
});

describe('names and titles', () => {
  test('required, bounded, one line', () => {
    expect(personTextProblem('', 200)).toBe('required');
    expect(personTextProblem('Nguyễn Thị Lan', 200)).toBeUndefined();
    expect(personTextProblem('x'.repeat(201), 200)).toMatch(/at most/);
    expect(personTextProblem('Chuyên viên\nTrưởng phòng', 200)).toMatch(/control/);
  });
});

test('AGENCY and DESK belong to an agency; the other roles do not', () => {
  expect(['AGENCY', 'DESK', 'SUPERVISOR', 'ADMIN', 'PORTAL'].map((r) => belongsToAgency(r as any))).toEqual([
    true,
    true,
    false,
    false,
    false,
  ]);
});
