import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import Redis from 'ioredis';
import { parse } from 'yaml';
import { CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY } from '#api/bootstrap/security-headers';
import { loadConfig } from '#api/core/config/app-config';
import { SystemClock } from '#api/core/clock/clock';
import { createTestClient } from '../support/client';
import { createTestDatabase, testKeyPrefix, type TestDatabase } from '../support/database';
import { totpCode } from '../support/totp';
import { deleteKeysWithPrefix, waitFor } from '../support/waiting';
import { freePort } from '../support/ports';

// docker/compose.yml as docker-compose renders it from a `npm run secrets:generate` file, and
// the built API, worker and command-line tools run with exactly that environment. No
// container engine is needed: `npm test` finds or installs docker-compose (tools/test/prerequisites.mjs).

const ROOT = join(__dirname, '../..');
const COMPOSE_FILE = join(ROOT, 'docker/compose.yml');
const DOCKER_COMPOSE = process.env.DOCKER_COMPOSE_PATH ?? 'docker-compose';
const built = (path: string) => join(ROOT, 'dist/apps/api', path);
const APP_SERVICES = ['api', 'worker', 'migrate'] as const;
const PUBLIC_URL = 'https://hotline.example.org';
/** Read by the configuration, and refused in production: compose must not pass them. */
const REFUSED_IN_PRODUCTION = ['MAYAK_CLOCK_START', 'MAYAK_CLOCK_STARTED_AT'];

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: unknown[];
  expose?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  networks?: Record<string, unknown>;
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeConfig {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean }>;
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: options.cwd ?? ROOT,
    env: options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    input: options.input,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function generateEnv(dir: string, ...args: string[]) {
  return run(process.execPath, [join(ROOT, 'tools/deploy/secrets-generate.mjs'), join(dir, '.env'), ...args]);
}

/** What `docker compose --env-file <file> config` renders; the shell's own variables are kept out. */
function renderCompose(envFile: string) {
  const result = run(DOCKER_COMPOSE, ['-f', COMPOSE_FILE, '--env-file', envFile, 'config'], { cwd: tmpdir() });
  return { ...result, config: result.code === 0 ? (parse(result.stdout) as ComposeConfig) : null };
}

function readEnvFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2];
  }
  return values;
}

/** Every variable the production configuration reads, found by letting it read a recording environment. */
function variablesReadInProduction(env: Record<string, string>): string[] {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  loadConfig(recording);
  return [...read].filter((name) => !REFUSED_IN_PRODUCTION.includes(name)).sort();
}

