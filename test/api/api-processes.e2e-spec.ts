import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { pinnedClockEnv } from '../support/app';
import { createTestDatabase, testKeyPrefix, type TestDatabase } from '../support/database';
import { startApiProcess, type ApiProcess } from '../support/processes';
import { waitFor } from '../support/waiting';

const METRICS_TOKEN = 'metrics-token-for-the-api-processes-test-0123';

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children.sort((a, b) => a - b);
}

/** A GET on a connection of its own (no keep-alive), so the primary hands each to the next process. */
function getOnNewConnection(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { ...headers, connection: 'close' } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url}`)));
    req.end();
  });
}

describe('API_PROCESSES: several API processes share one port', () => {
  let db: TestDatabase;
  let api: ApiProcess;
  let primary: number;
  /** All the primary's standard output since it was ready (the processes' log lines). */
  let logged = '';
  const logLines = () =>
    logged.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as { pid?: number; msg?: string; req?: { path?: string } }];
      } catch {
        return []; // the last, incomplete line
      }
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApiProcess(
      'api',
      {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
        REDIS_KEY_PREFIX: testKeyPrefix(),
        LOG_LEVEL: 'info',
        MFA_REQUIRED_ROLES: '',
        PUBLIC_URL: 'https://hotline.example.org',
        COOKIE_SECURE: 'false',
        WEB_DIST_PATH: '',
        API_PROCESSES: '2',
        METRICS_TOKEN,
        ...pinnedClockEnv(),
      },
      60_000,
    );
    primary = api.child.pid!;
    api.child.stdout!.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    await waitFor(
      `two API processes under the primary (${api.output().slice(-1500)})`,
      async () => (childrenOf(primary).length === 2 ? true : undefined),
      30_000,
    );
    // Until the second process listens, the first takes every connection: wait (bounded) until both have answered.
    await waitFor(
      `both processes to answer (${api.output().slice(-1500)})`,
      async () => {
        await getOnNewConnection(`${api.baseUrl}/api/v1/users`);
        const pids = new Set(
          logLines()
            .filter((line) => line.req?.path === '/api/v1/users')
            .map((line) => line.pid),
        );
        return pids.size === 2 ? true : undefined;
      },
      60_000,
    );
  }, 150_000);

  afterAll(async () => {
    await api?.stop(35_000);
    await db?.drop();
  });

  it('answers from both processes, each request logged with the process that served it, and counts them all in one scrape', async () => {
    const workers = childrenOf(primary);
    const requests = 40;
    for (let i = 0; i < requests; i++) expect((await getOnNewConnection(`${api.baseUrl}/api/v1/auth/me`)).status).toBe(401);

    const servedBy = await waitFor(
      `${requests} request lines (${api.output().slice(-1500)})`,
      async () => {
        const lines = logLines().filter((line) => line.req?.path === '/api/v1/auth/me');
        return lines.length >= requests ? lines : undefined;
      },
      15_000,
    );
    expect(new Set(servedBy.map((line) => line.pid))).toEqual(new Set(workers));

    // Whichever process answers the scrape, the figures are both processes' together.
    for (let scrape = 0; scrape < 4; scrape++) {
      const metrics = await getOnNewConnection(`${api.baseUrl}/api/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
      expect(metrics.status).toBe(200);
      const counted = metrics.body
        .split('\n')
        .filter((line) => line.startsWith('mayak_http_request_duration_seconds_count{') && line.includes('route="/api/v1/auth/me"'))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
      expect(counted).toBe(requests);
    }
  });

  it('starts another process when one dies, and goes on serving', async () => {
    const [victim, survivor] = childrenOf(primary);
    process.kill(victim, 'SIGKILL');
    const replaced = await waitFor(
      `a new API process in place of ${victim} (${api.output().slice(-1500)})`,
      async () => {
        const now = childrenOf(primary);
        return now.length === 2 && !now.includes(victim) ? now : undefined;
      },
      30_000,
    );
    expect(replaced).toContain(survivor);
    expect(api.output()).toContain('an API process ended; starting another');
    await waitFor(
      'the new process to be ready',
      async () => {
        for (let i = 0; i < 6; i++) if ((await getOnNewConnection(`${api.baseUrl}/api/health/ready`)).status !== 200) return undefined;
        return true;
      },
      30_000,
    );
  }, 60_000);

  it('stops every process on SIGTERM and exits 0', async () => {
    const workers = childrenOf(primary);
    expect(await api.stop(35_000)).toBe(0);
    for (const pid of workers) expect(existsSync(`/proc/${pid}`)).toBe(false);
  }, 45_000);
});
