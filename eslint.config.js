// Lint rules that guard correctness, not taste: forgotten awaits on Temporal or Prisma calls, and
// workflow code that could break determinism by importing I/O.
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.tools/',
      '.data/',
      'prisma/generated/',
      'coverage/',
      'bench/results/',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed and must be deterministic: only @temporalio/workflow (and common),
    // pure domain modules and *types* of activities (docs/ARCHITECTURE.md).
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Node built-ins are not deterministic: not in workflow code.',
          })),
          patterns: [
            {
              group: ['@prisma/*', '**/prisma/**', 'pg', 'graphql', 'graphql-*', '@pothos/*', '@graphql-*'],
              message: 'No database or GraphQL in workflow code.',
            },
            {
              group: [
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
                '@temporalio/testing',
              ],
              message: 'Workflows import only @temporalio/workflow.',
            },
            {
              group: ['date-holidays', '**/calendar/holidays', '**/calendar/official-schedule'],
              message: 'Use the calendar snapshot (domain/calendar/working-calendar) in workflows.',
            },
            {
              group: [
                '**/activities/**',
                '**/agencies/**',
                '**/graphql/**',
                '**/dossiers/**',
                '**/catalog/*',
                '**/infra/**',
                '**/worker/**',
              ],
              allowTypeImports: true,
              message: 'Only `import type` from these in workflow code.',
            },
          ],
        },
      ],
    },
  },
);
