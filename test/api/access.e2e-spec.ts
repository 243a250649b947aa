import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE } from '#api/core/auth/access.decorators';
import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, signedIn } from '../support/client';
import { PATH_METADATA } from '@nestjs/common/constants';

type Operation = { method: string; path: string };

const document = JSON.parse(readFileSync(join(__dirname, '../../libs/api-client/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
};
// The recorded prompt's audio is public: Twilio fetches it while a caller listens.
// Reset requests and invitation or reset links are used by people who cannot sign in yet.
const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/health/ready',
  'POST /api/v1/auth/login',
  'GET /api/v1/telephony/prompts/{kind}/{language}',
  'GET /api/v1/knowledge/shared/{token}',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/account-link',
  'POST /api/v1/auth/account-link/password',
]);
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
);
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
/** A request the route would parse: its declared body type (JSON unless it takes, say, audio), so the refusal tested is the access rule's. */
const requestOf = (method: string, path: string, headers: Record<string, string>): RequestInit => {
  if (['GET', 'HEAD'].includes(method)) return { method, headers };
  const type = Object.keys(document.paths[path][method.toLowerCase()]?.requestBody?.content ?? {})[0] ?? 'application/json';
  return { method, headers: { ...headers, 'content-type': type }, body: type === 'application/json' ? '{}' : new Uint8Array([0x52, 0x49, 0x46, 0x46]) };
};

/** Routes that only administrators may use, and what an operator must get there. */
const ADMIN_ONLY: Operation[] = [
  { method: 'GET', path: '/api/v1/users' },
  { method: 'POST', path: '/api/v1/users' },
  { method: 'PATCH', path: '/api/v1/users/{id}' },
  { method: 'POST', path: '/api/v1/users/{id}/mfa/reset' },
  { method: 'POST', path: '/api/v1/users/{id}/invitation' },
  { method: 'POST', path: '/api/v1/users/{id}/password-reset' },
  { method: 'GET', path: '/api/v1/offices' },
  { method: 'POST', path: '/api/v1/offices' },
  { method: 'PATCH', path: '/api/v1/offices/{id}' },
  { method: 'GET', path: '/api/v1/admin/queues' },
  { method: 'GET', path: '/api/v1/admin/mails' },
  { method: 'POST', path: '/api/v1/admin/mails/retry' },
  { method: 'GET', path: '/api/v1/admin/metrics' },
  { method: 'GET', path: '/api/v1/audit' },
];