/** A GET whose body is left as sent (fetch would undo the compression). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('production stack: docker/compose.yml with a generated .env', () => {
  let dir: string;
  let envFile: string;
  let compose: ComposeConfig;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mayak-compose-'));
    envFile = join(dir, '.env');
    const generated = generateEnv(dir, '--public-url', PUBLIC_URL);
    if (generated.code !== 0) throw new Error(`secrets:generate failed: ${generated.stderr}`);
    const rendered = renderCompose(envFile);
    if (!rendered.config) throw new Error(`${DOCKER_COMPOSE} config failed: ${rendered.stderr}`);
    compose = rendered.config;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('secrets:generate writes a file only its owner reads, names what it generated without printing a value, and never overwrites without --force', () => {
    const other = mkdtempSync(join(tmpdir(), 'mayak-secrets-'));
    try {
      const first = generateEnv(other);
      expect(first.code).toBe(0);
      const path = join(other, '.env');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const written = readEnvFile(path);
      for (const name of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'ENCRYPTION_KEYS', 'IDENTIFIER_HASH_KEY', 'AUDIT_CHAIN_KEY', 'TELEPHONY_DEV_TOKEN']) {
        expect(first.stdout).toContain(name);
        expect(written[name].length).toBeGreaterThanOrEqual(32);
        expect(first.stdout + first.stderr).not.toContain(written[name].replace(/^k1:/, ''));
      }
      expect(first.stdout).toMatch(/Set PUBLIC_URL/);

      const again = generateEnv(other, '--public-url', PUBLIC_URL);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/exists and was left as it is.*--force/);
      expect(readEnvFile(path).ENCRYPTION_KEYS).toBe(written.ENCRYPTION_KEYS);

      expect(generateEnv(other, '--public-url', PUBLIC_URL, '--force').code).toBe(0);
      const replaced = readEnvFile(path);
      expect(replaced.ENCRYPTION_KEYS).not.toBe(written.ENCRYPTION_KEYS);
      expect(replaced.PUBLIC_URL).toBe(PUBLIC_URL);
      expect(generateEnv(other, '--public-url', 'http://hotline.example.org', '--force').stderr).toMatch(/--public-url must be the https:\/\/ address/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('passes every variable the production configuration reads to the api, worker and migrations, Twilio included, and that environment is a valid production configuration', () => {
    const expected = variablesReadInProduction({ ...readEnvFile(envFile), NODE_ENV: 'production' });
    expect(expected).toEqual(
      expect.arrayContaining([
        'ENCRYPTION_KEYS',
        'IDENTIFIER_HASH_KEY',
        'AUDIT_CHAIN_KEY',
        'AUDIT_CHECKPOINT_DIR',
        'TWILIO_ACCOUNT_SID',
        'TWILIO_AUTH_TOKEN',
        'TWILIO_API_KEY',
        'TWILIO_API_SECRET',
        'TWILIO_TWIML_APP_SID',
        'TELEPHONY_PROMPT_MENU_KK',
        'PUBLIC_URL',
        'TRUST_PROXY',
      ]),
    );
    for (const service of APP_SERVICES) {
      const environment = compose.services[service].environment ?? {};
      expect({ service, missing: expected.filter((name) => !(name in environment)) }).toEqual({ service, missing: [] });
      expect({ service, passed: REFUSED_IN_PRODUCTION.filter((name) => name in environment) }).toEqual({ service, passed: [] });
      expect(loadConfig({ ...environment }).nodeEnv).toBe('production');
    }

    // Values in the file reach the containers as they are.
    const twilio = {
      TELEPHONY_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
      TWILIO_AUTH_TOKEN: 'f'.repeat(32),
      TELEPHONY_HOTLINE_NUMBER: '+77273000000',
      TELEPHONY_PROMPT_MENU_KK: 'https://example.org/menu-kk.mp3',
      TWILIO_API_KEY: `SK${'0123456789abcdef'.repeat(2)}`,
      TWILIO_API_SECRET: 'e'.repeat(32),
      TWILIO_TWIML_APP_SID: `AP${'0123456789abcdef'.repeat(2)}`,
    };
    const twilioEnvFile = join(dir, 'twilio.env');
    const lines = readFileSync(envFile, 'utf8')
      .split('\n')
      .filter((line) => !Object.keys(twilio).some((name) => line.startsWith(`${name}=`)));
    writeFileSync(twilioEnvFile, [...lines, ...Object.entries(twilio).map(([name, value]) => `${name}=${value}`)].join('\n'));
    const withTwilio = renderCompose(twilioEnvFile).config!;
    const generated = readEnvFile(envFile);
    for (const service of APP_SERVICES) {
      const environment = withTwilio.services[service].environment ?? {};
      expect(environment).toMatchObject({
        ...twilio,
        ENCRYPTION_KEYS: generated.ENCRYPTION_KEYS,
        IDENTIFIER_HASH_KEY: generated.IDENTIFIER_HASH_KEY,
        PUBLIC_URL,
        NODE_ENV: 'production',
      });
      expect(environment.DATABASE_URL).toBe(`postgres://mayak:${generated.POSTGRES_PASSWORD}@postgres:5432/mayak`);
      expect(environment.REDIS_URL).toBe(`redis://:${generated.REDIS_PASSWORD}@redis:6379/0`);
      expect(loadConfig({ ...environment }).telephony.provider).toBe('twilio');
    }
  });

  it('gives the API its own defaults for the role lists when the .env leaves them out', () => {
    const trimmed = join(dir, 'trimmed.env');
    writeFileSync(
      trimmed,
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((line) => !/^(MFA_REQUIRED_ROLES|IDENTIFIER_VIEW_ROLES)=/.test(line))
        .join('\n'),
    );
    const environment = renderCompose(trimmed).config!.services.api.environment!;
    const { MFA_REQUIRED_ROLES: _mfa, IDENTIFIER_VIEW_ROLES: _viewers, ...withoutRoleLists } = environment;
    const fromCompose = loadConfig({ ...environment });
    const apiDefaults = loadConfig(withoutRoleLists);
    expect(fromCompose.mfaRequiredRoles).toEqual(apiDefaults.mfaRequiredRoles);
    expect(fromCompose.permissionTable).toEqual(apiDefaults.permissionTable);
  });

  it('refuses to render without the generated secrets or a public address, naming what to do', () => {
    const empty = join(dir, 'empty.env');
    writeFileSync(empty, '');
    const withoutSecrets = renderCompose(empty);
    expect(withoutSecrets.code).not.toBe(0);
    expect(withoutSecrets.stderr).toMatch(/secrets:generate/);

    const noUrl = mkdtempSync(join(tmpdir(), 'mayak-nourl-'));
    try {
      generateEnv(noUrl);
      const withoutUrl = renderCompose(join(noUrl, '.env'));
      expect(withoutUrl.code).not.toBe(0);
      expect(withoutUrl.stderr).toMatch(/PUBLIC_URL/);
    } finally {
      rmSync(noUrl, { recursive: true, force: true });
    }
  });

  it('runs the api, worker and migrations from one image built once', () => {
    const images = APP_SERVICES.map((service) => compose.services[service].image);
    expect(new Set(images).size).toBe(1);
    expect(images[0]).toBeTruthy();
    expect(APP_SERVICES.filter((service) => compose.services[service].build)).toEqual(['api']);
    expect(APP_SERVICES.map((service) => compose.services[service].command)).toEqual([
      ['node', 'dist/apps/api/main.js'],
      ['node', 'dist/apps/api/worker.js'],
      ['node', 'dist/apps/api/cli/migrate.js'],
    ]);
  });

  it('publishes only the console: the API sits on internal networks it shares with nginx, Postgres and Redis', () => {
    expect(compose.services.api.ports).toBeUndefined();
    expect(compose.services.web.ports).toHaveLength(1);
    for (const service of ['api', 'worker', 'migrate', 'postgres', 'redis'])
      expect({ service, ports: compose.services[service].ports }).toEqual({ service, ports: undefined });
    const networksOf = (service: string) => Object.keys(compose.services[service].networks ?? {});
    const shared = networksOf('api').filter((network) => networksOf('web').includes(network));
    expect(shared.length).toBeGreaterThan(0);
    for (const network of shared) expect(compose.networks[network].internal).toBe(true);
    for (const service of ['postgres', 'redis']) for (const network of networksOf(service)) expect(compose.networks[network].internal).toBe(true);
    expect(compose.services.api.environment?.TRUST_PROXY).toBe('true');
  });

  it('restarts every server after a crash and checks its health; the migrations run once before the api and worker', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'migrate') continue;
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
      expect({ name, healthcheck: service.healthcheck?.test?.[0] }).toEqual({ name, healthcheck: expect.stringMatching(/^CMD/) });
    }
    expect(compose.services.worker.healthcheck?.test).toEqual(['CMD', 'node', 'dist/apps/api/cli/worker-health.js']);
    expect(compose.services.api.healthcheck?.test.join(' ')).toContain('/api/health/ready');
    // A job: restarting it after it succeeded would run it in a loop; api and worker wait for its success.
    expect(compose.services.migrate.restart).toBe('no');
    expect(compose.services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const service of ['api', 'worker']) expect(compose.services[service].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
  });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(entry: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  // 'close', not 'exit': only then has the output been read to its end (the refusal's message).
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits for the process to end by itself, at most `timeoutMs`. */
function exitOf(started: Started, timeoutMs: number): Promise<number | null | 'hung'> {
  return Promise.race([started.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), timeoutMs).unref())]);
}

