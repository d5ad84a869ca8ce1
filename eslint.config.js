// Lint rules that guard correctness and the layout, not taste: forgotten awaits on Temporal or
// Prisma calls, workflow code that could break determinism, and which room may import which
// (docs/ARCHITECTURE.md draws the same rules). Layout is Prettier's (npm run format).
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** An import pattern for a room of this repository, by its folder (`services` → any path through services/). */
const room = (...names) => names.map((name) => `**/${name}/**`);

/** One rule per room: `forbidden` rooms may not be imported at all, `typesOnly` rooms only with `import type`. */
function imports({ files, ignores = [], forbidden = [], typesOnly = [], extra = [], paths = [] }) {
  const patterns = [
    ...forbidden.map(({ rooms, why }) => ({ group: room(...rooms), message: why })),
    ...typesOnly.map(({ rooms, why }) => ({ group: room(...rooms), allowTypeImports: true, message: why })),
    ...extra,
  ];
  return {
    files,
    ignores: ['**/*.test.ts', ...ignores],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
  };
}

const ROOMS_OF_THE_SERVER = [
  'domain',
  'services',
  'graphql',
  'api',
  'prisma',
  'platform',
  'workflows',
  'activities',
  'worker',
  'integrations',
  'simulators',
  'scripts',
  'tests',
  'bench',
];
const NOT_UPWARD = 'Rooms import downward only (docs/ARCHITECTURE.md): this one must not depend on that one.';
const NO_SIMULATORS = {
  rooms: ['simulators'],
  why: 'Simulators stand in for agencies in development and tests; production code never imports them.',
};
const NO_SQL_DRIVERS = {
  group: ['pg', '@electric-sql/*', '**/prisma/sql-executor'],
  allowTypeImports: true,
  message: 'SQL against the read model lives in prisma/read-model/: call its named functions.',
};

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.tools/',
      '.data/',
      'prisma/generated/',
      'coverage/',
      'bench/results/',
      'console/dist/',
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
    // Raw SQL through Prisma belongs with the rest of the read model's statements.
    files: ['**/*.ts'],
    ignores: ['prisma/**', 'tests/**', 'bench/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^\\$(queryRaw|executeRaw)(Unsafe)?$/]',
          message: 'SQL against the read model lives in prisma/read-model/: call its named functions.',
        },
      ],
    },
  },
  // Workflow code is replayed and must be deterministic: only @temporalio/workflow (and common), the
  // pure domain and *types* of activities.
  imports({
    files: ['workflows/**/*.ts'],
    paths: nodeBuiltins.map((name) => ({
      name,
      message: 'Node built-ins are not deterministic: not in workflow code.',
    })),
    forbidden: [
      {
        rooms: [
          'api',
          'graphql',
          'services',
          'platform',
          'prisma',
          'worker',
          'integrations',
          'simulators',
          'forms',
        ],
        why: 'Workflows import only the domain (and types of activities).',
      },
    ],
    typesOnly: [{ rooms: ['activities'], why: 'Only `import type` from activities in workflow code.' }],
    extra: [
      {
        group: ['@prisma/*', 'pg', 'graphql', 'graphql-*', '@pothos/*', '@graphql-*'],
        message: 'No database or GraphQL in workflow code.',
      },
      {
        group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
        message: 'Workflows import only @temporalio/workflow.',
      },
      {
        group: ['date-holidays', '**/calendar/holidays', '**/calendar/official-schedule'],
        message: 'Use the calendar snapshot (domain/calendar/working-calendar) in workflows.',
      },
    ],
  }),
  // The domain is pure and shared by every room, workflows included.
  imports({
    files: ['domain/**/*.ts'],
    paths: nodeBuiltins.map((name) => ({ name, message: 'The domain is pure: no I/O.' })),
    forbidden: [
      {
        rooms: [
          'activities',
          'api',
          'forms',
          'graphql',
          'integrations',
          'platform',
          'prisma',
          'services',
          'simulators',
          'worker',
          'workflows',
        ],
        why: 'The domain imports nothing of the other rooms: they all build on it.',
      },
    ],
    extra: [
      {
        group: ['@prisma/*', 'pg', 'graphql', '@pothos/*', '@temporalio/client', '@temporalio/worker'],
        message: 'The domain is pure: no I/O.',
      },
    ],
  }),
  imports({
    files: ['platform/**/*.ts', 'prisma/**/*.ts'],
    forbidden: [
      {
        rooms: ['activities', 'api', 'forms', 'graphql', 'integrations', 'services', 'worker', 'workflows'],
        why: NOT_UPWARD,
      },
      NO_SIMULATORS,
    ],
  }),
  // Printed forms lay out plain facts: they know the domain's words and pdfmake, nothing of where the
  // facts come from (services/forms/ gathers them from the read model).
  imports({
    files: ['forms/**/*.ts'],
    forbidden: [
      {
        rooms: [
          'activities',
          'api',
          'graphql',
          'integrations',
          'platform',
          'prisma',
          'services',
          'worker',
          'workflows',
        ],
        why: 'Forms are built from plain facts: services/forms/ gathers them.',
      },
      NO_SIMULATORS,
    ],
    extra: [
      { group: ['@prisma/*', 'pg', 'graphql', '@temporalio/*'], message: 'Forms are pure layout: no I/O.' },
    ],
  }),
  imports({
    files: ['services/**/*.ts'],
    forbidden: [
      { rooms: ['activities', 'api', 'graphql', 'worker', 'workflows'], why: NOT_UPWARD },
      NO_SIMULATORS,
    ],
    extra: [NO_SQL_DRIVERS],
  }),
  imports({
    files: ['activities/**/*.ts'],
    forbidden: [
      { rooms: ['api', 'graphql', 'services', 'worker', 'workflows'], why: NOT_UPWARD },
      NO_SIMULATORS,
    ],
    extra: [NO_SQL_DRIVERS],
  }),
  imports({
    files: ['integrations/**/*.ts'],
    forbidden: [
      { rooms: ['activities', 'api', 'graphql', 'worker', 'workflows'], why: NOT_UPWARD },
      NO_SIMULATORS,
    ],
    extra: [NO_SQL_DRIVERS],
  }),
  // The schema calls services and the read model's named filters; Pothos reads through ctx.prisma.
  imports({
    files: ['graphql/**/*.ts'],
    ignores: ['graphql/schema/**', '!graphql/schema/index.ts'],
    forbidden: [{ rooms: ['activities', 'api', 'worker', 'workflows'], why: NOT_UPWARD }, NO_SIMULATORS],
    extra: [NO_SQL_DRIVERS],
  }),
  // One file per type: a schema file refers to other types by name, never to another file's internals.
  imports({
    files: ['graphql/schema/**/*.ts'],
    ignores: ['graphql/schema/index.ts'],
    forbidden: [{ rooms: ['activities', 'api', 'worker', 'workflows'], why: NOT_UPWARD }, NO_SIMULATORS],
    extra: [
      NO_SQL_DRIVERS,
      {
        group: ['./*', '!./enums'],
        message: 'Refer to other types by name (a string), not by importing their file.',
      },
    ],
  }),
  imports({
    files: ['api/**/*.ts'],
    forbidden: [{ rooms: ['activities', 'worker', 'workflows'], why: NOT_UPWARD }, NO_SIMULATORS],
    extra: [NO_SQL_DRIVERS],
  }),
  imports({
    files: ['worker/**/*.ts'],
    forbidden: [{ rooms: ['api', 'graphql'], why: NOT_UPWARD }, NO_SIMULATORS],
    extra: [NO_SQL_DRIVERS],
  }),
  // `npm start` runs the simulators beside the system; no other script does.
  imports({ files: ['scripts/**/*.ts'], ignores: ['scripts/start.ts'], forbidden: [NO_SIMULATORS] }),
  imports({
    files: ['simulators/**/*.ts'],
    forbidden: [
      {
        rooms: ['activities', 'api', 'graphql', 'prisma', 'services', 'worker', 'workflows'],
        why: 'A simulator plays an agency system: it speaks the agency protocol (and shares the platform HTTP helpers), nothing of the engine.',
      },
    ],
  }),
  // The console (console/) is a browser app: typed like the rest, and apart from the server, which
  // it reaches only through GraphQL and the documented HTTP routes (/auth/…).
  {
    files: ['console/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: room(...ROOMS_OF_THE_SERVER),
              message: 'The console talks to the server only through GraphQL and the documented HTTP routes.',
            },
          ],
        },
      ],
    },
  },
);
