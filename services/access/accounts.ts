// People's accounts as administrators manage them: create, deactivate, reset a password. The rules
// (username, password policy, name and title, which roles name an agency) are the domain's
// (domain/accounts/account-rules.ts); the password is stored only as an argon2id hash.
import { randomUUID } from 'node:crypto';
import {
  ACCOUNT_ROLES,
  belongsToAgency,
  MAX_NAME_LENGTH,
  MAX_TITLE_LENGTH,
  normalizeUsername,
  passwordProblem,
  personTextProblem,
  usernameProblem,
} from '../../domain/accounts/account-rules';
import { DomainError } from '../../domain/errors';
import type { Role } from '../../domain/principal';
import type { PrismaClient } from '../../prisma/database';
import {
  findAccount,
  insertAccountUnlessTaken,
  markAccountInactive,
  replacePasswordHash,
} from '../../prisma/read-model/accounts';
import { agencyExists } from '../../prisma/read-model/catalog';
import { hashPassword } from './passwords';

export interface NewAccount {
  username: string;
  password: string;
  name: string;
  title: string;
  role: Role;
  agencyCode?: string | null;
}

const invalid = (field: string, problem: string) =>
  new DomainError('VALIDATION_FAILED', `${field}: ${problem}`);

/** Checks everything before anything is hashed or stored; the first problem is the answer. */
async function checkNewAccount(prisma: PrismaClient, input: NewAccount) {
  const username = normalizeUsername(input.username);
  const usernameIssue = usernameProblem(username);
  if (usernameIssue) throw invalid('username', usernameIssue);
  const name = input.name.trim();
  const title = input.title.trim();
  const nameIssue = personTextProblem(name, MAX_NAME_LENGTH);
  if (nameIssue) throw invalid('name', nameIssue);
  const titleIssue = personTextProblem(title, MAX_TITLE_LENGTH);
  if (titleIssue) throw invalid('title', titleIssue);
  if (!ACCOUNT_ROLES.includes(input.role)) {
    throw invalid(
      'role',
      `accounts are for people (${ACCOUNT_ROLES.join(', ')}); a ${input.role} uses an API key`,
    );
  }
  const agencyCode = input.agencyCode?.trim() || undefined;
  if (belongsToAgency(input.role)) {
    if (!agencyCode) throw invalid('agencyCode', `required for a ${input.role} account`);
    if (!(await agencyExists(prisma, agencyCode)))
      throw new DomainError('AGENCY_NOT_FOUND', `No agency ${agencyCode}`);
  } else if (agencyCode) {
    throw invalid('agencyCode', `only AGENCY and DESK accounts belong to an agency, not ${input.role} ones`);
  }
  const weak = passwordProblem(input.password, username);
  if (weak) throw new DomainError('WEAK_PASSWORD', `password: ${weak}`);
  return { username, name, title, role: input.role, agencyCode: agencyCode ?? null };
}

export async function createAccount(prisma: PrismaClient, input: NewAccount, createdBy?: string) {
  const checked = await checkNewAccount(prisma, input);
  const account = await insertAccountUnlessTaken(prisma, {
    id: randomUUID(),
    ...checked,
    passwordHash: await hashPassword(input.password),
    createdBy: createdBy ?? null,
  });
  if (!account) throw new DomainError('ACCOUNT_EXISTS', `The username ${checked.username} is taken`);
  return account;
}

async function existing(prisma: PrismaClient, id: string) {
  const account = await findAccount(prisma, id);
  if (!account) throw new DomainError('NOT_FOUND', `No account ${id}`);
  return account;
}

/** Ends the account's sessions at once; deactivating twice keeps the first date. Accounts are never deleted. */
export async function deactivateAccount(prisma: PrismaClient, id: string) {
  const account = await existing(prisma, id);
  if (!account.active) return account;
  return markAccountInactive(prisma, id, new Date());
}

/** Sets a new password (under the policy) and signs the account out everywhere. */
export async function resetAccountPassword(prisma: PrismaClient, id: string, password: string) {
  const account = await existing(prisma, id);
  const weak = passwordProblem(password, account.username);
  if (weak) throw new DomainError('WEAK_PASSWORD', `password: ${weak}`);
  return replacePasswordHash(prisma, id, await hashPassword(password), new Date());
}
