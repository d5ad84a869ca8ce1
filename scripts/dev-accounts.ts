// `npm start` on the embedded development database signs up the demo people
// (domain/accounts/demo-accounts.ts) with passwords made once and kept in the data directory
// (git-ignored, like the dev admin key), so they survive restarts and are printed at start. An
// account that exists already is left as it is (an administrator may have changed it).
// Development only: production creates its first administrator with `npm run account:create`.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_ACCOUNTS, type DemoAccount } from '../domain/accounts/demo-accounts';
import { DomainError } from '../domain/errors';
import type { PrismaClient } from '../prisma/database';
import { createAccount } from '../services/access/accounts';

export interface DemoSignIn extends DemoAccount {
  password: string;
}

async function demoPasswords(dataDir: string): Promise<Record<string, string>> {
  const file = path.join(dataDir, 'dev-accounts.json');
  let passwords: Record<string, string> = {};
  try {
    passwords = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch {
    // First start: made below.
  }
  let changed = false;
  for (const { username } of DEMO_ACCOUNTS) {
    if (typeof passwords[username] !== 'string') {
      // 12 characters of base64url ≈ 72 bits: above the policy, easy to type.
      passwords[username] = randomBytes(9).toString('base64url');
      changed = true;
    }
  }
  if (changed) await writeFile(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  return passwords;
}

export async function ensureDemoAccounts(prisma: PrismaClient, dataDir: string): Promise<DemoSignIn[]> {
  const passwords = await demoPasswords(dataDir);
  const signIns: DemoSignIn[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = passwords[account.username];
    try {
      await createAccount(prisma, { ...account, password }, 'npm start (demo accounts)');
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'ACCOUNT_EXISTS')) throw err;
    }
    signIns.push({ ...account, password });
  }
  return signIns;
}
