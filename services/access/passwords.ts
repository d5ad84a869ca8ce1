// Password hashing for people's accounts: argon2id (the winner of the Password Hashing Competition,
// OWASP's first choice) through the `argon2` package, whose prebuilt binaries load without install
// scripts. The parameters are OWASP's (m = 19 MiB, t = 2, p = 1): a few tens of milliseconds on one
// core, in libuv's thread pool, so a sign-in never blocks the event loop and a flood of sign-ins
// cannot take every core of a small server. They live in each hash string, so raising them later
// leaves old hashes verifiable.
import argon2 from 'argon2';

export const PASSWORD_HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASH_OPTIONS);
}

/** Whether `password` matches `hash`; a malformed hash is a mismatch, not an error. */
export async function passwordMatches(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;
/**
 * Verifies `password` against a hash of nothing anyone knows: a sign-in with an unknown username
 * costs the same hashing as a wrong password, so the answer's timing does not tell them apart.
 */
export async function spendVerification(password: string): Promise<false> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  await passwordMatches(await decoy, password);
  return false;
}
