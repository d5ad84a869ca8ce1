// `npm run account:create -- --username … --name "…" --title "…" --role ADMIN [--agency CODE]`:
// creates a person's account in DATABASE_URL (or the embedded database; stop `npm start` first), e.g.
// the first administrator of a fresh production install, who then creates the others in the
// console or with `createAccount`. The password comes from the environment variable
// ACCOUNT_PASSWORD, from the first line of standard input with `--password-stdin`, or else is
// generated and printed once. It never appears on the command line (shell history, `ps`).
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../domain/principal';
import { DomainError } from '../domain/errors';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { createAccount } from '../services/access/accounts';

const USAGE =
  'usage: npm run account:create -- --username <name> --name "<full name>" --title "<title>" --role SUPERVISOR|AGENCY|DESK|ADMIN [--agency <code>] [--password-stdin]';

async function firstLineOfStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      title: { type: 'string' },
      role: { type: 'string' },
      agency: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const { username, name, title, role } = values;
  if (!username || !name || !title || !role || !ROLES.includes(role as Role)) throw new Error(USAGE);
  let password = process.env.ACCOUNT_PASSWORD;
  if (values['password-stdin']) password = await firstLineOfStdin();
  const generated = !password;
  password ||= randomBytes(12).toString('base64url');

  const config = loadConfig();
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, 'pglite') });
  try {
    await applyMigrations(db.sql);
    const account = await createAccount(
      db.prisma,
      { username, password, name, title, role: role as Role, agencyCode: values.agency },
      'npm run account:create',
    );
    console.log(
      `Created ${account.role} account ${account.username} (${account.name}, ${account.title}), id ${account.id}.`,
    );
    if (generated) console.log(`Password (shown once): ${password}`);
  } finally {
    await db.close();
  }
}

run().catch((err) => {
  console.error(
    err instanceof DomainError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : err,
  );
  process.exit(1);
});
