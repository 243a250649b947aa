import { randomUUID } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

/**
 * Hostile input against the real application: mass assignment, injection strings, malformed
 * Unicode, wrong content types and oversized requests. Every refusal is a 4xx problem+json
 * (never a 5xx) and leaves the database exactly as it was (count and md5 of every row of
 * the tables a request could touch).
 */
jest.setTimeout(120_000);

const REQUEST_TIMEOUT_MS = 20_000;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Every table a create or update could write, and the audit log (a refused request is not audited). */
const DATA_TABLES = [
  'offices',
  'users',
  'user_offices',
  'mfa_recovery_codes',
  'organisations',
  'knowledge_articles',
  'people',
  'person_identifiers',
  'person_flags',
  'person_merges',
  'cases',
  'case_reference_sequences',
  'case_events',
  'case_tasks',
  'case_consents',
  'case_shares',
  'case_trafficking_events',
  'contacts',
  'contact_articles',
  'referrals',
  'callbacks',
  'callback_attempts',
  'alerts',
] as const;
const ALL_TABLES = [...DATA_TABLES, 'audit_log'] as const;

const INJECTIONS = [
  ['SQL tautology', "' OR '1'='1"],
  ['SQL stacked statement', "'; DROP TABLE contacts; --"],
  ['SQL parenthesised tautology', '1) OR (1=1'],
  ['script tag', '<script>alert(1)</script>'],
  ['attribute breakout', '"><img src=x onerror=alert(1)>'],
  ['template literal', '${7*7}'],
  ['template expression', '{{7*7}}'],
  ['path traversal', '../../etc/passwd'],
] as const;

type Who = 'anonymous' | 'operator' | 'caseWorker' | 'supervisor' | 'admin';

interface Fixtures {
  almatyId: string;
  astanaId: string;
  adminId: string;
  operatorAstanaId: string;
  caseWorkerId: string;
  shelterId: string;
  contact: { id: string; version: number };
  kase: { id: string; version: number; reference: string };
  task: { id: string; version: number };
  person: { id: string; version: number };
  callback: { id: string; version: number };
  referral: { id: string; version: number };
  office: { id: string; version: number };
  consentId: string;
  flagId: string;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: { code?: string; errors?: { field: string; code: string }[]; [key: string]: unknown } | undefined;
}

interface RawRequest {
  method?: string;
  /** A JSON value, serialised with JSON.stringify and sent as application/json. */
  json?: unknown;
  /** A body sent as is (string, bytes, form data). */
  body?: string | Buffer | FormData;
  /** The content type; `null` sends none. Defaults to application/json when there is a body. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

describe('hostile input gets a clean 4xx and changes nothing', () => {
  let t: TestApp;
  const clients = {} as Record<Exclude<Who, 'anonymous'>, TestClient>;
  let f: Fixtures;

  async function call(who: Who, path: string, request: RawRequest = {}): Promise<Answer> {
    const method = request.method ?? (request.json !== undefined || request.body !== undefined ? 'POST' : 'GET');
    const headers = new Headers(request.headers);
    if (who !== 'anonymous') {
      const client = clients[who];
      headers.set('cookie', `mayak_session=${client.jar.get('mayak_session')}`);
      if (!SAFE_METHODS.has(method)) headers.set('x-csrf-token', client.csrfToken ?? '');
    }
    const body = request.json !== undefined ? JSON.stringify(request.json) : request.body;
    const contentType =
      request.contentType === undefined ? (body !== undefined && !(body instanceof FormData) ? 'application/json' : undefined) : request.contentType;
    if (contentType) headers.set('content-type', contentType);
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers,
      body: body as BodyInit | undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let json: Answer['json'];
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Count and md5 of every row, per table. */
  async function fingerprint(tables: readonly string[] = ALL_TABLES): Promise<Record<string, string>> {
    const sql = tables
      .map(
        (table) =>
          `SELECT '${table}' AS t, count(*)::int AS n, md5(coalesce(string_agg(row_to_json(x)::text, '|' ORDER BY row_to_json(x)::text), '')) AS h FROM ${table} x`,
      )
      .join(' UNION ALL ');
    const rows = await t.db.query<{ t: string; n: number; h: string }>(sql);
    return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
  }

  function expectProblem(answer: Answer, status?: number | number[]): void {
    const context = `${answer.status} ${answer.text.slice(0, 300)}`;
    expect({ status: answer.status >= 400 && answer.status < 500, context }).toEqual({ status: true, context });
    if (status !== undefined) expect([status].flat()).toContain(answer.status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.json).toMatchObject({ status: answer.status, code: expect.any(String) });
  }

  const fieldsOf = (answer: Answer) => [...new Set((answer.json?.errors ?? []).map((e) => e.field))];

  /** Sends the request, expects a refusal and proves nothing was written. */
  async function expectRefusedUnchanged(who: Who, path: string, request: RawRequest, status?: number | number[]): Promise<Answer> {
    const before = await fingerprint();
    const answer = await call(who, path, request);
    expectProblem(answer, status);
    expect(await fingerprint()).toEqual(before);
    return answer;
  }

  const created = <T>(result: { data?: T; error?: unknown; response: Response }): T => {
    if (!result.data) throw new Error(`fixture failed: ${result.response.status} ${JSON.stringify(result.error)}`);
    return result.data;
  };
  const inAnHour = () => new Date(t.clock.nowMs() + 3_600_000).toISOString();
  const tomorrow = () => new Date(t.clock.nowMs() + 86_400_000).toISOString();

