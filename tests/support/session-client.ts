// Signing in as a person over HTTP, as the console does: POST /auth/sign-in, then the cookie and the
// CSRF token on every request. `Credential` is what test helpers take: an API key (a string) or a
// session.
export interface Session {
  /** `lt_session=<token>`, as the browser sends it back. */
  cookie: string;
  csrfToken: string;
  person: { username: string; name: string; title: string; role: string; agencyCode: string | null };
}

export type Credential = string | Session | undefined;

/** The headers that carry a credential: a bearer key, or the session's cookie and CSRF token. */
export function credentialHeaders(credential: Credential): Record<string, string> {
  if (credential === undefined) return {};
  if (typeof credential === 'string') return { authorization: `Bearer ${credential}` };
  return { cookie: credential.cookie, 'x-csrf-token': credential.csrfToken };
}

export interface SignInAnswer {
  status: number;
  body: any;
  /** The Set-Cookie header, whole. */
  setCookie: string | null;
  headers: Headers;
}

/** POST /auth/sign-in on the server of `graphqlUrl`. */
export async function postSignIn(
  graphqlUrl: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignInAnswer> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/auth/sign-in'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
  return {
    status: response.status,
    body: await response.json(),
    setCookie: response.headers.get('set-cookie'),
    headers: response.headers,
  };
}

/** Signs in, failing the test if it does not work. */
export async function signInAs(graphqlUrl: string, username: string, password: string): Promise<Session> {
  const answer = await postSignIn(graphqlUrl, username, password);
  if (answer.status !== 200 || !answer.setCookie)
    throw new Error(`sign-in as ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return {
    cookie: answer.setCookie.split(';')[0],
    csrfToken: answer.body.csrfToken,
    person: answer.body.person,
  };
}
