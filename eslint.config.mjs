import nx from '@nx/eslint-plugin';

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'libs/api-client/src/schema.d.ts', '**/*.d.ts'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // The domain library stays pure: no framework, database or network imports.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'react', 'react-dom', 'pg', 'ioredis', 'bullmq', 'node:*', 'fs', 'http', 'https', 'net'],
              message: 'libs/domain must stay free of frameworks and I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // Specs may read the reference standards from disk to check the code lists against them.
    files: ['libs/domain/**/*.spec.ts', 'libs/domain/src/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'react', 'react-dom', 'pg', 'ioredis', 'bullmq', 'http', 'https', 'net'],
              message: 'libs/domain specs test pure rules; only reading fixtures from disk is allowed.',
            },
          ],
        },
      ],
    },
  },
  {
    // The platform knows no business context: modules depend on core, never the other way round.
    // What core needs from a context it declares as a port (e.g. AccountStore) for the module to
    // implement; entities are listed at the composition root (apps/api/src/app/entities.ts).
    files: ['apps/api/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/**', '../modules', '../../modules', '../../../modules', '../../../../modules', '**/modules'],
              message:
                'core/ must not import from modules/: declare a port in core (an abstract class the module implements) or move the code to the module that uses it. See docs/architecture.md.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // A promise nobody awaits loses its error (an unhandled rejection, or a write that silently did
    // not happen); mark the deliberate ones with `void`.
    files: ['apps/*/src/**/*.ts', 'apps/*/src/**/*.tsx', 'libs/*/src/**/*.ts', 'test/**/*.ts'],
    ignores: ['**/*.d.ts'],
    languageOptions: {
      parserOptions: {
        project: [
          'apps/api/tsconfig.app.json',
          'apps/api/tsconfig.spec.json',
          'apps/web/tsconfig.json',
          'apps/web/tsconfig.spec.json',
          'libs/domain/tsconfig.lib.json',
          'libs/domain/tsconfig.spec.json',
          'test/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    // The end-to-end suites boot the API in-process (as production does, through
    // bootstrap/configure-app) and read its OpenAPI document; they are the one place
    // allowed to reach into apps/*. Jest configs load the shared preset by path.
    files: ['test/**/*.ts', 'test/**/*.js', '**/jest.config.js'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
