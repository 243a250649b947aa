// The console's logic that needs no browser (the softphone's wiring, with a stand-in Device).
const path = require('node:path');
const { project, root } = require('../../tools/jest/preset');

module.exports = project({
  displayName: 'web',
  moduleNameMapper: {
    '^@mayak/domain$': path.join(root, 'libs/domain/src/index.ts'),
    '^@web/(.*)$': path.join(__dirname, 'src/$1'),
  },
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
});
