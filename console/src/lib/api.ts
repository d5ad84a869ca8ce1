// The console's one way to the server: GraphQL over fetch with the session cookie and the CSRF
// header, subscriptions over graphql-sse with the same header, and the sign-in routes. Errors come
// back as ApiError with the server's code, so pages show the Vietnamese message for it.
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-sse';
import type { TadaDocumentNode } from 'gql.tada';

/** A problem the server found at one field of the input, e.g. `steps[2].after[0]` (extensions.details.errors). */
export interface FieldProblem {
  path: string;
  code?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The server's `extensions.details`, e.g. `{ component }` with COMPONENT_MISSING. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** A refused input's problems (a procedure definition, a calendar change), each at its field (`details.errors`). */
  get fieldProblems(): FieldProblem[] {
    return Array.isArray(this.details.errors) ? (this.details.errors as FieldProblem[]) : [];
  }
}

let csrfToken = '';
export const setCsrfToken = (token: string) => {
  csrfToken = token;
  sseClient?.dispose();
  sseClient = undefined;
};

/** Called when the server says the session is gone (401 / UNAUTHENTICATED): the app signs out. */
let onSessionLost: () => void = () => {};
export const whenSessionLost = (handler: () => void) => {
  onSessionLost = handler;
};

const headers = () => ({ 'content-type': 'application/json', 'x-csrf-token': csrfToken });

export async function request<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers(),
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    throw new ApiError('NETWORK', 'network');
  }
  const body = (await response.json().catch(() => null)) as {
    data?: Result;
    errors?: { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[];
  } | null;
  const error = body?.errors?.[0];
  if (response.status === 401 || error?.extensions?.code === 'UNAUTHENTICATED') {
    onSessionLost();
    throw new ApiError('UNAUTHENTICATED', error?.message ?? 'unauthenticated');
  }
  if (error)
    throw new ApiError(error.extensions?.code ?? 'UNKNOWN', error.message, error.extensions?.details);
  if (!body?.data) throw new ApiError('UNKNOWN', `HTTP ${response.status}`);
  return body.data;
}

let sseClient: Client | undefined;
function sse(): Client {
  sseClient ??= createClient({
    url: '/graphql',
    credentials: 'same-origin',
    headers: () => ({ 'x-csrf-token': csrfToken }),
    retryAttempts: Infinity,
  });
  return sseClient;
}

/** Follows a subscription until the returned function is called; `onError` hears of a lost stream. */
export function subscribe<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  onNext: (data: Result) => void,
  onError: (error: unknown) => void = () => {},
): () => void {
  return sse().subscribe<Result>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (value) => value.data && onNext(value.data as Result),
      error: onError,
      complete: () => {},
    },
  );
}

export interface Person {
  username: string;
  name: string;
  title: string;
  role: 'SUPERVISOR' | 'AGENCY' | 'DESK' | 'ADMIN';
  agencyCode: string | null;
}
export interface Session {
  person: Person;
  csrfToken: string;
}

export async function currentSession(): Promise<Session | null> {
  const response = await fetch('/auth/session', { credentials: 'same-origin' });
  if (!response.ok) return null;
  return (await response.json()) as Session;
}

export async function signIn(username: string, password: string): Promise<Session> {
  let response: Response;
  try {
    response = await fetch('/auth/sign-in', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new ApiError('NETWORK', 'network');
  }
  const body = (await response.json().catch(() => null)) as
    (Session & { error?: undefined }) | { error: { code: string; retryAfterSeconds?: number } } | null;
  if (response.ok && body && !body.error) return body;
  const code = body?.error?.code ?? 'UNKNOWN';
  throw Object.assign(new ApiError(code, code), {
    retryAfterSeconds: (body?.error as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds,
  });
}

export async function signOut(): Promise<void> {
  await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin', headers: headers() }).catch(
    () => undefined,
  );
}
