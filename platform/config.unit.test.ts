import { ConfigError, loadConfig } from './config';

const problems = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
};

test('defaults run everything on one machine', () => {
  expect(loadConfig({})).toMatchObject({
    PORT: 4000,
    TASK_QUEUE: 'lien-thong',
    TEMPORAL_NAMESPACE: 'default',
  });
});

test('a setting with control characters or ill-formed Unicode is refused, naming it, with the other mistakes', () => {
  const message = problems({
    DATABASE_URL: 'postgresql://db/lien_thong\n',
    TASK_QUEUE: 'queue\uD800',
    PORT: 'eighty',
    UNRELATED_VARIABLE: '\u0000 is not ours to judge',
  });
  expect(message).toContain('DATABASE_URL: contains the control character U+000A');
  expect(message).toContain('TASK_QUEUE: contains an unpaired surrogate U+D800');
  expect(message).toMatch(/PORT: /);
  expect(message).not.toContain('UNRELATED_VARIABLE');
});

test('TRUST_PROXY is false, true (one proxy) or a number of proxies', () => {
  expect(loadConfig({}).TRUST_PROXY).toBe(0);
  expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
  expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
  expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(
    /TRUST_PROXY: must be `false`, `true` \(one proxy\) or the number of proxies/,
  );
  expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8' })).toThrow(/TRUST_PROXY/);
});

test('lookup limits: defaults, and a per-code allowance that fits the per-client one and stays below the warning', () => {
  expect(loadConfig({})).toMatchObject({
    LOOKUP_FAILURES_PER_CLIENT: 20,
    LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER: 5,
    LOOKUP_WINDOW_SECONDS: 900,
    LOOKUP_WARN_FAILURES_PER_DOSSIER: 50,
  });
  expect(() => loadConfig({ LOOKUP_FAILURES_PER_CLIENT: '4' })).toThrow(
    /LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER: must not exceed LOOKUP_FAILURES_PER_CLIENT \(4\)/,
  );
  expect(() => loadConfig({ LOOKUP_WARN_FAILURES_PER_DOSSIER: '10' })).toThrow(
    /LOOKUP_WARN_FAILURES_PER_DOSSIER: must exceed twice LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER \(10\)/,
  );
  expect(() => loadConfig({ LOOKUP_WINDOW_SECONDS: '0' })).toThrow(/LOOKUP_WINDOW_SECONDS/);
  expect(
    loadConfig({ LOOKUP_FAILURES_PER_CLIENT: '5', LOOKUP_WARN_FAILURES_PER_DOSSIER: '11' })
      .LOOKUP_WARN_FAILURES_PER_DOSSIER,
  ).toBe(11);
});
