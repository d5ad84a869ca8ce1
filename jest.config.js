// Two projects: `unit` is pure and fast (no sockets, no servers); `integration` runs against the
// real Temporal server binaries, real PostgreSQL and real HTTP sockets, set up by tests/integration/global-setup.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests drive real servers; unit tests finish far below this anyway.
  testTimeout: 120000,
  // Two test files at a time: most integration time is waiting (a step running late, a timeout after a
  // killed worker, a browser), which two files overlap on two cores. Each jest worker has a lane of its
  // own, a database and a Temporal namespace (tests/integration/global-setup.ts, lane.ts): files that
  // run at once share neither. JEST_MAX_WORKERS=1 runs one file at a time.
  maxWorkers: Number(process.env.JEST_MAX_WORKERS ?? 2),
  projects: [
    {
      displayName: 'unit',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/**/*.unit.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/.tools/', '/.data/'],
    },
    {
      displayName: 'integration',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
      globalSetup: '<rootDir>/tests/integration/global-setup.ts',
      setupFiles: ['<rootDir>/tests/integration/lane.ts'],
      globalTeardown: '<rootDir>/tests/integration/global-teardown.ts',
    },
  ],
};
