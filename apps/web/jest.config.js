// The console's logic that needs no browser (the softphone's wiring, with a stand-in Device).
module.exports = require('../../tools/jest/preset').project({
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
});
