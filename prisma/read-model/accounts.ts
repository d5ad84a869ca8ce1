// The `account` and `account_session` tables: people's accounts and their signed-in browsers.
// services/access/accounts.ts and sessions.ts decide (password policy, hashing, expiry); this only
// stores and finds rows. Administration goes through Prisma. The two statements every sign-in and
// every cookie-authenticated request pay for are prepared: the account by username, and the
// session lookup that also slides its idle expiry (one UPDATE … RETURNING, no read-then-write).
import type { Account } from '../generated/client/client';
import type { Role } from '../generated/client/enums';
import type { PrismaClient } from '../database';
import type { SqlExecutor } from '../sql-executor';

/** What a sign-in needs of an account. */
export interface AccountCredentials {
  id: string;
  username: string;
  name: string;
  title: string;
  role: Role;
  agencyCode: string | null;
  passwordHash: string;
  active: boolean;
}

/** The account behind a live session. */
export interface SessionAccount {
  id: string;
  username: string;
  name: string;
  title: string;
  role: Role;
  agencyCode: string | null;
}

export async function accountByUsername(
  sql: SqlExecutor,
  username: string,
): Promise<AccountCredentials | undefined> {
  const [row] = await sql.query<AccountCredentials>(
    `SELECT id, username, name, title, role, agency_code AS "agencyCode", password_hash AS "passwordHash", active
     FROM account WHERE username = $1`,
    [username],
    { prepareAs: 'account_by_username' },
  );
  return row;
}

export type NewAccountRow = Pick<
  Account,
  'id' | 'username' | 'name' | 'title' | 'role' | 'agencyCode' | 'passwordHash' | 'createdBy'
>;

/** Inserts the account; undefined when the username is taken (nothing is written then). */
export async function insertAccountUnlessTaken(
  prisma: PrismaClient,
  row: NewAccountRow,
): Promise<Account | undefined> {
  const { count } = await prisma.account.createMany({ data: [row], skipDuplicates: true });
  return count === 1 ? prisma.account.findUniqueOrThrow({ where: { id: row.id } }) : undefined;
}

export function findAccount(prisma: PrismaClient, id: string): Promise<Account | null> {
  return prisma.account.findUnique({ where: { id } });
}

export function findAccountByUsername(prisma: PrismaClient, username: string): Promise<Account | null> {
  return prisma.account.findUnique({ where: { username } });
}

/** Deactivates the account and ends its sessions, in one transaction. */
export async function markAccountInactive(prisma: PrismaClient, id: string, at: Date): Promise<Account> {
  const [account] = await prisma.$transaction([
    prisma.account.update({ where: { id }, data: { active: false, deactivatedAt: at } }),
    prisma.accountSession.deleteMany({ where: { accountId: id } }),
  ]);
  return account;
}

/** Replaces the password hash and ends the account's sessions (whoever knew the old one is signed out). */
export async function replacePasswordHash(
  prisma: PrismaClient,
  id: string,
  passwordHash: string,
  at: Date,
): Promise<Account> {
  const [account] = await prisma.$transaction([
    prisma.account.update({ where: { id }, data: { passwordHash, passwordChangedAt: at } }),
    prisma.accountSession.deleteMany({ where: { accountId: id } }),
  ]);
  return account;
}

export function countAccounts(prisma: PrismaClient): Promise<number> {
  return prisma.account.count();
}

// ------------------------------------------------------------------ sessions

export async function insertSession(
  sql: SqlExecutor,
  session: { tokenHash: string; accountId: string; now: Date; expiresAt: Date },
): Promise<void> {
  await sql.query(
    `INSERT INTO account_session (token_hash, account_id, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $3, $4)`,
    [session.tokenHash, session.accountId, session.now, session.expiresAt],
    { prepareAs: 'insert_account_session' },
  );
}

/**
 * The account of the session whose token hashes to `tokenHash`, if the session is neither past its
 * absolute expiry nor idle for `idleSeconds` and the account is active; its last use becomes `now`
 * (the idle expiry slides). One statement: a request that finds a dead session changes nothing.
 */
export async function touchSession(
  sql: SqlExecutor,
  tokenHash: string,
  now: Date,
  idleSeconds: number,
): Promise<SessionAccount | undefined> {
  const [row] = await sql.query<SessionAccount>(
    `UPDATE account_session s SET last_seen_at = $2
     FROM account a
     WHERE s.token_hash = $1 AND a.id = s.account_id AND a.active
       AND s.expires_at > $2 AND s.last_seen_at > $2 - make_interval(secs => $3)
     RETURNING a.id, a.username, a.name, a.title, a.role, a.agency_code AS "agencyCode"`,
    [tokenHash, now, idleSeconds],
    { prepareAs: 'touch_account_session' },
  );
  return row;
}

export async function deleteSession(sql: SqlExecutor, tokenHash: string): Promise<void> {
  await sql.query(`DELETE FROM account_session WHERE token_hash = $1`, [tokenHash], {
    prepareAs: 'delete_account_session',
  });
}

/** Removes the account's dead sessions (run at each of its sign-ins, so the table does not grow without bound). */
export async function deleteDeadSessions(
  sql: SqlExecutor,
  accountId: string,
  now: Date,
  idleSeconds: number,
): Promise<void> {
  await sql.query(
    `DELETE FROM account_session
     WHERE account_id = $1 AND (expires_at <= $2 OR last_seen_at <= $2 - make_interval(secs => $3))`,
    [accountId, now, idleSeconds],
    { prepareAs: 'delete_dead_account_sessions' },
  );
}
