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
  // One test file at a time: the integration files share the run's database and seed the sample catalog
  // into it, which two files at once would race on.
  maxWorkers: 1,
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
      globalTeardown: '<rootDir>/tests/integration/global-teardown.ts',
    },
  ],
};
