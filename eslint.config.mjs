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
            { group: ['@nestjs/*', 'typeorm', 'react', 'react-dom', 'pg', 'ioredis', 'bullmq', 'node:*', 'fs', 'http', 'https', 'net'], message: 'libs/domain must stay free of frameworks and I/O.' },
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
        { patterns: [{ group: ['@nestjs/*', 'typeorm', 'react', 'react-dom', 'pg', 'ioredis', 'bullmq', 'http', 'https', 'net'], message: 'libs/domain specs test pure rules; only reading fixtures from disk is allowed.' }] },
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
    // The end-to-end suites boot the API in-process (as production does, through
    // bootstrap/configure-app) and read its OpenAPI document; they are the one place
    // allowed to reach into apps/*. Jest configs load the shared preset by path.
    files: ['test/**/*.ts', 'test/**/*.js', '**/jest.config.js'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