  /** A case of the Almaty case worker, in progress, with the client's consent to referral. */
  async function caseReadyForReferral(summary = 'Паспорт удерживает работодатель') {
    const api = clients.caseWorker.api;
    let c = created(await api.POST('/api/v1/cases', { body: { type: 'trafficking', summary } }));
    for (const status of ['open', 'in_progress'] as const)
      c = created(await api.POST('/api/v1/cases/{id}/status', { params: { path: { id: c.id } }, body: { version: c.version, status } }));
    return created(await api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: c.id } }, body: { purpose: 'referral', channel: 'verbal_on_call' } }));
  }

  beforeAll(async () => {
    t = await startTestApp();
    clients.operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    clients.caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    clients.supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    clients.admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const offices = Object.fromEntries((await t.db.query<{ id: string; code: string }>(`SELECT id, code FROM offices`)).map((o) => [o.code, o.id]));
    const users = Object.fromEntries((await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)).map((u) => [u.email, u.id]));
    const [shelter] = await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE name = 'Приют «Светлый дом»'`);

    const api = clients.caseWorker.api;
    const contact = created(await api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: '+77015550001', notes: 'Спрашивала про договор' } }));
    const person = created(await api.POST('/api/v1/people', { body: { name: 'Айгерим Фикстура', identifiers: [{ kind: 'phone', value: '+77015550002' }] } }));
    const kase = await caseReadyForReferral();
    const task = created(await api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id: kase.id } }, body: { title: 'Позвонить в приют' } }));
    const callback = created(await api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, contactId: contact.id, dueAt: tomorrow() } }));
    const [referral] = created(
      await api.POST('/api/v1/cases/{id}/referrals', {
        params: { path: { id: kase.id } },
        body: { targets: [{ organisationId: shelter.id, serviceType: 'shelter' }], sharedSummary: 'Нужен безопасный ночлег сегодня' },
      }),
    );
    const office = created(await clients.admin.api.POST('/api/v1/offices', { body: { name: 'Scratch office', code: 'SCR' } }));
    const flag = created(
      await api.POST('/api/v1/people/{id}/flags', { params: { path: { id: person.id } }, body: { kind: 'at_risk', reason: 'Муж проверяет телефон' } }),
    );
    f = {
      almatyId: offices.ALA,
      astanaId: offices.AST,
      adminId: users['admin.almaty@mayak.test'],
      operatorAstanaId: users['operator.astana@mayak.test'],
      caseWorkerId: users['caseworker.almaty@mayak.test'],
      shelterId: shelter.id,
      contact,
      kase: { id: kase.id, version: kase.version, reference: kase.reference },
      task,
      person,
      callback,
      referral,
      office,
      consentId: kase.consents[0].id,
      flagId: flag.id,
    };
  });
  afterAll(async () => t?.close());

  // Successful writes elsewhere in the file move versions on; bodies always carry the current one, so a refusal is never a stale-version 409.
  beforeEach(async () => {
    if (!f) return;
    const version = async (table: string, id: string) => (await t.db.query<{ version: number }>(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version;
    f.contact.version = await version('contacts', f.contact.id);
    f.kase.version = await version('cases', f.kase.id);
    f.task.version = await version('case_tasks', f.task.id);
    f.person.version = await version('people', f.person.id);
    f.callback.version = await version('callbacks', f.callback.id);
    f.referral.version = await version('referrals', f.referral.id);
    f.office.version = await version('offices', f.office.id);
  });

  describe('mass assignment is refused, naming the field', () => {
    interface Case {
      label: string;
      who: Who;
      method: string;
      path: (f: Fixtures) => string;
      body: (f: Fixtures) => Record<string, unknown>;
      field: string;
    }
    const at =
      (label: string, who: Who, method: string, path: (f: Fixtures) => string, base: (f: Fixtures) => Record<string, unknown>) =>
      (field: string, value: (f: Fixtures) => unknown, fieldPath = field): Case => ({
        label: `${label} with ${fieldPath}`,
        who,
        method,
        path,
        body: (fx) => setPath(base(fx), fieldPath, value(fx)),
        field: fieldPath,
      });
    const contactCreate = at(
      'POST /contacts',
      'operator',
      'POST',
      () => '/api/v1/contacts',
      () => ({ channel: 'voice', notes: 'x' }),
    );
    const contactUpdate = at(
      'PATCH /contacts/:id',
      'caseWorker',
      'PATCH',
      (fx) => `/api/v1/contacts/${fx.contact.id}`,
      (fx) => ({ version: fx.contact.version, notes: 'x' }),
    );
    const contactComplete = at(
      'POST /contacts/:id/complete',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/contacts/${fx.contact.id}/complete`,
      (fx) => ({ version: fx.contact.version }),
    );
    const contactOpenCase = at(
      'POST /contacts/:id/open-case',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/contacts/${fx.contact.id}/open-case`,
      (fx) => ({ version: fx.contact.version, type: 'other' }),
    );
    const caseCreate = at(
      'POST /cases',
      'caseWorker',
      'POST',
      () => '/api/v1/cases',
      () => ({ type: 'other', summary: 'x' }),
    );
    const caseUpdate = at(
      'PATCH /cases/:id',
      'caseWorker',
      'PATCH',
      (fx) => `/api/v1/cases/${fx.kase.id}`,
      (fx) => ({ version: fx.kase.version, summary: 'x' }),
    );
    const caseUpdateRoute = at(
      'PATCH /cases/:id',
      'caseWorker',
      'PATCH',
      (fx) => `/api/v1/cases/${fx.kase.id}`,
      (fx) => ({ version: fx.kase.version, route: [{ type: 'Recruitment', country: 'UZ' }] }),
    );
    const caseStatus = at(
      'POST /cases/:id/status',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/cases/${fx.kase.id}/status`,
      (fx) => ({ version: fx.kase.version, status: 'referred' }),
    );
    const caseAssign = at(
      'POST /cases/:id/assignee',
      'supervisor',
      'POST',
      (fx) => `/api/v1/cases/${fx.kase.id}/assignee`,
      (fx) => ({ version: fx.kase.version, assigneeId: fx.caseWorkerId }),
    );
    const caseNote = at(
      'POST /cases/:id/notes',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/cases/${fx.kase.id}/notes`,
      () => ({ body: 'x' }),
    );
    const caseShare = at(
      'POST /cases/:id/shares',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/cases/${fx.kase.id}/shares`,
      (fx) => ({ userId: fx.adminId }),
    );
    const taskCreate = at(
      'POST /cases/:id/tasks',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/cases/${fx.kase.id}/tasks`,
      () => ({ title: 'x' }),
    );
    const taskUpdate = at(
      'PATCH /cases/:id/tasks/:taskId',
      'caseWorker',
      'PATCH',
      (fx) => `/api/v1/cases/${fx.kase.id}/tasks/${fx.task.id}`,
      (fx) => ({ version: fx.task.version, title: 'x' }),
    );
    const consentGive = at(
      'POST /cases/:id/consents',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/cases/${fx.kase.id}/consents`,
      () => ({ purpose: 'services', channel: 'written' }),
    );
    const personCreate = at(
      'POST /people',
      'caseWorker',
      'POST',
      () => '/api/v1/people',
      () => ({ name: 'x', identifiers: [{ kind: 'phone', value: '+77015550009' }] }),
    );
    const personUpdate = at(
      'PATCH /people/:id',
      'caseWorker',
      'PATCH',
      (fx) => `/api/v1/people/${fx.person.id}`,
      (fx) => ({ version: fx.person.version, name: 'x' }),
    );
    const identifierAdd = at(
      'POST /people/:id/identifiers',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/people/${fx.person.id}/identifiers`,
      () => ({ kind: 'email', value: 'x@example.org' }),
    );
    const flagAdd = at(
      'POST /people/:id/flags',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/people/${fx.person.id}/flags`,
      () => ({ kind: 'at_risk', reason: 'Угрожает муж' }),
    );
    const callbackCreate = at(
      'POST /callbacks',
      'caseWorker',
      'POST',
      () => '/api/v1/callbacks',
      (fx) => ({
        contactId: fx.contact.id,
        consentToContactBack: true,
        dueAt: inAnHour(),
        safeWindow: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
      }),
    );
    const callbackReschedule = at(
      'POST /callbacks/:id/reschedule',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/callbacks/${fx.callback.id}/reschedule`,
      (fx) => ({ version: fx.callback.version, dueAt: inAnHour() }),
    );
    const callbackCancel = at(
      'POST /callbacks/:id/cancel',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/callbacks/${fx.callback.id}/cancel`,
      (fx) => ({ version: fx.callback.version, reason: 'Дозвонились иначе' }),
    );
    const callbackOutcome = at(
      'POST /callbacks/:id/outcome',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/callbacks/${fx.callback.id}/outcome`,
      (fx) => ({ version: fx.callback.version, outcome: 'busy' }),
    );
    const referralCreate = at(
      'POST /cases/:id/referrals',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/cases/${fx.kase.id}/referrals`,
      (fx) => ({ targets: [{ organisationId: fx.shelterId, serviceType: 'shelter' }], sharedSummary: 'Нужен безопасный ночлег' }),
    );
    const referralStatus = at(
      'POST /referrals/:id/status',
      'caseWorker',
      'POST',
      (fx) => `/api/v1/referrals/${fx.referral.id}/status`,
      (fx) => ({ version: fx.referral.version, status: 'sent' }),
    );
    const userCreate = at(
      'POST /users',
      'admin',
      'POST',
      () => '/api/v1/users',
      (fx) => ({
        email: 'new.operator@mayak.test',
        displayName: 'Новый оператор',
        password: 'correct horse battery staple',
        roles: ['operator'],
        officeIds: [fx.almatyId],
      }),
    );
    const userUpdate = at(
      'PATCH /users/:id',
      'admin',
      'PATCH',
      (fx) => `/api/v1/users/${fx.operatorAstanaId}`,
      () => ({ version: 1, displayName: 'Оператор' }),
    );
    const officeCreate = at(
      'POST /offices',
      'admin',
      'POST',
      () => '/api/v1/offices',
      () => ({ name: 'Shymkent', code: 'SHY' }),
    );
    const officeUpdate = at(
      'PATCH /offices/:id',
      'admin',
      'PATCH',
      (fx) => `/api/v1/offices/${fx.office.id}`,
      (fx) => ({ version: fx.office.version, name: 'Scratch' }),
    );
    const me = at(
      'PATCH /auth/me',
      'operator',
      'PATCH',
      () => '/api/v1/auth/me',
      () => ({ displayName: 'Оператор' }),
    );
    const login = at(
      'POST /auth/login',
      'anonymous',
      'POST',
      () => '/api/v1/auth/login',
      () => ({ email: 'operator.almaty@mayak.test', password: 'mayak-demo-2026' }),
    );

    const uuid = () => randomUUID();
    const cases: Case[] = [
      contactCreate('id', uuid),
      contactCreate('status', () => 'completed'),
      contactCreate('operatorId', (fx) => fx.adminId),
      contactCreate('createdById', (fx) => fx.adminId),
      contactCreate('version', () => 7),
      contactCreate('endedAt', () => '2020-01-01T00:00:00Z'),
      contactCreate('critical', () => true),
      contactCreate('role', () => 'admin'),
      contactUpdate('officeId', (fx) => fx.astanaId),
      contactUpdate('status', () => 'completed'),
      contactUpdate('caseId', (fx) => fx.kase.id),
      contactUpdate('operatorId', (fx) => fx.adminId),
      contactUpdate('id', uuid),
      contactUpdate('endedAt', () => '2020-01-01T00:00:00Z'),
      contactComplete('status', () => 'in_progress'),
      contactComplete('operatorId', (fx) => fx.adminId),
      contactOpenCase('officeId', (fx) => fx.astanaId),
      contactOpenCase('personId', (fx) => fx.person.id),
      contactOpenCase('reference', () => '11616-2020-000001'),
      caseCreate('status', () => 'closed'),
      caseCreate('reference', () => '11616-2020-000001'),
      caseCreate('id', uuid),
      caseCreate('createdById', (fx) => fx.adminId),
      caseCreate('version', () => 3),
      caseCreate('legalHold', () => true),
      caseCreate('closedAt', () => '2020-01-01T00:00:00Z'),
      caseCreate('anonymisedAt', () => '2020-01-01T00:00:00Z'),
      caseUpdate('status', () => 'closed'),
      caseUpdate('officeId', (fx) => fx.astanaId),
      caseUpdate('reference', () => '11616-2020-000001'),
      caseUpdate('assigneeId', (fx) => fx.adminId),
      caseUpdate('legalHold', () => true),
      caseUpdate('createdById', (fx) => fx.adminId),
      caseUpdate('closureApprovedById', (fx) => fx.adminId),
      caseUpdate('id', uuid),
      caseUpdateRoute('route.0.caseId', uuid, 'route.0.caseId'),
      caseUpdateRoute('route.0.id', uuid, 'route.0.id'),
      caseStatus('assigneeId', (fx) => fx.adminId),
      caseStatus('officeId', (fx) => fx.astanaId),
      caseStatus('closureApprovedById', (fx) => fx.adminId),
      caseAssign('status', () => 'closed'),
      caseAssign('officeId', (fx) => fx.astanaId),
      caseNote('createdById', (fx) => fx.adminId),
      caseNote('actorId', (fx) => fx.adminId),
      caseNote('occurredAt', () => '2020-01-01T00:00:00Z'),
      caseShare('officeId', (fx) => fx.astanaId),
      caseShare('role', () => 'supervisor'),
      taskCreate('status', () => 'done'),
      taskCreate('caseId', uuid),
      taskCreate('id', uuid),
      taskCreate('version', () => 2),
      taskCreate('completedAt', () => '2020-01-01T00:00:00Z'),
      taskUpdate('caseId', uuid),
      taskUpdate('completedAt', () => '2020-01-01T00:00:00Z'),
      taskUpdate('createdById', (fx) => fx.adminId),
      consentGive('recordedById', (fx) => fx.adminId),
      consentGive('withdrawnAt', () => '2020-01-01T00:00:00Z'),
      consentGive('caseId', uuid),
      personCreate('id', uuid),
      personCreate('version', () => 4),
      personCreate('mergedIntoId', (fx) => fx.person.id),
      personCreate('createdById', (fx) => fx.adminId),
      personCreate('identifiers.0.personId', (fx) => fx.person.id, 'identifiers.0.personId'),
      personCreate('identifiers.0.valueHash', () => 'abc', 'identifiers.0.valueHash'),
      personUpdate('officeId', (fx) => fx.astanaId),
      personUpdate('mergedIntoId', uuid),
      personUpdate('identifiers', () => []),
      personUpdate('anonymisedAt', () => '2020-01-01T00:00:00Z'),
      identifierAdd('personId', uuid),
      identifierAdd('id', uuid),
      flagAdd('personId', uuid),
      flagAdd('createdById', (fx) => fx.adminId),
      flagAdd('removedAt', () => '2020-01-01T00:00:00Z'),
      callbackCreate('status', () => 'completed'),
      callbackCreate('officeId', (fx) => fx.astanaId),
      callbackCreate('attempts', () => 0),
      callbackCreate('id', uuid),
      callbackCreate('version', () => 2),
      callbackCreate('reason', () => 'missed_call'),
      callbackCreate('callerId', () => '+77010000000'),
      callbackCreate('safeWindow.officeId', (fx) => fx.astanaId, 'safeWindow.officeId'),
      callbackReschedule('status', () => 'scheduled'),
      callbackReschedule('attempts', () => 0),
      callbackReschedule('maxAttempts', () => 9),
      callbackReschedule('officeId', (fx) => fx.astanaId),
      callbackCancel('status', () => 'completed'),
      callbackOutcome('attempts', () => 0),
      callbackOutcome('status', () => 'completed'),
      referralCreate('status', () => 'accepted'),
      referralCreate('officeId', (fx) => fx.astanaId),
      referralCreate('caseId', uuid),
      referralCreate('sentAt', () => '2020-01-01T00:00:00Z'),
      referralCreate('dueAt', () => '2020-01-01T00:00:00Z'),
      referralCreate('targets.0.status', () => 'accepted', 'targets.0.status'),
      referralCreate('targets.0.caseId', uuid, 'targets.0.caseId'),
      referralStatus('organisationId', uuid),
      referralStatus('caseId', uuid),
      referralStatus('sharedSummary', () => 'Другое'),
      referralStatus('shareContactDetails', () => true),
      userCreate('role', () => 'admin'),
      userCreate('mfaSecret', () => 'JBSWY3DPEHPK3PXP'),
      userCreate('passwordHash', () => '$argon2id$v=19$m=19456,t=2,p=1$x$y'),
      userCreate('active', () => false),
      userCreate('id', uuid),
      userCreate('version', () => 5),
      userCreate('mfaEnrolledAt', () => '2020-01-01T00:00:00Z'),
      userCreate('lastLoginAt', () => '2020-01-01T00:00:00Z'),
      userUpdate('email', () => 'someone.else@mayak.test'),
      userUpdate('passwordHash', () => '$argon2id$x'),
      userUpdate('mfaSecret', () => 'JBSWY3DPEHPK3PXP'),
      userUpdate('role', () => 'admin'),
      userUpdate('id', uuid),
      userUpdate('mfaEnrolledAt', () => null),
      officeCreate('active', () => false),
      officeCreate('id', uuid),
      officeCreate('version', () => 3),
      officeCreate('createdAt', () => '2020-01-01T00:00:00Z'),
      officeUpdate('id', uuid),
      officeUpdate('createdAt', () => '2020-01-01T00:00:00Z'),
      me('roles', () => ['admin']),
      me('role', () => 'admin'),
      me('officeIds', (fx) => [fx.astanaId]),
      me('officeId', (fx) => fx.astanaId),
      me('email', () => 'admin@mayak.test'),
      me('active', () => true),
      me('mfaSecret', () => 'JBSWY3DPEHPK3PXP'),
      me('passwordHash', () => '$argon2id$x'),
      me('organisationId', uuid),
      me('permissions', () => ['users.manage']),
      me('version', () => 1),
      me('id', uuid),
      login('roles', () => ['admin']),
      login('mfaSecret', () => 'x'),
      // Routes that take no body at all: a body is refused, not ignored.
      at(
        'POST /cases/:id/closure-approval-request',
        'caseWorker',
        'POST',
        (fx) => `/api/v1/cases/${fx.kase.id}/closure-approval-request`,
        () => ({}),
      )('status', () => 'closed'),
      at(
        'POST /cases/:id/consents/:consentId/withdraw',
        'caseWorker',
        'POST',
        (fx) => `/api/v1/cases/${fx.kase.id}/consents/${fx.consentId}/withdraw`,
        () => ({}),
      )('withdrawnAt', () => '2020-01-01T00:00:00Z'),
      at(
        'DELETE /cases/:id/shares/:userId',
        'caseWorker',
        'DELETE',
        (fx) => `/api/v1/cases/${fx.kase.id}/shares/${fx.adminId}`,
        () => ({}),
      )('officeId', (fx) => fx.astanaId),
      at(
        'POST /people/flags/:flagId/remove',
        'caseWorker',
        'POST',
        (fx) => `/api/v1/people/flags/${fx.flagId}/remove`,
        () => ({}),
      )('personId', uuid),
      at(
        'POST /users/:id/mfa/reset',
        'admin',
        'POST',
        (fx) => `/api/v1/users/${fx.operatorAstanaId}/mfa/reset`,
        () => ({}),
      )('mfaSecret', () => 'JBSWY3DPEHPK3PXP'),
      at(
        'POST /admin/retention/run',
        'admin',
        'POST',
        () => '/api/v1/admin/retention/run',
        () => ({}),
      )('olderThanDays', () => 0),
    ];

    it.each(cases)('$label', async ({ who, method, path, body, field }) => {
      const answer = await expectRefusedUnchanged(who, path(f), { method, json: body(f) }, 400);
      expect(answer.json?.code).toBe('validation_failed');
      expect(fieldsOf(answer)).toEqual([field]);
    });

    // A JSON text may carry "__proto__" or "constructor" as an ordinary key; it must be refused like any unknown field, never merged into the prototype.
    const prototypeKeys: { label: string; who: Who; method: string; path: string; body: (f: Fixtures) => string; field: string }[] = [
      {
        label: 'POST /contacts with "__proto__"',
        who: 'operator',
        method: 'POST',
        path: '/api/v1/contacts',
        body: () => '{"channel":"voice","__proto__":{"status":"completed","operatorId":"x"}}',
        field: '__proto__',
      },
      {
        label: 'POST /cases with "__proto__"',
        who: 'caseWorker',
        method: 'POST',
        path: '/api/v1/cases',
        body: (fx) => `{"type":"other","__proto__":{"officeId":"${fx.astanaId}"}}`,
        field: '__proto__',
      },
      {
        label: 'PATCH /auth/me with "__proto__"',
        who: 'operator',
        method: 'PATCH',
        path: '/api/v1/auth/me',
        body: () => '{"displayName":"Оператор","__proto__":{"roles":["admin"]}}',
        field: '__proto__',
      },
      {
        label: 'PATCH /auth/me with "constructor"',
        who: 'operator',
        method: 'PATCH',
        path: '/api/v1/auth/me',
        body: () => '{"displayName":"Оператор","constructor":{"prototype":{"roles":["admin"]}}}',
        field: 'constructor',
      },
      {
        label: 'POST /users with "__proto__"',
        who: 'admin',
        method: 'POST',
        path: '/api/v1/users',
        body: (fx) =>
          `{"email":"proto@mayak.test","displayName":"Proto","password":"correct horse battery staple","roles":["operator"],"officeIds":["${fx.almatyId}"],"__proto__":{"roles":["admin"]}}`,
        field: '__proto__',
      },
      {
        label: 'POST /people with "__proto__" in a nested identifier',
        who: 'caseWorker',
        method: 'POST',
        path: '/api/v1/people',
        body: () => '{"name":"x","identifiers":[{"kind":"email","value":"a@b.kz","__proto__":{"personId":"x"}}]}',
        field: 'identifiers.0.__proto__',
      },
    ];
    // A JSON text may carry "__proto__" or "constructor" as an ordinary key: refused like any unknown field, never merged into a prototype.
    it.each(prototypeKeys)('$label', async ({ who, method, path, body, field }) => {
      const answer = await expectRefusedUnchanged(who, path, { method, body: body(f) }, 400);
      expect(fieldsOf(answer)).toContain(field);
      // The application runs in this process: no object anywhere picked up the smuggled properties.
      expect(({} as Record<string, unknown>).roles).toBeUndefined();
      expect(({} as Record<string, unknown>).status).toBeUndefined();
    });
  });

  describe('injection strings', () => {
    describe('in path ids: 400', () => {
      const routes: [string, Who, string, (f: Fixtures, id: string) => string, (f: Fixtures) => unknown][] = [
        ['GET /contacts/:id', 'operator', 'GET', (_f, id) => `/api/v1/contacts/${id}`, () => undefined],
        ['PATCH /cases/:id', 'caseWorker', 'PATCH', (_f, id) => `/api/v1/cases/${id}`, (fx) => ({ version: fx.kase.version, summary: 'x' })],
        ['GET /people/:id', 'caseWorker', 'GET', (_f, id) => `/api/v1/people/${id}`, () => undefined],
        [
          'POST /callbacks/:id/cancel',
          'caseWorker',
          'POST',
          (_f, id) => `/api/v1/callbacks/${id}/cancel`,
          (fx) => ({ version: fx.callback.version, reason: 'Дозвонились' }),
        ],
        ['GET /referrals/:id/letter', 'caseWorker', 'GET', (_f, id) => `/api/v1/referrals/${id}/letter`, () => undefined],
        [
          'PATCH /cases/:id/tasks/:taskId',
          'caseWorker',
          'PATCH',
          (fx, id) => `/api/v1/cases/${fx.kase.id}/tasks/${id}`,
          (fx) => ({ version: fx.task.version, title: 'x' }),
        ],
        ['DELETE /cases/:id/shares/:userId', 'caseWorker', 'DELETE', (fx, id) => `/api/v1/cases/${fx.kase.id}/shares/${id}`, () => undefined],
        ['PATCH /users/:id', 'admin', 'PATCH', (_f, id) => `/api/v1/users/${id}`, () => ({ version: 1, displayName: 'x' })],
      ];
      const table = routes.flatMap(([route, who, method, path, body]) =>
        INJECTIONS.map(([name, payload]) => ({ label: `${route} with ${name}`, who, method, path, body, payload })),
      );
      it.each(table)('$label', async ({ who, method, path, body, payload }) => {
        const json = body(f);
        await expectRefusedUnchanged(who, path(f, encodeURIComponent(payload)), { method, ...(json === undefined ? {} : { json }) }, 400);
      });
    });

    describe('in enum, uuid, date, boolean and cursor query filters: 400', () => {
      const filters: [string, Who, string, Record<string, string>?][] = [
        ['/api/v1/contacts', 'operator', 'status'],
        ['/api/v1/contacts', 'operator', 'category'],
        ['/api/v1/contacts', 'operator', 'officeId'],
        ['/api/v1/contacts', 'operator', 'from'],
        ['/api/v1/contacts', 'operator', 'mine'],
        ['/api/v1/contacts', 'operator', 'hour'],
        ['/api/v1/contacts', 'operator', 'cursor'],
        ['/api/v1/cases', 'caseWorker', 'status'],
        ['/api/v1/cases', 'caseWorker', 'assignee'],
        ['/api/v1/cases', 'caseWorker', 'closedFrom'],
        ['/api/v1/cases', 'caseWorker', 'cursor'],
        ['/api/v1/people', 'caseWorker', 'cursor', { q: 'Айгерим' }],
        ['/api/v1/callbacks', 'caseWorker', 'view'],
        ['/api/v1/callbacks', 'caseWorker', 'caseId'],
        ['/api/v1/referrals', 'caseWorker', 'status'],
        ['/api/v1/referrals', 'caseWorker', 'sentFrom'],
        ['/api/v1/referrals', 'caseWorker', 'offset'],
        ['/api/v1/users', 'admin', 'role'],
        ['/api/v1/users', 'admin', 'active'],
        ['/api/v1/audit', 'admin', 'from'],
        ['/api/v1/audit', 'admin', 'actorUserId'],
      ];
      const table = filters.flatMap(([path, who, param, extra]) =>
        INJECTIONS.map(([name, payload]) => ({ label: `${path}?${param}= ${name}`, path, who, param, extra, payload })),
      );
      it.each(table)('$label', async ({ path, who, param, extra, payload }) => {
        const answer = await expectRefusedUnchanged(who, `${path}?${new URLSearchParams({ ...extra, [param]: payload })}`, {}, 400);
        expect(fieldsOf(answer)).toEqual([param]);
      });
    });

    describe('in free-text search: 200, no extra records, tables intact', () => {
      const searches: [string, Who, string][] = [
        ['/api/v1/contacts', 'operator', 'q'],
        ['/api/v1/cases', 'caseWorker', 'q'],
        ['/api/v1/people', 'caseWorker', 'q'],
        ['/api/v1/users', 'admin', 'q'],
        ['/api/v1/offices', 'admin', 'q'],
        ['/api/v1/directory/organisations', 'operator', 'q'],
        ['/api/v1/knowledge/articles', 'operator', 'q'],
      ];
      const payloads = [...INJECTIONS, ['LIKE wildcards', '%%'], ['LIKE single-character wildcards', '__'], ['backslashes', '\\\\']] as const;
      const table = searches.flatMap(([path, who, param]) =>
        payloads.map(([name, payload]) => ({ label: `${path}?${param}= ${name}`, path, who, param, payload })),
      );
      const ids = (answer: Answer) => (answer.json as unknown as { items: { id: string }[] }).items.map((item) => item.id);
      it.each(table)('$label', async ({ path, who, param, payload }) => {
        const before = await fingerprint(DATA_TABLES);
        const answer = await call(who, `${path}?${new URLSearchParams({ [param]: payload })}`);
        if (path === '/api/v1/people' && !/\p{L}{2}/u.test(payload)) {
          // People are found by a number or by name words; a query with neither is refused by design.
          expectProblem(answer, 400);
          expect(answer.json?.errors).toEqual([expect.objectContaining({ field: 'q', code: 'too_short' })]);
        } else {
          expect({ status: answer.status, text: answer.text.slice(0, 300) }).toEqual({ status: 200, text: expect.any(String) });
          expect(answer.headers.get('content-type')).toContain('application/json');
          expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
          // No extra records: whatever comes back is what a search for the bare words finds (nothing, unless a text holds such a word, like the "1." of a numbered list).
          const found = ids(answer);
          if (found.length) {
            const words = (payload.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
            const control = await call(who, `${path}?${new URLSearchParams({ [param]: words })}`);
            expect(found.every((id) => ids(control).includes(id))).toBe(true);
          }
        }
        expect(await fingerprint(DATA_TABLES)).toEqual(before);
      });
    });

    describe('in error answers that echo the request: JSON, never HTML', () => {
      it.each(INJECTIONS)('an unknown API path with %s', async (_name, payload) => {
        const answer = await expectRefusedUnchanged('operator', `/api/v1/${encodeURIComponent(payload)}`, { headers: { accept: 'text/html' } }, 404);
        expect(answer.text).not.toContain('<');
      });
    });

    describe('in stored text: kept verbatim, answered as JSON text with nosniff, escaped in HTML', () => {
      const expectJson = (answer: Answer, status = 200) => {
        expect({ status: answer.status, text: answer.text.slice(0, 300) }).toEqual({ status, text: expect.any(String) });
        expect(answer.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8$/);
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        return answer.json as unknown as Record<string, unknown>;
      };

      it.each(INJECTIONS.map(([name, payload], i) => [name, payload, i] as const))('%s', async (_name, payload, i) => {
        const read = (who: Who, path: string) => call(who, path, { headers: { accept: 'text/html' } });

        const contact = expectJson(
          await call('caseWorker', '/api/v1/contacts', { json: { channel: 'sms', phone: `+7701555020${i}`, notes: payload, safeContactTimes: payload } }),
          201,
        );
        expect(expectJson(await read('caseWorker', `/api/v1/contacts/${contact.id}`))).toMatchObject({ notes: payload, safeContactTimes: payload });
        expect((await t.db.query<{ notes: string }>(`SELECT notes FROM contacts WHERE id = $1`, [contact.id]))[0].notes).toBe(payload);

        const kase = expectJson(await call('caseWorker', '/api/v1/cases', { json: { type: 'other', summary: payload } }), 201);
        expect(expectJson(await read('caseWorker', `/api/v1/cases/${kase.id}`))).toMatchObject({ summary: payload });
        expect((await call('caseWorker', `/api/v1/cases/${kase.id}/notes`, { json: { body: payload } })).status).toBe(204);
        const timeline = expectJson(await read('caseWorker', `/api/v1/cases/${kase.id}/timeline`)) as { items: { kind: string; body: string | null }[] };
        expect(timeline.items.map((i) => i.body)).toContain(payload);
        const task = expectJson(await call('caseWorker', `/api/v1/cases/${kase.id}/tasks`, { json: { title: payload } }), 201);
        expect(task.title).toBe(payload);

        const person = expectJson(
          await call('caseWorker', '/api/v1/people', { json: { name: payload, identifiers: [{ kind: 'address', value: payload, label: payload }] } }),
          201,
        );
        expect(expectJson(await read('caseWorker', `/api/v1/people/${person.id}`))).toMatchObject({
          name: payload,
          identifiers: [{ kind: 'address', value: payload, label: payload }],
        });

        const callback = expectJson(
          await call('caseWorker', '/api/v1/callbacks', { json: { contactId: contact.id, consentToContactBack: true, dueAt: tomorrow(), notes: payload } }),
          201,
        );
        expect(expectJson(await read('caseWorker', `/api/v1/callbacks/${callback.id}`))).toMatchObject({ notes: payload });

        const ready = await caseReadyForReferral();
        const summary = `Для приюта: ${payload}`;
        const [referral] = expectJson(
          await call('caseWorker', `/api/v1/cases/${ready.id}/referrals`, {
            json: { targets: [{ organisationId: f.shelterId, serviceType: 'shelter' }], sharedSummary: summary },
          }),
          201,
        ) as unknown as { id: string }[];
        expect(expectJson(await read('caseWorker', `/api/v1/referrals/${referral.id}`))).toMatchObject({ sharedSummary: summary });
        const letter = await call('caseWorker', `/api/v1/referrals/${referral.id}/letter`);
        expect(letter.status).toBe(200);
        expect(letter.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(letter.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(letter.headers.get('x-content-type-options')).toBe('nosniff');
        expect(letter.text).toContain(escapeHtml(summary));
        if (/[<>"']/.test(payload)) expect(letter.text).not.toContain(payload);
        expect(letter.text).not.toMatch(/<script|<img/i);

        expectJson(await call('supervisor', '/api/v1/auth/me', { method: 'PATCH', json: { displayName: payload } }));
        expect(expectJson(await read('supervisor', '/api/v1/auth/me'))).toMatchObject({ user: { displayName: payload } });

        const office = (await t.db.query<{ version: number }>(`SELECT version FROM offices WHERE id = $1`, [f.office.id]))[0];
        expectJson(await call('admin', `/api/v1/offices/${f.office.id}`, { method: 'PATCH', json: { version: office.version, name: `Office ${payload}` } }));
        expect(expectJson(await read('admin', `/api/v1/offices/${f.office.id}`))).toMatchObject({ name: `Office ${payload}` });
      });
    });
  });

  describe('malformed Unicode: 400, nothing written', () => {
    const raw = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
    const bodies: { label: string; who: Who; method: string; path: (f: Fixtures) => string; body: (f: Fixtures) => Buffer; field?: string }[] = [
      {
        label: 'lone high surrogate (escaped) in contact notes',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"a\\ud800b"}'),
        field: 'notes',
      },
      {
        label: 'lone low surrogate (escaped) in contact notes',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"a\\udc00b"}'),
        field: 'notes',
      },
      {
        label: 'reversed surrogate pair (escaped) in a case summary',
        who: 'caseWorker',
        method: 'PATCH',
        path: (fx) => `/api/v1/cases/${fx.kase.id}`,
        body: (fx) => raw(`{"version":${fx.kase.version},"summary":"\\udc00\\ud800"}`),
        field: 'summary',
      },
      {
        label: 'lone surrogate (escaped) in a nested identifier',
        who: 'caseWorker',
        method: 'POST',
        path: () => '/api/v1/people',
        body: () => raw('{"name":"Айгуль","identifiers":[{"kind":"address","value":"ул. \\ud83d"}]}'),
        field: 'identifiers.0.value',
      },
      {
        label: 'lone surrogate (escaped) in the display name',
        who: 'operator',
        method: 'PATCH',
        path: () => '/api/v1/auth/me',
        body: () => raw('{"displayName":"Оператор \\udbff"}'),
        field: 'displayName',
      },
      {
        label: 'NUL (escaped) in contact notes',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"before\\u0000after"}'),
        field: 'notes',
      },
      {
        label: 'NUL (escaped) in a case note',
        who: 'caseWorker',
        method: 'POST',
        path: (fx) => `/api/v1/cases/${fx.kase.id}/notes`,
        body: () => raw('{"body":"\\u0000"}'),
        field: 'body',
      },
      {
        label: 'NUL (escaped) in a person name',
        who: 'caseWorker',
        method: 'POST',
        path: () => '/api/v1/people',
        body: () => raw('{"name":"Ай\\u0000гуль"}'),
        field: 'name',
      },
      {
        label: 'NUL (escaped) in a task title',
        who: 'caseWorker',
        method: 'POST',
        path: (fx) => `/api/v1/cases/${fx.kase.id}/tasks`,
        body: () => raw('{"title":"Позвонить\\u0000"}'),
        field: 'title',
      },
      {
        label: 'NUL (escaped) in callback notes',
        who: 'caseWorker',
        method: 'POST',
        path: () => '/api/v1/callbacks',
        body: (fx) => raw(`{"contactId":"${fx.contact.id}","dueAt":"${tomorrow()}","notes":"\\u0000"}`),
        field: 'notes',
      },
      {
        label: 'NUL (escaped) in a referral summary',
        who: 'caseWorker',
        method: 'POST',
        path: (fx) => `/api/v1/cases/${fx.kase.id}/referrals`,
        body: (fx) => raw(`{"targets":[{"organisationId":"${fx.shelterId}","serviceType":"shelter"}],"sharedSummary":"Нужен ночлег\\u0000сегодня"}`),
        field: 'sharedSummary',
      },
      {
        label: 'NUL (escaped) in the display name',
        who: 'operator',
        method: 'PATCH',
        path: () => '/api/v1/auth/me',
        body: () => raw('{"displayName":"Опе\\u0000ратор"}'),
        field: 'displayName',
      },
      {
        label: 'NUL (escaped) in an office name',
        who: 'admin',
        method: 'PATCH',
        path: (fx) => `/api/v1/offices/${fx.office.id}`,
        body: (fx) => raw(`{"version":${fx.office.version},"name":"Scr\\u0000atch"}`),
        field: 'name',
      },
      {
        label: 'NUL (escaped) in the sign-in e-mail',
        who: 'anonymous',
        method: 'POST',
        path: () => '/api/v1/auth/login',
        body: () => raw('{"email":"operator.almaty@mayak.test\\u0000","password":"mayak-demo-2026"}'),
        field: 'email',
      },
      {
        label: 'raw NUL byte inside a JSON string',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"a', [0x00], 'b"}'),
      },
      {
        label: 'invalid UTF-8 bytes (FF FE) in contact notes',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"', [0xff, 0xfe], '"}'),
      },
      {
        label: 'a lone continuation byte (80)',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"a', [0x80], 'b"}'),
      },
      {
        label: 'a truncated sequence (E2 82)',
        who: 'caseWorker',
        method: 'POST',
        path: (fx) => `/api/v1/cases/${fx.kase.id}/notes`,
        body: () => raw('{"body":"', [0xe2, 0x82], '"}'),
      },
      {
        label: 'an overlong "/" (C0 AF)',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"..', [0xc0, 0xaf], '..', [0xc0, 0xaf], 'etc"}'),
      },
      { label: 'an overlong NUL (C0 80)', who: 'caseWorker', method: 'POST', path: () => '/api/v1/people', body: () => raw('{"name":"a', [0xc0, 0x80], 'b"}') },
      {
        label: 'a three-byte overlong "/" (E0 80 AF)',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"', [0xe0, 0x80, 0xaf], '"}'),
      },
      {
        label: 'a UTF-8-encoded surrogate (ED A0 80)',
        who: 'operator',
        method: 'PATCH',
        path: () => '/api/v1/auth/me',
        body: () => raw('{"displayName":"ab', [0xed, 0xa0, 0x80], '"}'),
      },
      {
        label: 'a code point beyond U+10FFFF (F4 90 80 80)',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw('{"channel":"voice","notes":"', [0xf4, 0x90, 0x80, 0x80], '"}'),
      },
      {
        label: 'Latin-1 bytes declared as UTF-8',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => Buffer.from('{"channel":"voice","notes":"café"}', 'latin1'),
      },
      {
        label: 'a UTF-8 byte order mark before the JSON',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => raw([0xef, 0xbb, 0xbf], '{"channel":"voice","notes":"bom"}'),
      },
      {
        label: 'a UTF-16 byte order mark and UTF-16 text',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        body: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"channel":"voice","notes":"bom"}', 'utf16le')]),
      },
    ];
    it.each(bodies)('$label', async ({ who, method, path, body, field }) => {
      const answer = await expectRefusedUnchanged(who, path(f), { method, body: body(f), contentType: 'application/json' }, 400);
      if (field) expect(fieldsOf(answer)).toContain(field);
    });

    const queries: { label: string; who: Who; path: string; field?: string }[] = [
      { label: 'NUL in a contact search', who: 'operator', path: '/api/v1/contacts?q=ab%00cd', field: 'q' },
      { label: 'NUL in a case search', who: 'caseWorker', path: '/api/v1/cases?q=%00%00', field: 'q' },
      { label: 'NUL in a people search', who: 'caseWorker', path: '/api/v1/people?q=Ай%00гуль', field: 'q' },
      { label: 'NUL in a user search', who: 'admin', path: '/api/v1/users?q=%00', field: 'q' },
      { label: 'NUL in an office search', who: 'admin', path: '/api/v1/offices?q=Al%00', field: 'q' },
      { label: 'NUL in a directory search', who: 'operator', path: '/api/v1/directory/organisations?q=%00shelter', field: 'q' },
      { label: 'NUL in a knowledge search', who: 'operator', path: '/api/v1/knowledge/articles?q=паспорт%00', field: 'q' },
      { label: 'NUL in an audit filter', who: 'admin', path: '/api/v1/audit?action=auth.login%00', field: 'action' },
      { label: 'NUL in an enum filter', who: 'operator', path: '/api/v1/contacts?status=completed%00', field: 'status' },
      { label: 'NUL in a cursor', who: 'operator', path: '/api/v1/contacts?cursor=%00', field: 'cursor' },
      { label: 'NUL in a path id', who: 'operator', path: '/api/v1/contacts/%00' },
      { label: 'invalid percent-encoded UTF-8 (FF FE) in a search', who: 'operator', path: '/api/v1/contacts?q=%FF%FEab', field: 'q' },
      { label: 'an overlong "/" (C0 AF) in a search', who: 'caseWorker', path: '/api/v1/cases?q=..%C0%AF..%C0%AFetc', field: 'q' },
      { label: 'an encoded surrogate (ED A0 80) in a search', who: 'caseWorker', path: '/api/v1/people?q=ab%ED%A0%80', field: 'q' },
      { label: 'a truncated sequence (E2 82) in a search', who: 'admin', path: '/api/v1/users?q=a%E2%82', field: 'q' },
    ];
    it.each(queries)('$label', async ({ who, path, field }) => {
      const answer = await expectRefusedUnchanged(who, path, {}, 400);
      if (field) expect(fieldsOf(answer)).toContain(field);
    });
  });

  describe('wrong content types and encodings on JSON routes: 4xx, nothing written', () => {
    const json = '{"channel":"voice","notes":"content type"}';
    const form = () => {
      const data = new FormData();
      data.set('channel', 'voice');
      data.set('notes', 'multipart');
      return data;
    };
    const cases: { label: string; who: Who; method: string; path: (f: Fixtures) => string; request: (f: Fixtures) => RawRequest; status: number }[] = [
      {
        label: 'text/plain carrying JSON',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: json, contentType: 'text/plain' }),
        status: 415,
      },
      {
        label: 'text/plain;charset=UTF-8 (what fetch sends for a string)',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: json, contentType: 'text/plain;charset=UTF-8' }),
        status: 415,
      },
      {
        label: 'application/x-www-form-urlencoded',
        who: 'caseWorker',
        method: 'PATCH',
        path: (fx) => `/api/v1/cases/${fx.kase.id}`,
        request: (fx) => ({ body: `version=${fx.kase.version}&summary=form`, contentType: 'application/x-www-form-urlencoded' }),
        status: 415,
      },
      { label: 'multipart/form-data', who: 'operator', method: 'POST', path: () => '/api/v1/contacts', request: () => ({ body: form() }), status: 415 },
      {
        label: 'application/x-www-form-urlencoded on a console telephony route (only Twilio webhooks take forms)',
        who: 'operator',
        method: 'PUT',
        path: () => '/api/v1/telephony/presence',
        request: () => ({ body: 'status=available', contentType: 'application/x-www-form-urlencoded' }),
        status: 415,
      },
      {
        label: 'application/xml',
        who: 'admin',
        method: 'POST',
        path: () => '/api/v1/offices',
        request: () => ({ body: '<office><name>Xml</name><code>XML</code></office>', contentType: 'application/xml' }),
        status: 415,
      },
      {
        label: 'application/merge-patch+json',
        who: 'operator',
        method: 'PATCH',
        path: () => '/api/v1/auth/me',
        request: () => ({ body: '{"displayName":"Merge patch"}', contentType: 'application/merge-patch+json' }),
        status: 415,
      },
      {
        label: 'application/jsonp',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: json, contentType: 'application/jsonp' }),
        status: 415,
      },
      {
        label: 'no content type with a body',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: Buffer.from(json), contentType: null }),
        status: 415,
      },
      {
        label: 'charset=iso-8859-1',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: Buffer.from(json, 'latin1'), contentType: 'application/json; charset=iso-8859-1' }),
        status: 415,
      },
      {
        label: 'charset=windows-1251',
        who: 'operator',
        method: 'PATCH',
        path: () => '/api/v1/auth/me',
        request: () => ({
          body: Buffer.from([...Buffer.from('{"displayName":"'), 0xce, 0xef, 0xe5, 0xf0, ...Buffer.from('"}')]),
          contentType: 'application/json; charset=windows-1251',
        }),
        status: 415,
      },
      {
        label: 'charset=utf-16le with UTF-16 text',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: Buffer.from(json, 'utf16le'), contentType: 'application/json; charset=utf-16le' }),
        status: 415,
      },
      {
        label: 'charset=utf-16 with UTF-16 text and its byte order mark',
        who: 'operator',
        method: 'PATCH',
        path: () => '/api/v1/auth/me',
        request: () => ({
          body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"displayName":"Utf sixteen"}', 'utf16le')]),
          contentType: 'application/json; charset=utf-16',
        }),
        status: 415,
      },
      {
        label: 'charset=utf-32',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: json, contentType: 'application/json; charset=utf-32' }),
        status: 415,
      },
      {
        label: 'a gzip-encoded body',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: gzipSync(json), headers: { 'content-encoding': 'gzip' } }),
        status: 415,
      },
      {
        label: 'a deflate-encoded body',
        who: 'caseWorker',
        method: 'PATCH',
        path: (fx) => `/api/v1/cases/${fx.kase.id}`,
        request: (fx) => ({ body: deflateSync(`{"version":${fx.kase.version},"summary":"deflate"}`), headers: { 'content-encoding': 'deflate' } }),
        status: 415,
      },
      {
        label: 'a brotli-encoded body',
        who: 'admin',
        method: 'POST',
        path: () => '/api/v1/offices',
        request: () => ({ body: brotliCompressSync('{"name":"Brotli","code":"BRO"}'), headers: { 'content-encoding': 'br' } }),
        status: 415,
      },
      {
        label: 'a gzip bomb (10 MB of spaces, 10 kB compressed)',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: gzipSync(Buffer.alloc(10_000_000, 0x20)), headers: { 'content-encoding': 'gzip' } }),
        status: 415,
      },
      {
        label: 'an unknown content encoding',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: json, headers: { 'content-encoding': 'x-rot13' } }),
        status: 415,
      },
      {
        label: 'a JSON string instead of an object',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: '"voice"' }),
        status: 400,
      },
      { label: 'JSON null', who: 'operator', method: 'POST', path: () => '/api/v1/contacts', request: () => ({ body: 'null' }), status: 400 },
      {
        label: 'a JSON array instead of an object',
        who: 'operator',
        method: 'POST',
        path: () => '/api/v1/contacts',
        request: () => ({ body: `[${json}]` }),
        status: 400,
      },
    ];
    it.each(cases)('$label', async ({ who, method, path, request, status }) => {
      await expectRefusedUnchanged(who, path(f), { method, ...request(f) }, status);
    });
  });

  describe('oversized input: 4xx, never 5xx, nothing written', () => {
    const cases: { label: string; who: Who; method: string; path: (f: Fixtures) => string; json: (f: Fixtures) => unknown; status: number; field?: string }[] =
      [
        {
          label: 'contact notes of 60,000 characters (limit 10,000)',
          who: 'operator',
          method: 'POST',
          path: () => '/api/v1/contacts',
          json: () => ({ channel: 'voice', notes: 'н'.repeat(30_000) + 'x'.repeat(30_000) }),
          status: 400,
          field: 'notes',
        },
        {
          label: 'a case summary of 90,000 characters (limit 4,000)',
          who: 'caseWorker',
          method: 'PATCH',
          path: (fx) => `/api/v1/cases/${fx.kase.id}`,
          json: (fx) => ({ version: fx.kase.version, summary: 'x'.repeat(90_000) }),
          status: 400,
          field: 'summary',
        },
        {
          label: 'a case note of 99,000 characters (limit 10,000)',
          who: 'caseWorker',
          method: 'POST',
          path: (fx) => `/api/v1/cases/${fx.kase.id}/notes`,
          json: () => ({ body: 'x'.repeat(99_000) }),
          status: 400,
          field: 'body',
        },
        {
          label: 'a person name of 90,000 characters (limit 200)',
          who: 'caseWorker',
          method: 'POST',
          path: () => '/api/v1/people',
          json: () => ({ name: 'x'.repeat(90_000) }),
          status: 400,
          field: 'name',
        },
        {
          label: 'a display name of 80,000 characters (limit 120)',
          who: 'operator',
          method: 'PATCH',
          path: () => '/api/v1/auth/me',
          json: () => ({ displayName: 'x'.repeat(80_000) }),
          status: 400,
          field: 'displayName',
        },
        {
          label: 'a password of 90,000 characters (limit 128)',
          who: 'admin',
          method: 'POST',
          path: () => '/api/v1/users',
          json: (fx) => ({
            email: 'long.password@mayak.test',
            displayName: 'Long',
            password: 'x'.repeat(90_000),
            roles: ['operator'],
            officeIds: [fx.almatyId],
          }),
          status: 400,
          field: 'password',
        },
        {
          label: 'a sign-in password of 90,000 characters',
          who: 'anonymous',
          method: 'POST',
          path: () => '/api/v1/auth/login',
          json: () => ({ email: 'operator.almaty@mayak.test', password: 'x'.repeat(90_000) }),
          status: 400,
          field: 'password',
        },
        {
          label: '10,000 citizenships (limit 5)',
          who: 'caseWorker',
          method: 'POST',
          path: () => '/api/v1/people',
          json: () => ({ name: 'Много гражданств', citizenship: Array(10_000).fill('KZ') }),
          status: 400,
          field: 'citizenship',
        },
        {
          label: '10,000 exploitation types',
          who: 'caseWorker',
          method: 'PATCH',
          path: (fx) => `/api/v1/cases/${fx.kase.id}`,
          json: (fx) => ({ version: fx.kase.version, exploitationTypes: Array(10_000).fill('x') }),
          status: 400,
          field: 'exploitationTypes',
        },
        {
          label: '10,000 route events (limit 30)',
          who: 'caseWorker',
          method: 'PATCH',
          path: (fx) => `/api/v1/cases/${fx.kase.id}`,
          json: (fx) => ({ version: fx.kase.version, route: Array(10_000).fill({}) }),
          status: 400,
          field: 'route',
        },
        {
          label: '10,000 identifiers (limit 20)',
          who: 'caseWorker',
          method: 'POST',
          path: () => '/api/v1/people',
          json: () => ({ name: 'x', identifiers: Array(10_000).fill({}) }),
          status: 400,
          field: 'identifiers',
        },
        {
          label: '10,000 safe-window days (limit 7)',
          who: 'caseWorker',
          method: 'POST',
          path: () => '/api/v1/callbacks',
          json: (fx) => ({ contactId: fx.contact.id, dueAt: tomorrow(), safeWindow: { days: Array(10_000).fill(1), start: '00:00', end: '24:00' } }),
          status: 400,
          field: 'safeWindow.days',
        },
        {
          label: '10,000 referral targets (limit 10)',
          who: 'caseWorker',
          method: 'POST',
          path: (fx) => `/api/v1/cases/${fx.kase.id}/referrals`,
          json: () => ({ targets: Array(10_000).fill({}), sharedSummary: 'Нужен безопасный ночлег' }),
          status: 400,
          field: 'targets',
        },
        {
          label: '10,000 roles',
          who: 'admin',
          method: 'POST',
          path: () => '/api/v1/users',
          json: (fx) => ({
            email: 'many.roles@mayak.test',
            displayName: 'Many',
            password: 'correct horse battery staple',
            roles: Array(10_000).fill('admin'),
            officeIds: [fx.almatyId],
          }),
          status: 400,
          field: 'roles',
        },
        {
          label: '10,000 office ids',
          who: 'admin',
          method: 'PATCH',
          path: (fx) => `/api/v1/users/${fx.operatorAstanaId}`,
          json: () => ({ version: 1, officeIds: Array(10_000).fill('x') }),
          status: 400,
          field: 'officeIds',
        },
        {
          label: '500 identifiers: refused before validation, naming the list',
          who: 'caseWorker',
          method: 'POST',
          path: () => '/api/v1/people',
          json: () => ({ name: 'x', identifiers: Array(500).fill({ kind: 'phone', value: '+77010000000' }) }),
          status: 400,
          field: 'identifiers',
        },
        {
          label: 'a top-level array of 10,000 contacts',
          who: 'operator',
          method: 'POST',
          path: () => '/api/v1/contacts',
          json: () => Array(10_000).fill({}),
          status: 400,
        },
        {
          label: '10,000 unknown fields',
          who: 'operator',
          method: 'POST',
          path: () => '/api/v1/contacts',
          json: () => Object.fromEntries([['channel', 'voice'], ...Array.from({ length: 10_000 }, (_, i) => [`f${i}`, 1])]),
          status: 400,
          field: 'f0',
        },
        {
          label: 'a body just over 100 kB',
          who: 'operator',
          method: 'POST',
          path: () => '/api/v1/contacts',
          json: () => ({ channel: 'voice', notes: 'x'.repeat(102_400) }),
          status: 413,
        },
      ];
    it.each(cases)('$label', async ({ who, method, path, json, status, field }) => {
      const answer = await expectRefusedUnchanged(who, path(f), { method, json: json(f) }, status);
      if (field) expect(fieldsOf(answer)).toContain(field);
      // One problem per element would turn 30 kB in into megabytes out; the list is capped.
      expect(answer.json?.errors?.length ?? 0).toBeLessThanOrEqual(50);
      expect(answer.text.length).toBeLessThan(20_000);
    });

    const queries: { label: string; who: Who; path: () => string; status: number | number[]; field?: string }[] = [
      { label: 'a search of 8,000 characters (limit 200)', who: 'operator', path: () => `/api/v1/contacts?q=${'x'.repeat(8_000)}`, status: 400, field: 'q' },
      {
        label: 'a search of 14,000 encoded characters',
        who: 'caseWorker',
        path: () => `/api/v1/cases?${new URLSearchParams({ q: 'я'.repeat(2_300) })}`,
        status: 400,
        field: 'q',
      },
      { label: 'a query string of 20 kB (over the header limit)', who: 'caseWorker', path: () => `/api/v1/cases?q=${'x'.repeat(20_000)}`, status: 431 },
      { label: 'a query string of 1 MB', who: 'operator', path: () => `/api/v1/contacts?q=${'x'.repeat(1_000_000)}`, status: 431 },
      {
        label: '1,500 unknown query parameters',
        who: 'operator',
        path: () => `/api/v1/contacts?${Array.from({ length: 1_500 }, (_, i) => `p${i}=1`).join('&')}`,
        status: 400,
        field: 'p0',
      },
      {
        label: 'one filter repeated 800 times',
        who: 'operator',
        path: () => `/api/v1/contacts?${'category=other&'.repeat(800)}`,
        status: 400,
        field: 'category',
      },
      { label: 'a search repeated 1,000 times', who: 'caseWorker', path: () => `/api/v1/people?${'q=ab&'.repeat(1_000)}`, status: 400, field: 'q' },
      {
        label: 'a status list of 2,000 entries (limit 6)',
        who: 'caseWorker',
        path: () => `/api/v1/cases?status=${Array(2_000).fill('new').join(',')}`,
        status: 400,
        field: 'status',
      },
      { label: 'a page size of 10^30', who: 'operator', path: () => `/api/v1/contacts?limit=${'9'.repeat(30)}`, status: 400, field: 'limit' },
      { label: 'an offset of 10^30', who: 'admin', path: () => `/api/v1/users?offset=${'9'.repeat(30)}`, status: 400, field: 'offset' },
    ];
    it.each(queries)('$label', async ({ who, path, status, field }) => {
      const answer = await expectRefusedUnchanged(who, path(), {}, status);
      if (field) expect(fieldsOf(answer)).toContain(field);
    });

    it('still answers normally after all of the above', async () => {
      const answer = await call('operator', '/api/v1/contacts?limit=1');
      expect(answer.status).toBe(200);
    });
  });

  describe('answers holding personal data are never cached', () => {
    const reads: Array<[string, Who, (f: Fixtures) => string]> = [
      ['a contact', 'caseWorker', (fx) => `/api/v1/contacts/${fx.contact.id}`],
      ['the contact list', 'operator', () => '/api/v1/contacts'],
      ['a person', 'caseWorker', (fx) => `/api/v1/people/${fx.person.id}`],
      ['a people search', 'caseWorker', () => '/api/v1/people?q=Айгерим'],
      ['a case', 'caseWorker', (fx) => `/api/v1/cases/${fx.kase.id}`],
      ['the case list', 'caseWorker', () => '/api/v1/cases'],
      ['who is signed in', 'operator', () => '/api/v1/auth/me'],
      ['health', 'anonymous', () => '/api/health/ready'],
    ];
    it.each(reads)('%s: Cache-Control no-store, no ETag', async (_label, who, path) => {
      const answer = await call(who, path(f));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('etag')).toBeNull();
    });

    it('a problem+json error: Cache-Control no-store, no ETag', async () => {
      const missing = await call('caseWorker', `/api/v1/people/${randomUUID()}`);
      expectProblem(missing, 404);
      const anonymous = await call('anonymous', `/api/v1/people/${f.person.id}`);
      expectProblem(anonymous, 401);
      for (const answer of [missing, anonymous]) {
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(answer.headers.get('etag')).toBeNull();
      }
    });
  });

  describe('a person with nothing in it is refused', () => {
    const empties: Array<[string, Record<string, unknown>]> = [
      ['an empty body', {}],
      ['only the office', { officeId: '' }],
      ['blank name and empty lists', { name: '   ', citizenship: [], languages: [], identifiers: [] }],
      ['nulls everywhere', { name: null, gender: null, birthYear: null, ageGroup: null, migrationSituation: null }],
      ['only "unknown" answers', { gender: 'NonSpecifiedUnknown', ageGroup: 'unknown' }],
    ];
    it.each(empties)('%s: 400 naming the person, nothing written', async (_label, body) => {
      const json = 'officeId' in body ? { ...body, officeId: f.almatyId } : body;
      const answer = await expectRefusedUnchanged('caseWorker', '/api/v1/people', { json }, 400);
      expect(answer.json).toMatchObject({ code: 'validation_failed', errors: [{ field: 'name', code: 'person_empty' }] });
    });

    it('one descriptive field is enough', async () => {
      const answer = await call('caseWorker', '/api/v1/people', { json: { ageGroup: '18-20' } });
      expect(answer.status).toBe(201);
    });

    it('a change may not empty a person either: clearing the last field or removing the last identifier is refused, nothing written', async () => {
      const aged = await call('caseWorker', '/api/v1/people', { json: { ageGroup: '21-23' } });
      const person = aged.json as { id: string; version: number };
      const cleared = await expectRefusedUnchanged(
        'caseWorker',
        `/api/v1/people/${person.id}`,
        { method: 'PATCH', json: { version: person.version, ageGroup: null } },
        400,
      );
      expect(cleared.json).toMatchObject({ code: 'validation_failed', errors: [{ field: 'name', code: 'person_empty' }] });

      const reachable = await call('caseWorker', '/api/v1/people', { json: { identifiers: [{ kind: 'phone', value: '+77015550199' }] } });
      expect(reachable.status).toBe(201);
      const withPhone = reachable.json as { id: string; identifiers: { id: string }[] };
      const removed = await expectRefusedUnchanged(
        'caseWorker',
        `/api/v1/people/${withPhone.id}/identifiers/${withPhone.identifiers[0].id}`,
        { method: 'DELETE' },
        400,
      );
      expect(removed.json).toMatchObject({ code: 'validation_failed', errors: [{ field: 'name', code: 'person_empty' }] });
    });
  });
});

/** Sets `a.0.b` style paths inside a body that already holds `a[0]`. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return target;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
