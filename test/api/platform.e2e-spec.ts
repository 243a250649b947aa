import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemaDiff } from '#api/cli/print-schema-diff';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn } from '../support/client';

describe('platform conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers liveness and readiness', async () => {
    const live = await fetch(`${t.baseUrl}/api/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.baseUrl}/api/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('serves the OpenAPI document, identical to the committed one the console client is generated from', async () => {
    const served = await (await fetch(`${t.baseUrl}/api/docs-json`)).json();
    const committed = JSON.parse(readFileSync(join(__dirname, '../../libs/api-client/openapi.json'), 'utf8'));
    // If this fails, run `npm run openapi:generate` and commit the result.
    expect(served).toEqual(committed);
    expect(Object.keys(served.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/offices', '/api/health/ready']));
    const ui = await fetch(`${t.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
  });

  it('describes what the API does: no OpenAPI lint error, the security of every operation, its problem answers and a summary', async () => {
    const served = (await (await fetch(`${t.baseUrl}/api/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<string, { operationId: string; summary?: string; security?: Record<string, string[]>[]; responses: Record<string, { $ref?: string }> }>
      >;
    };
    const dir = mkdtempSync(join(tmpdir(), 'mayak-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(served));
      // Redocly's recommended rules, as an outside linter would run them; exits 1 on any error.
      const lint = spawnSync(process.execPath, [join(__dirname, '../../tools/openapi-lint.mjs'), file], { encoding: 'utf8', timeout: 60_000 });
      expect({ status: lint.status, errors: lint.stdout.split('\n').filter((line) => line.startsWith('error')) }).toEqual({ status: 0, errors: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // playPrompt: Twilio fetches the recorded prompt while a caller listens; fetchSharedKnowledgeFile: Twilio fetches a sent leaflet;
    // the password-reset request and the invitation or reset link are for people who cannot sign in yet.
    const PUBLIC = new Set([
      'login',
      'liveness',
      'readiness',
      'metrics',
      'playPrompt',
      'fetchSharedKnowledgeFile',
      'requestPasswordReset',
      'inspectAccountLink',
      'completeAccountLink',
    ]);
    for (const [path, item] of Object.entries(served.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const publicOperation = PUBLIC.has(op.operationId) || path.startsWith('/api/v1/telephony/twilio/');
        const expected = publicOperation ? [] : [method === 'get' ? { cookie: [] } : { cookie: [], csrf: [] }];
        expect({ op: op.operationId, security: op.security }).toEqual({ op: op.operationId, security: expected });
        expect(op.summary).toBeTruthy();
        if (!publicOperation)
          expect({ op: op.operationId, documented: ['401', '403'].filter((s) => op.responses[s]?.$ref === `#/components/responses/Problem${s}`) }).toEqual({
            op: op.operationId,
            documented: ['401', '403'],
          });
      }
    }
    // What the document says is what happens: a read without a session is a documented 401 problem.
    const anonymous = await fetch(`${t.baseUrl}/api/v1/contacts`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(served.paths['/api/v1/contacts'].get.responses['401']).toEqual({ $ref: '#/components/responses/Problem401' });
  });

  it('has client types generated from exactly the committed document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mayak-openapi-'));
    try {
      const root = join(__dirname, '../..');
      execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), [join(root, 'libs/api-client/openapi.json'), '-o', join(dir, 'schema.d.ts')], {
        stdio: 'pipe',
      });
      // If this fails, run `npm run openapi:generate` and commit the result.
      expect(readFileSync(join(dir, 'schema.d.ts'), 'utf8')).toBe(readFileSync(join(root, 'libs/api-client/src/schema.d.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers unknown API routes with problem+json 404, not the console', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = await response.json();
    expect(body).toMatchObject({ status: 404, code: 'not_found', type: 'urn:mayak:problem:not_found', instance: '/api/v1/no-such-thing' });
    expect(body.requestId).toEqual(response.headers.get('x-request-id'));
  });

  it('serves the console for its routes to GET and HEAD (a load balancer may check with HEAD)', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(`${t.baseUrl}/cases`, { method });
      expect({ method, status: response.status, type: response.headers.get('content-type') }).toEqual({
        method,
        status: 200,
        type: 'text/html; charset=utf-8',
      });
    }
  });

  it('sets security headers', async () => {
    const response = await fetch(`${t.baseUrl}/api/health`);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  describe('bad input gets a clean 4xx and changes nothing', () => {
    const countUsers = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM users'))[0].n);

    it('refuses a wrong content type with 415', async () => {
      const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
      const before = await countUsers();
      const response = await fetch(`${t.baseUrl}/api/v1/users`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `mayak_session=${admin.jar.get('mayak_session')}`,
          'x-csrf-token': admin.csrfToken!,
        },
        body: 'email=a@b.kz&password=x',
      });
      expect(response.status).toBe(415);
      expect((await response.json()).code).toBe('unsupported_media_type');
      expect(await countUsers()).toBe(before);
    });

    it('refuses malformed JSON, oversized and deeply nested bodies', async () => {
      const post = (body: string) => fetch(`${t.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const malformed = await post('{"email": "x@y.kz", ');
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      const huge = await post(JSON.stringify({ email: 'a@b.kz', password: 'x'.repeat(200_000) }));
      expect(huge.status).toBe(413);
      expect((await huge.json()).code).toBe('payload_too_large');
      const deep = await post(`{"email":${'['.repeat(50)}1${']'.repeat(50)}}`);
      expect(deep.status).toBe(400);
    });

    it('lists every invalid field of a body', async () => {
      const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
      const before = await countUsers();
      const { error, response } = await admin.api.POST('/api/v1/users', {
        body: { email: 'not-an-email', displayName: 'x', password: 'short', roles: ['root' as never], officeIds: ['nope'] },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const fields = (error as unknown as { errors: { field: string }[] }).errors.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'displayName', 'roles', 'officeIds']));
      expect(await countUsers()).toBe(before);
    });
  });

  it('has entities and migrations in agreement (generating a migration now would be empty)', async () => {
    expect(await schemaDiff(t.db.url)).toEqual([]);
  });
});
