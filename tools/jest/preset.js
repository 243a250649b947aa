// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata for Nest),
// and workspace packages resolve to their sources so tests never need a prior build.
const path = require('node:path');
const root = path.resolve(__dirname, '../..');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

function project(options) {
  return {
    testEnvironment: 'node',
    transform: { '^.+\\.(t|j)s$': swc },
    moduleNameMapper: {
      '^@mayak/domain$': path.join(root, 'libs/domain/src/index.ts'),
      '^#api/(.*)$': path.join(root, 'apps/api/src/$1'),
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    ...options,
  };
}

module.exports = { project, swc, root };
