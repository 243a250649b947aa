// Names shared by the global setup, the teardown and every test file of one run.
const runId = process.env.MAYAK_TEST_RUN_ID;
const adminUrl = process.env.MAYAK_TEST_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379/0';

function dbUrl(name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

module.exports = {
  runId,
  adminUrl,
  redisUrl,
  dbUrl,
  templateName: () => `mayak_test_${runId}_tpl`,
  prefix: () => `mayak_test_${runId}`,
};
