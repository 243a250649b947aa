// Creates one migrated template database for the run; each test file clones it (fast).
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

module.exports = async function globalSetup() {
  process.env.MAYAK_TEST_RUN_ID ??= `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  process.env.NODE_ENV = 'test';
  const env = require('./test-env');
  const admin = new Client({ connectionString: env.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${env.templateName()}"`);
  } finally {
    await admin.end();
  }
  // Migrations come from the sources (SWC-compiled by Jest's transform is not available here), so use the build.
  const { runMigrations } = require('../../dist/apps/api/core/database/migrate');
  await runMigrations(env.dbUrl(env.templateName()));
};
