// Password hashing for people's accounts: argon2id (the winner of the Password Hashing Competition,
// OWASP's first choice) through `@node-rs/argon2`, whose prebuilt binary for each platform comes as an
// ordinary optional dependency: no install script, nothing compiled (the `argon2` package's prebuilt
// Linux binary crashed Node here without its blocked install script). The parameters are OWASP's
// (m = 19 MiB, t = 2, p = 1): a few tens of milliseconds on one core, off the main thread, so a sign-in never blocks the event loop and a flood of sign-ins
// cannot take every core of a small server. They live in each hash string, so raising them later
// leaves old hashes verifiable.
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2 (an ambient const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** Whether `password` matches `hash`; a malformed hash is a mismatch, not an error. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
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