describe('access rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('declares an access rule on every route handler (deny by default)', () => {
    const discovery = new DiscoveryService(t.app.get(ModulesContainer));
    const scanner = new MetadataScanner();
    const reflector = new Reflector();
    const missing: string[] = [];
    let checked = 0;
    for (const wrapper of discovery.getControllers()) {
      const prototype = Object.getPrototypeOf(wrapper.instance);
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        // Route handlers only: a controller's lifecycle hooks (beforeApplicationShutdown) answer no request.
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        checked += 1;
        if (!reflector.getAllAndOverride(ACCESS_RULE, [handler, wrapper.metatype])) missing.push(`${wrapper.name}.${method}`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(operations.length - 2);
    expect(missing).toEqual([]);
  });

  it.each(operations.filter((op) => !PUBLIC.has(`${op.method} ${op.path}`)))('refuses $method $path without a session (401)', async ({ method, path }) => {
    const response = await fetch(`${t.baseUrl}${concrete(path)}`, requestOf(method, path, {}));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each(ADMIN_ONLY)('refuses an operator on $method $path (403) and writes nothing', async ({ method, path }) => {
    const operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    const before = await t.db.query(`SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM offices) AS offices`);
    const response = await fetch(`${t.baseUrl}${concrete(path)}`, {
      method,
      headers: { 'content-type': 'application/json', cookie: `mayak_session=${operator.jar.get('mayak_session')}`, 'x-csrf-token': operator.csrfToken! },
      body: method === 'GET' ? undefined : JSON.stringify({ name: 'Hacked', code: 'HCK', version: 1 }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).code).toBe('forbidden');
    expect(await t.db.query(`SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM offices) AS offices`)).toEqual(before);
  });

  it('lets a case worker and a supervisor in only where their role allows', async () => {
    const caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    expect((await caseWorker.api.GET('/api/v1/users')).response.status).toBe(403);
    const supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    expect((await supervisor.api.GET('/api/v1/users')).response.status).toBe(200);
    expect((await supervisor.api.GET('/api/v1/audit')).response.status).toBe(200);
    expect((await supervisor.api.POST('/api/v1/offices', { body: { name: 'Shymkent', code: 'SHY' } })).response.status).toBe(403);
    expect((await supervisor.api.GET('/api/v1/admin/queues')).response.status).toBe(403);
  });

  it("keeps one office out of another office's people", async () => {
    const almaty = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    const list = await almaty.api.GET('/api/v1/users', { params: { query: { limit: 100 } } });
    const offices = new Set(list.data!.items.flatMap((u) => u.offices.map((o) => o.name)));
    expect([...offices]).toEqual(['Almaty']);
    expect(list.data!.total).toBe(5);
    const [astanaUser] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'operator.astana@mayak.test'`);
    const read = await almaty.api.GET('/api/v1/users/{id}', { params: { path: { id: astanaUser.id } } });
    expect(read.response.status).toBe(404);
    expect(JSON.stringify(read.error)).not.toContain('astana');
    // Filtering by the other office returns nothing rather than leaking.
    const [astana] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE name = 'Astana'`);
    const filtered = await almaty.api.GET('/api/v1/users', { params: { query: { officeId: astana.id } } });
    expect(filtered.data).toMatchObject({ items: [], total: 0 });
    // Audit entries about Astana people are not shown to Almaty's supervisor.
    await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    const audit = await almaty.api.GET('/api/v1/audit', { params: { query: { limit: 100 } } });
    expect(audit.data!.items.some((e) => e.actorEmail?.endsWith('astana@mayak.test'))).toBe(false);
  });

  it('refuses a session that has not passed its second factor everywhere but the sign-in steps', async () => {
    const t2User = createTestClient(t.baseUrl);
    await t.db.query(`UPDATE users SET mfa_enrolled_at = mayak_now(), mfa_secret_encrypted = 'k.x.y.z' WHERE email = 'caseworker.almaty@mayak.test'`);
    expect((await t2User.login('caseworker.almaty@mayak.test')).data?.state).toBe('mfa_required');
    expect((await t2User.api.PATCH('/api/v1/auth/me', { body: { locale: 'en' } })).error).toMatchObject({ code: 'mfa_required' });
    // Nor the key of the console's local intake draft: that is for a completed sign-in.
    expect((await t2User.api.GET('/api/v1/auth/draft-key')).error).toMatchObject({ code: 'mfa_required' });
    expect((await t2User.api.GET('/api/v1/auth/me')).response.status).toBe(200);
  });

  const casework = operations.filter(
    (op) => /^\/api\/v1\/(contacts|cases|case-transfers|people|callers)/.test(op.path) && !op.path.startsWith('/api/v1/people/merges'),
  );

  it.each(casework)('keeps an administrator (not a supervisor) out of personal data: $method $path is 403', async ({ method, path }) => {
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const counts = `SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM case_attachments) AS case_attachments`;
    const before = await t.db.query(counts);
    // In the body type the route takes (a case's file upload takes the file itself), so the refusal is the access rule's.
    const response = await fetch(
      `${t.baseUrl}${concrete(path)}`,
      requestOf(method, path, { cookie: `mayak_session=${admin.jar.get('mayak_session')}`, 'x-csrf-token': admin.csrfToken! }),
    );
    expect(response.status).toBe(403);
    expect(await t.db.query(counts)).toEqual(before);
  });

  const MANAGE_ONLY: Operation[] = [
    { method: 'PATCH', path: '/api/v1/cases/{id}' },
    { method: 'POST', path: '/api/v1/cases/{id}/status' },
    { method: 'POST', path: '/api/v1/cases/{id}/assignee' },
    { method: 'POST', path: '/api/v1/cases/{id}/closure-approval' },
    { method: 'POST', path: '/api/v1/cases/{id}/shares' },
    { method: 'DELETE', path: '/api/v1/cases/{id}/shares/{userId}' },
    { method: 'POST', path: '/api/v1/people/{id}/merge' },
    { method: 'GET', path: '/api/v1/people/merges' },
    { method: 'POST', path: '/api/v1/cases/{id}/transfers' },
    { method: 'GET', path: '/api/v1/case-transfers/incoming' },
    { method: 'GET', path: '/api/v1/case-transfers/offices' },
    { method: 'POST', path: '/api/v1/case-transfers/{id}/accept' },
    { method: 'POST', path: '/api/v1/case-transfers/{id}/decline' },
    { method: 'POST', path: '/api/v1/case-transfers/{id}/withdraw' },
    // A case's plans are written by whoever may change the case (its details, its status); operators read them.
    { method: 'POST', path: '/api/v1/cases/{caseId}/plans' },
    { method: 'PATCH', path: '/api/v1/cases/{caseId}/plans/{planId}' },
    { method: 'POST', path: '/api/v1/cases/{caseId}/plans/{planId}/review' },
    { method: 'POST', path: '/api/v1/cases/{caseId}/plans/{planId}/close' },
    // Removing a case's file is for those who manage the case; operators may list, open and add them.
    { method: 'DELETE', path: '/api/v1/cases/{id}/attachments/{attachmentId}' },
  ];

  it.each(MANAGE_ONLY)('refuses an operator on $method $path (403) before looking anything up', async ({ method, path }) => {
    const operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    const response = await fetch(`${t.baseUrl}${concrete(path)}`, {
      method,
      headers: { 'content-type': 'application/json', cookie: `mayak_session=${operator.jar.get('mayak_session')}`, 'x-csrf-token': operator.csrfToken! },
      body: method === 'GET' ? undefined : JSON.stringify({ version: 1 }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).code).toBe('forbidden');
  });

  const notForPartners = operations.filter(
    (op) => !PUBLIC.has(`${op.method} ${op.path}`) && !op.path.startsWith('/api/v1/auth') && !op.path.startsWith('/api/v1/partner/'),
  );

  it.each(notForPartners)('keeps a partner to their own referrals: $method $path is 403', async ({ method, path }) => {
    const partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    const response = await fetch(
      `${t.baseUrl}${concrete(path)}`,
      requestOf(method, path, { cookie: `mayak_session=${partner.jar.get('mayak_session')}`, 'x-csrf-token': partner.csrfToken! }),
    );
    expect(response.status).toBe(403);
  });
});
