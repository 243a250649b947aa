// `npm test` runs every project below against one freshly migrated template database.
module.exports = {
  projects: ['<rootDir>/libs/domain/jest.config.js', '<rootDir>/apps/api/jest.config.js', '<rootDir>/apps/web/jest.config.js', '<rootDir>/test/jest.config.js'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 60_000,
};