async function stop(started: Started, timeoutMs = 20_000): Promise<number | null | 'hung'> {
  if (started.child.exitCode !== null) return started.child.exitCode;
  started.child.kill('SIGTERM');
  return exitOf(started, timeoutMs);
}

/** Runs a built process to its end (bounded), the way a one-off `docker compose run` would. */
function runBuilt(entry: string, args: string[], env: Record<string, string>, input?: string) {
  return run(process.execPath, [entry, ...args], { env, input });
}

describe('production stack: the built processes with the environment compose gives them', () => {
  let dir: string;
  let db: TestDatabase;
  let redis: Redis;
  let env: Record<string, string>;
  let api: Started | null = null;
  let worker: Started | null = null;
  const ADMIN = { email: 'first.admin@hotline.example.org', password: 'a long production passphrase' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mayak-production-'));
    generateEnv(dir, '--public-url', PUBLIC_URL);
    const rendered = renderCompose(join(dir, '.env'));
    if (!rendered.config) throw new Error(`${DOCKER_COMPOSE} config failed: ${rendered.stderr}`);
    db = await createTestDatabase({ empty: true });
    const port = await freePort();
    // The api's environment as compose renders it; only where Postgres and Redis are, the key
    // prefix and the port differ (they name containers there).
    env = {
      ...rendered.config.services.api.environment,
      DATABASE_URL: db.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      REDIS_KEY_PREFIX: testKeyPrefix(),
      // A volume in the containers; a directory of this test's own here.
      AUDIT_CHECKPOINT_DIR: join(dir, 'audit-checkpoints'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
  });

  afterAll(async () => {
    for (const started of [api, worker]) if (started && started.child.exitCode === null) started.child.kill('SIGKILL');
    await deleteKeysWithPrefix(redis, env.REDIS_KEY_PREFIX).catch(() => undefined);
    redis.disconnect();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const baseUrl = () => `http://127.0.0.1:${env.PORT}`;

  it('migrates an empty database with the migrate command', () => {
    const result = runBuilt(built('cli/migrate.js'), [], env);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/Applied \d+ migration\(s\)/) });
  });

  it('creates the first administrator with the documented command, the password on stdin', async () => {
    const demo = runBuilt(
      built('cli/admin-create.js'),
      ['--email', 'someone@hotline.example.org', '--office', 'Almaty', '--password-stdin'],
      env,
      'mayak-demo-2026\n',
    );
    expect(demo.code).toBe(1);
    expect(demo.stderr).toMatch(/public demo password/);

    const created = runBuilt(built('cli/admin-create.js'), ['--email', ADMIN.email, '--office', 'Almaty', '--password-stdin'], env, `${ADMIN.password}\n`);
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining(`Created administrator ${ADMIN.email} in office Almaty`) });
    expect(await db.query(`SELECT email, roles FROM users`)).toEqual([{ email: ADMIN.email, roles: ['admin'] }]);
  });

  it('starts the API, which becomes ready and signs the administrator in through enrolment of a second factor', async () => {
    api = start(built('main.js'), env);
    const current = api;
    await waitFor(
      `the API to be ready (output: ${current.output().slice(-2000)})`,
      async () => {
        if (current.child.exitCode !== null) throw new Error(`the API exited with ${current.child.exitCode}: ${current.output()}`);
        const response = await fetch(`${baseUrl()}/api/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
        return response?.status === 200 ? true : undefined;
      },
      30_000,
    );

    const client = createTestClient(baseUrl());
    const login = await client.login(ADMIN.email, ADMIN.password);
    expect(login.data?.state).toBe('mfa_enrolment_required');
    expect(login.response.headers.get('set-cookie')).toMatch(/; Secure/i);
    const enrolment = await client.api.POST('/api/v1/auth/mfa/enrolment', { body: { password: ADMIN.password } });
    const confirmed = await client.api.POST('/api/v1/auth/mfa/enrolment/confirm', {
      body: { code: totpCode(enrolment.data!.secret, new SystemClock()) /* production reads the system clock */ },
    });
    expect(confirmed.data?.session.state).toBe('active');
    const users = await client.api.GET('/api/v1/users');
    expect(users.data?.items.map((u) => u.email)).toEqual([ADMIN.email]);
  }, 90_000);

  it('sends the same browser policy as nginx, for the console and the API, and the console has no inline script', async () => {
    const nginx = readFileSync(join(ROOT, 'docker/nginx-security-headers.conf'), 'utf8');
    const nginxHeader = (name: string) => new RegExp(`^add_header ${name} "([^"]*)" always;$`, 'm').exec(nginx)?.[1];
    const directives = (policy: string) =>
      Object.fromEntries(
        policy
          .split(';')
          .map((d) => d.trim())
          .filter(Boolean)
          .map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1).sort()]),
      );
    const expected = directives(nginxHeader('Content-Security-Policy')!);
    expect(expected).toEqual({
      ...Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY).map(([k, v]) => [k, [...v].sort()])),
      'upgrade-insecure-requests': [],
    });
    expect(nginxHeader('Permissions-Policy')).toBe(PERMISSIONS_POLICY);
    expect(PERMISSIONS_POLICY).toContain('microphone=(self)');

    const index = readFileSync(join(ROOT, 'dist/apps/web/index.html'), 'utf8');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1];
    for (const path of ['/', '/api/health', asset]) {
      const response = await fetch(`${baseUrl()}${path}`);
      expect({ path, csp: directives(response.headers.get('content-security-policy') ?? '') }).toEqual({ path, csp: expected });
      for (const name of [
        'Permissions-Policy',
        'Referrer-Policy',
        'X-Content-Type-Options',
        'X-Frame-Options',
        'Strict-Transport-Security',
        'Cross-Origin-Opener-Policy',
      ]) {
        expect({ path, name, value: response.headers.get(name) }).toEqual({ path, name, value: nginxHeader(name) });
      }
    }

    expect((await fetch(`${baseUrl()}${asset}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Compressed for browsers that ask (as nginx does); the API's answers are not (its event stream must flow).
    const compressed = await rawGet(`${baseUrl()}${asset}`, { 'accept-encoding': 'gzip' });
    expect({ encoding: compressed.headers['content-encoding'], vary: compressed.headers.vary }).toEqual({ encoding: 'gzip', vary: 'Accept-Encoding' });
    expect(gunzipSync(compressed.body).equals(readFileSync(join(ROOT, 'dist/apps/web', asset)))).toBe(true);
    expect((await rawGet(`${baseUrl()}/api/health`, { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBeUndefined();
    expect((await fetch(`${baseUrl()}/`)).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${baseUrl()}/assets/no-such-file.js`)).status).toBe(404);

    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts)
      expect({ attributes: /\bsrc="\/assets\//.test(attributes), body: body.trim() }).toEqual({ attributes: true, body: '' });
    expect(index).not.toMatch(/\son[a-z]+=/i);
  });

  it('starts the worker, whose health command says so while it runs its queues', async () => {
    const before = runBuilt(built('cli/worker-health.js'), [], env);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/unhealthy: no worker heartbeat/);

    worker = start(built('worker.js'), env);
    const current = worker;
    const healthy = await waitFor(
      `a worker heartbeat (output: ${current.output().slice(-2000)})`,
      async () => {
        if (current.child.exitCode !== null) throw new Error(`the worker exited with ${current.child.exitCode}: ${current.output()}`);
        const check = runBuilt(built('cli/worker-health.js'), [], env);
        return check.code === 0 ? check : undefined;
      },
      30_000,
    );
    expect(healthy.stdout).toMatch(new RegExp(`healthy: worker .+:${current.child.pid} running 3 queue\\(s\\)`));
  }, 90_000);

  it('stops the API and the worker cleanly on SIGTERM, after which the worker is reported unhealthy', async () => {
    const [apiCode, workerCode] = await Promise.all([stop(api!), stop(worker!)]);
    expect({ apiCode, workerCode }).toEqual({ apiCode: 0, workerCode: 0 });
    expect(`${api!.output()}\n${worker!.output()}`).not.toMatch(/"level":(50|60)/);
    const after = runBuilt(built('cli/worker-health.js'), [], env);
    expect(after.code).toBe(1);
  });

  it('refuses to start the API or the worker with a public development default, naming it', async () => {
    const cases: { variable: string; value: string; message: RegExp }[] = [
      { variable: 'TELEPHONY_DEV_TOKEN', value: 'mayak-local-telephony-token', message: /TELEPHONY_DEV_TOKEN is the public development token/ },
      // The development key copied under the generated id (ENCRYPTION_ACTIVE_KEY_ID=k1).
      {
        variable: 'ENCRYPTION_KEYS',
        value: 'k1:bWF5YWstZGV2ZWxvcG1lbnQta2V5LXB1YmxpYyEhISE=',
        message: /ENCRYPTION_KEYS holds the public development key \(id "k1"\)/,
      },
      { variable: 'IDENTIFIER_HASH_KEY', value: 'bWF5YWstZGV2LWJsaW5kLWluZGV4LWtleS1wdWJsaWM=', message: /IDENTIFIER_HASH_KEY is the public development key/ },
      {
        variable: 'AUDIT_CHAIN_KEY',
        value: 'a1:bWF5YWstZGV2LWF1ZGl0LWNoYWluLWtleS1wdWJsaWM=',
        message: /AUDIT_CHAIN_KEY holds the public development key \(id "a1"\)/,
      },
      { variable: 'MFA_REQUIRED_ROLES', value: '', message: /MFA_REQUIRED_ROLES must include supervisor,admin,partner/ },
      { variable: 'PUBLIC_URL', value: 'http://hotline.example.org', message: /PUBLIC_URL must be an https:\/\/ address/ },
    ];
    for (const { variable, value, message } of cases) {
      const outcomes = await Promise.all(
        ['main.js', 'worker.js'].map(async (entry) => {
          const refused = start(built(entry), { ...env, [variable]: value });
          const code = await exitOf(refused, 30_000);
          if (code === 'hung') refused.child.kill('SIGKILL');
          return { entry, variable, code, named: message.test(refused.output()) };
        }),
      );
      expect(outcomes).toEqual(['main.js', 'worker.js'].map((entry) => ({ entry, variable, code: 1, named: true })));
    }
  }, 180_000);

  it('refuses to start the API while a demo account with the public password can sign in', async () => {
    const demo = runBuilt(
      built('cli/admin-create.js'),
      ['--email', 'admin.almaty@mayak.test', '--office', 'Almaty', '--password-stdin'],
      env,
      `${ADMIN.password}\n`,
    );
    expect(demo.code).toBe(0);
    const refused = start(built('main.js'), env);
    const code = await exitOf(refused, 30_000);
    if (code === 'hung') refused.child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(refused.output()).toMatch(/Production refuses demo accounts, whose password is public: admin\.almaty@mayak\.test/);
  }, 90_000);
});
