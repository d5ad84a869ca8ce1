// What makes an account well-formed: its username, its password (the policy), the person's name and
// title, and which roles belong to an agency. Pure: the services apply these before storing anything.
import { AGENCY_ROLES, type Role } from '../principal';
import { textProblem } from '../text/well-formed';

/** NIST SP 800-63B asks for at least 8; officers' accounts reach personal data, so 10. */
export const MIN_PASSWORD_LENGTH = 10;
/** Bounds the hashing work one request can ask for (argon2 takes any length). */
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_NAME_LENGTH = 200;
export const MAX_TITLE_LENGTH = 200;
/** Lower-case ASCII letters, digits, `.`, `_`, `-`; starting with a letter or digit; 3 to 64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Usernames compare without case and surrounding spaces: `Nguyen.An ` signs in as `nguyen.an`. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Why `username` (already normalised) cannot name an account, or undefined. */
export function usernameProblem(username: string): string | undefined {
  if (USERNAME_PATTERN.test(username)) return undefined;
  return 'must be 3 to 64 characters of a-z, 0-9, `.`, `_` or `-`, starting with a letter or a digit';
}

/**
 * Why `password` is refused by the policy, or undefined. Length is what matters (NIST SP 800-63B):
 * no composition rules, which push people to predictable substitutions. Counted in code points, so
 * a Vietnamese passphrase counts its letters, not its UTF-16 units.
 */
export function passwordProblem(password: string, username?: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (textProblem(password, { singleLine: true })) return 'must not contain control characters';
  if (new Set(password).size === 1) return 'must not be one character repeated';
  if (username && normalizeUsername(password) === username) return 'must not be the username';
  return undefined;
}

/** Why a person's name or title is refused, or undefined (after trimming). */
export function personTextProblem(text: string, maxLength: number): string | undefined {
  if (text.length === 0) return 'required';
  if (text.length > maxLength) return `at most ${maxLength} characters`;
  return textProblem(text, { singleLine: true });
}

/** Accounts are for people: portals are systems and keep API keys. */
export const ACCOUNT_ROLES: readonly Role[] = ['SUPERVISOR', 'AGENCY', 'DESK', 'ADMIN'];

/** Whether accounts (and keys) of `role` must name an agency, and no others may. */
export const belongsToAgency = (role: Role): boolean => AGENCY_ROLES.includes(role);
