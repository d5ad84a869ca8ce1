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
  expect(loadConfig({})).toMatchObject({ PORT: 4000, TASK_QUEUE: 'lien-thong', TEMPORAL_NAMESPACE: 'default' });
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
