import { startTestApp, type TestApp } from '../support/app';
import { DEMO_PASSWORD } from '../support/client';

/** Signs in with a forged X-Forwarded-For and reads the address the audit log recorded. */
async function recordedAddress(t: TestApp, forwardedFor: string): Promise<string | null> {
  const response = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email: 'operator.almaty@mayak.test', password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const [row] = await t.db.query<{ ip: string | null }>(`SELECT ip FROM audit_log WHERE action = 'auth.login_succeeded' ORDER BY id DESC LIMIT 1`);
  return row.ip;
}

describe('TRUST_PROXY: whose X-Forwarded-For the API believes', () => {
  it('ignores it from a client that is not a configured proxy', async () => {
    const t = await startTestApp({ TRUST_PROXY: '10.9.9.9' });
    try {
      expect(await recordedAddress(t, '203.0.113.7')).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await t.close();
    }
  });

  it('believes the hop a trusted proxy added, not what the client put before it', async () => {
    // true: proxies on loopback or private networks (nginx in docker/compose.yml); this test's
    // client stands in for that proxy, and the address before the last is what a client forged.
    const t = await startTestApp({ TRUST_PROXY: 'true' });
    try {
      expect(await recordedAddress(t, '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    } finally {
      await t.close();
    }
  });
});
