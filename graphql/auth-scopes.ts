// Who may call a field. Each field lists the scopes it serves in `authScopes`; the builder's
// scope-auth plugin checks them against the caller before anything else runs.
import type { GraphQLContext } from './context';

/**
 * `public` (anyone, anonymous included), `authenticated` (any API key or signed-in person) or one role. Roles do not
 * include each other (ADMIN is not implicitly everything): each field lists the roles it serves,
 * `{ portal: true, admin: true }` meaning either (defaultStrategy 'any').
 */
export interface AuthScopes {
  public: boolean;
  authenticated: boolean;
  portal: boolean;
  agency: boolean;
  /** A one-stop desk officer: receives dossiers at its agency's counter and follows them. */
  desk: boolean;
  supervisor: boolean;
  admin: boolean;
}

export function authScopesOf({ principal }: GraphQLContext): AuthScopes {
  return {
    public: true,
    authenticated: principal !== null,
    portal: principal?.role === 'PORTAL',
    agency: principal?.role === 'AGENCY',
    desk: principal?.role === 'DESK',
    supervisor: principal?.role === 'SUPERVISOR',
    admin: principal?.role === 'ADMIN',
  };
}
