const { project, root } = require('../tools/jest/preset');
const path = require('node:path');

module.exports = project({
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  moduleNameMapper: {
    '^@mayak/domain$': path.join(root, 'libs/domain/src/index.ts'),
    '^@mayak/api-client$': path.join(root, 'libs/api-client/src/index.ts'),
    '^#api/(.*)$': path.join(root, 'apps/api/src/$1'),
  },
});
