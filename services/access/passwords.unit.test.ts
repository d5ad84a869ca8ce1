import { hashPassword, passwordMatches, spendVerification } from './passwords';

test('argon2id hashes verify the password and nothing else; a malformed hash is a mismatch', async () => {
  const hash = await hashPassword('mật khẩu dài đủ');
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await hashPassword('mật khẩu dài đủ')).not.toBe(hash); // salted
  expect(await passwordMatches(hash, 'mật khẩu dài đủ')).toBe(true);
  expect(await passwordMatches(hash, 'mat khau dai du')).toBe(false);
  expect(await passwordMatches('not a hash', 'anything')).toBe(false);
});

test('the decoy verification never succeeds', async () => {
  expect(await spendVerification('')).toBe(false);
  expect(await spendVerification('decoy')).toBe(false);
});
