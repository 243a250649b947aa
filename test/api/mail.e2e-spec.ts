import { JobQueue } from '#api/core/queue/job-queue.port';
import { JobName } from '#api/core/queue/queue-names';
import { MailOutbox } from '#api/core/mail/mail-outbox';
import { DeadlineWatcher } from '#api/modules/referrals/deadline-watcher';
import { NotificationWatch } from '#api/modules/notifications/notification-watch';
import { Notifier } from '#api/modules/notifications/notifier';
import { localDayOf } from '@mayak/domain';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { linkIn, startMailInbox, type MailInbox } from '../support/mail-inbox';
import { startWorkerProcess, type MayakProcess } from '../support/processes';
import { waitFor } from '../support/waiting';

/**
 * E-mail end to end: the API writes each mail to the outbox in the transaction of what it tells,
 * the real worker process sends it over SMTP to a real server on loopback (smtp-server), which
 * keeps what it receives. Nothing is sent twice; failures are retried, then shown to administrators.
 */
const PUBLIC_URL = 'https://hotline.example.org';
const PARTNER = 'partner.almaty@mayak.test';
const CASE_WORKER = 'caseworker.almaty@mayak.test';
const OPERATOR = 'operator.almaty@mayak.test';
const SUPERVISOR = 'supervisor.almaty@mayak.test';
const SHELTER = 'Приют «Светлый дом»';

/** The client, as the hotline holds them: none of it may ever be in a mail. */
const CLIENT = {
  name: 'Гульнара Секретова',
  phone: '+77015550177',
  notes: 'Заметка оператора: хозяин держит её в подвале теплицы',
  summary: 'Краткое описание для партнёра: нужна безопасная комната на две недели',
  taskTitle: 'Позвонить Гульнаре насчёт паспорта',
  /** What her safety plan says. */
  planRisks: 'Хозяин теплицы грозит найти её через земляков',
  planMeasures: 'Живёт у двоюродной сестры, телефон включает только днём',
};

describe('e-mail notifications over SMTP', () => {
  let t: TestApp;
  let inbox: MailInbox;
  let worker: MayakProcess;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  let admin: TestClient;
  let partner: TestClient;
  let shelterId: string;
  let caseWorkerId: string;
  let operatorId: string;

  async function ok<T>(what: string, call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (data === undefined) throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
    return data;
  }

  const userId = async (email: string) => (await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email]))[0].id;
  const mailRows = (where: string, params: unknown[] = []) =>
    t.db.query<{ id: string; status: string; kind: string; attempts: number; last_error: string | null; content_encrypted: string | null }>(
      `SELECT id, status, kind, attempts, last_error, content_encrypted FROM mails WHERE ${where} ORDER BY created_at`,
      params,
    );

  /** A case of the Almaty case worker, opened from the operator's call with the client's name, number and story, consent to referral given. */
  async function clientCase() {
    const person = await ok(
      'person',
      operator.api.POST('/api/v1/people', { body: { name: CLIENT.name, identifiers: [{ kind: 'phone', value: CLIENT.phone }] } }),
    );
    const contact = await ok(
      'contact',
      operator.api.POST('/api/v1/contacts', {
        body: {
          channel: 'voice',
          phone: CLIENT.phone,
          personId: person.id,
          category: 'labour_exploitation',
          callerType: 'victim',
          notes: CLIENT.notes,
          consentToRecord: true,
          consentToRefer: true,
        },
      }),
    );
    const opened = await ok(
      'open case',
      operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { version: contact.version, type: 'trafficking', assigneeId: caseWorkerId, summary: CLIENT.notes },
      }),
    );
    let c = await ok('case', caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: opened.case.id } } }));
    for (const status of ['open', 'in_progress'] as const)
      c = await ok(status, caseWorker.api.POST('/api/v1/cases/{id}/status', { params: { path: { id: c.id } }, body: { version: c.version, status } }));
    c = await ok(
      'consent',
      caseWorker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: c.id } }, body: { purpose: 'referral', channel: 'verbal_on_call' } }),
    );
    return c;
  }

  async function sendReferral(caseId: string) {
    const [referral] = await ok(
      'referral',
      caseWorker.api.POST('/api/v1/cases/{id}/referrals', {
        params: { path: { id: caseId } },
        body: { targets: [{ organisationId: shelterId, serviceType: 'shelter' }], sharedSummary: CLIENT.summary, shareContactDetails: true, send: true },
      }),
    );
    return referral;
  }

  beforeAll(async () => {
    inbox = await startMailInbox();
    t = await startTestApp({
      PUBLIC_URL,
      COOKIE_SECURE: 'false',
      MAIL_ENABLED: 'true',
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Mayak 11616 <noreply@hotline.example.org>',
      MAIL_RETRY_BASE_SECONDS: '1',
      MAIL_MAX_ATTEMPTS: '3',
      MAIL_WATCH_INTERVAL_SECONDS: '3600',
    });
    worker = startWorkerProcess('worker', t.env);
    operator = await signedIn(t.baseUrl, OPERATOR);
    caseWorker = await signedIn(t.baseUrl, CASE_WORKER);
    supervisor = await signedIn(t.baseUrl, SUPERVISOR);
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    partner = await signedIn(t.baseUrl, PARTNER);
    [{ id: shelterId }] = await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE name = $1`, [SHELTER]);
    caseWorkerId = await userId(CASE_WORKER);
    operatorId = await userId(OPERATOR);
  });
  afterAll(async () => {
    const code = await worker?.stop();
    if (code !== 0 && code !== null) console.error(worker.output());
    await t?.close();
    await inbox?.close();
  });

  it('tells the partner of a new referral once, even when the event and the sending are handled twice', async () => {
    const c = await clientCase();
    const referral = await sendReferral(c.id);
    const [mail] = await inbox.waitFor(PARTNER, 1);
    expect(mail.subject).toBe(`Новое направление ${c.reference}`);
    expect(mail.from).toBe('noreply@hotline.example.org');
    expect(mail.text).toContain('Приют');
    const link = linkIn(mail, PUBLIC_URL);
    expect(`${link.pathname}${link.search}`).toBe(`/partner?referral=${referral.id}`);
    expect(mail.html).toContain(`href="${link.href}"`);

    // The same event handled again, and its mail's job delivered again and reconciled: nothing new.
    expect(await t.app.get(Notifier).notifyNow({ kind: 'referral_received', referralId: referral.id })).toBe(0);
    const [row] = await mailRows(`kind = 'referral_received'`);
    await waitFor('the mail marked sent', async () => ((await mailRows('id = $1', [row.id]))[0].status === 'sent' ? true : undefined));
    await t.app.get(JobQueue).add(JobName.MailSend, { mailId: row.id }, { jobId: `again-${row.id}` });
    expect(await t.app.get(MailOutbox).deliver(row.id)).toBe('skipped');
    expect((await t.app.get(MailOutbox).reconcile()).requeued).toBe(0);
    await waitFor('the duplicate job done', async () =>
      (await t.app.get(JobQueue).health()).find((q) => q.name === 'mail')!.counts.waiting === 0 ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(inbox.to(PARTNER)).toHaveLength(1);
    // Sent: what it said is not kept.
    expect((await mailRows('id = $1', [row.id]))[0]).toMatchObject({ status: 'sent', attempts: 1, content_encrypted: null });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE entity_id = $1`, [referral.id])).toEqual([{ n: 1 }]);
  });

  it('tells the partner when the hotline withdraws a referral', async () => {
    const c = await clientCase();
    const referral = await sendReferral(c.id);
    await inbox.waitFor(PARTNER, 2);
    const moved = await ok(
      'cancel',
      caseWorker.api.POST('/api/v1/referrals/{id}/status', {
        params: { path: { id: referral.id } },
        body: { version: referral.version, status: 'cancelled', reason: CLIENT.notes },
      }),
    );
    expect(moved.status).toBe('cancelled');
    const mails = await inbox.waitFor(PARTNER, 3);
    const withdrawn = mails.find((m) => m.subject === `Направление ${c.reference} отозвано`);
    expect(withdrawn).toBeDefined();
    expect(linkIn(withdrawn!, PUBLIC_URL).search).toBe(`?referral=${referral.id}`);
  });

  it('tells a case worker of a case given to them, in their language, but not of one they gave themselves', async () => {
    await ok('kazakh', caseWorker.api.PATCH('/api/v1/auth/me', { body: { locale: 'kk' } }));
    const before = inbox.to(CASE_WORKER).length;
    // Opened by the operator for the case worker: a mail.
    const c = await clientCase();
    const mails = await inbox.waitFor(CASE_WORKER, before + 1);
    const assigned = mails.find((m) => m.subject === `Сізге ${c.reference} ісі тағайындалды`);
    expect(assigned).toBeDefined();
    expect(linkIn(assigned!, PUBLIC_URL).pathname).toBe(`/cases/${c.id}`);
    // Reassigned by the supervisor to themselves and back to the case worker: one more mail, to the case worker.
    const kase = await ok(
      'to supervisor',
      supervisor.api.POST('/api/v1/cases/{id}/assignee', {
        params: { path: { id: c.id } },
        body: { version: c.version, assigneeId: await userId(SUPERVISOR) },
      }),
    );
    await ok(
      'back',
      supervisor.api.POST('/api/v1/cases/{id}/assignee', { params: { path: { id: c.id } }, body: { version: kase.version, assigneeId: caseWorkerId } }),
    );
    await inbox.waitFor(CASE_WORKER, before + 2);
    // The case worker opens a case of their own: they are not told of it.
    const own = await ok('own case', caseWorker.api.POST('/api/v1/cases', { body: { type: 'trafficking', summary: 'x' } }));
    expect(own.assignee?.id).toBe(caseWorkerId);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE entity_id = $1`, [own.id])).toEqual([{ n: 0 }]);
    await ok('russian', caseWorker.api.PATCH('/api/v1/auth/me', { body: { locale: 'ru' } }));
    expect(inbox.to(SUPERVISOR)).toHaveLength(0);
  });

  it('retries a mail the server turns away for now, gives it up after the last try, shows it to administrators, and sends it when asked again', async () => {
    inbox.refuse(OPERATOR, 451);
    const c = await clientCase();
    const task = await ok(
      'task',
      caseWorker.api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id: c.id } }, body: { title: CLIENT.taskTitle, assigneeId: operatorId } }),
    );
    const [row] = await mailRows(`recipient_id = $1 AND kind = 'task_assigned'`, [operatorId]);
    const failed = await waitFor(
      'the mail given up after three tries',
      async () => {
        const [now] = await mailRows('id = $1', [row.id]);
        return now.status === 'failed' ? now : undefined;
      },
      30_000,
    );
    expect(failed).toMatchObject({ attempts: 3, last_error: expect.stringMatching(/451/) });
    expect(inbox.to(OPERATOR)).toHaveLength(0);

    const overview = await ok('overview', admin.api.GET('/api/v1/admin/mails'));
    expect(overview).toMatchObject({ enabled: true, failed: 1 });
    const shown = overview.failures.find((f) => f.id === row.id);
    expect(shown).toMatchObject({ kind: 'task_assigned', toAddress: OPERATOR, attempts: 3, lastError: expect.stringMatching(/451/) });
    // Administrators see to whom and why, never what it said.
    const text = JSON.stringify(overview);
    for (const secret of [c.reference, CLIENT.taskTitle, 'subject', 'html']) expect(text).not.toContain(secret);
    // Not theirs to see for anyone else; not for supervisors to retry.
    expect((await supervisor.api.GET('/api/v1/admin/mails')).response.status).toBe(403);
    expect((await supervisor.api.POST('/api/v1/admin/mails/retry', { body: { ids: [row.id] } })).response.status).toBe(403);

    inbox.refuse(OPERATOR, null);
    expect(await ok('retry', admin.api.POST('/api/v1/admin/mails/retry', { body: { ids: [row.id] } }))).toEqual({ requeued: [row.id] });
    const [mail] = await inbox.waitFor(OPERATOR, 1);
    expect(mail.subject).toBe(`Новая задача по делу ${c.reference}`);
    expect(linkIn(mail, PUBLIC_URL).pathname).toBe(`/cases/${c.id}`);
    expect(await ok('again', admin.api.POST('/api/v1/admin/mails/retry', { body: { ids: [row.id] } }))).toEqual({ requeued: [] });
    expect(task.id).toBeDefined();

    // A permanent refusal (550) is not tried again.
    inbox.refuse(OPERATOR, 550);
    await ok('task 2', caseWorker.api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id: c.id } }, body: { title: 'Second', assigneeId: operatorId } }));
    const permanent = await waitFor('the second mail given up at once', async () => {
      const rows = await mailRows(`recipient_id = $1 AND kind = 'task_assigned' AND status = 'failed'`, [operatorId]);
      return rows[0];
    });
    expect(permanent).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/550/) });
    inbox.refuse(OPERATOR, null);
  });

  it("respects each person's choice: never is no mail, digest is one mail a day in their office's time", async () => {
    const saved = await ok(
      'preferences',
      caseWorker.api.PUT('/api/v1/auth/me/notification-preferences', {
        body: {
          items: [
            { kind: 'case_assigned', delivery: 'never' },
            { kind: 'task_assigned', delivery: 'digest' },
          ],
        },
      }),
    );
    expect(saved.items).toEqual([
      { kind: 'case_assigned', delivery: 'never' },
      { kind: 'task_assigned', delivery: 'digest' },
      { kind: 'task_due_soon', delivery: 'immediate' },
      { kind: 'task_overdue', delivery: 'immediate' },
      { kind: 'referral_overdue', delivery: 'immediate' },
    ]);
    const before = inbox.to(CASE_WORKER).length;
    const c = await clientCase();
    await ok(
      'task',
      supervisor.api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id: c.id } }, body: { title: CLIENT.taskTitle, assigneeId: caseWorkerId } }),
    );
    await ok(
      'task 2',
      supervisor.api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id: c.id } }, body: { title: 'Another', assigneeId: caseWorkerId } }),
    );
    const notes = await t.db.query<{ kind: string; delivery: string; mail_id: string | null }>(
      `SELECT kind, delivery, mail_id FROM notifications WHERE recipient_id = $1 AND created_at >= $2 ORDER BY created_at`,
      [caseWorkerId, new Date(t.clock.nowMs() - 60_000)],
    );
    expect(notes.filter((n) => n.kind === 'case_assigned').at(-1)).toMatchObject({ delivery: 'never', mail_id: null });
    expect(notes.filter((n) => n.kind === 'task_assigned')).toEqual([
      { kind: 'task_assigned', delivery: 'digest', mail_id: null },
      { kind: 'task_assigned', delivery: 'digest', mail_id: null },
    ]);

    // Tomorrow at nine in Almaty the digest is due: one mail with both tasks; a second round writes none.
    const watch = t.app.get(NotificationWatch);
    expect(await watch.digests(new Date(t.clock.nowMs() - 60_000))).toBe(0);
    const tomorrow = new Date(t.clock.nowMs() + 26 * 3600_000);
    expect(await watch.digests(tomorrow)).toBe(1);
    expect(await watch.digests(tomorrow)).toBe(0);
    const mails = await inbox.waitFor(CASE_WORKER, before + 1);
    expect(mails).toHaveLength(before + 1);
    const digest = mails.at(-1)!;
    expect(digest.subject).toBe('«Маяк»: сводка за день (2)');
    expect(digest.text.match(new RegExp(`задача по делу ${c.reference}`, 'g'))).toHaveLength(2);
    await ok(
      'reset',
      caseWorker.api.PUT('/api/v1/auth/me/notification-preferences', {
        body: {
          items: [
            { kind: 'case_assigned', delivery: 'immediate' },
            { kind: 'task_assigned', delivery: 'immediate' },
          ],
        },
      }),
    );
  });

  it('reminds the partner before the deadline, and mails overdue work and unread critical alerts', async () => {
    const c = await clientCase();
    const referral = await sendReferral(c.id);
    const sent = inbox.to(PARTNER).length;
    const watch = t.app.get(NotificationWatch);
    const dueAt = new Date(referral.dueAt!);
    await watch.run(new Date(dueAt.getTime() - 60 * 60_000));
    await watch.run(new Date(dueAt.getTime() - 30 * 60_000));
    const reminded = (m: { subject: string }) => m.subject === `Напоминание: направление ${c.reference} ждёт ответа`;
    await waitFor('the reminder', async () => inbox.to(PARTNER).slice(sent).find(reminded));
    // (The first test's referral, due about as soon, is reminded of in its own mail.)
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(inbox.to(PARTNER).slice(sent).filter(reminded)).toHaveLength(1);

    // Past the deadline the case worker's alert is mailed to them.
    const late = new Date(dueAt.getTime() + 60_000);
    await t.app.get(DeadlineWatcher).run(late);
    // The alert is raised now (the watcher was asked about a later instant); the next round mails it.
    await watch.run();
    const overdue = await waitFor('the overdue referral mail', async () =>
      inbox.to(CASE_WORKER).find((m) => m.subject === `Нет ответа на направление по делу ${c.reference}`),
    );
    expect(linkIn(overdue, PUBLIC_URL).pathname).toBe(`/cases/${c.id}`);

    // A critical contact: its supervisors' alerts, unread for the set time (15 minutes), are mailed.
    const contact = await ok(
      'critical',
      operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', riskLevel: 'immediate_danger', notes: CLIENT.notes } }),
    );
    const early = await watch.run(new Date(t.clock.nowMs() + 5 * 60_000));
    expect(early.fromAlerts).toBe(0);
    await watch.run(new Date(t.clock.nowMs() + 16 * 60_000));
    const critical = await inbox.waitFor(SUPERVISOR, 1);
    expect(critical[0].subject).toBe('Непрочитанное критическое оповещение');
    expect(linkIn(critical[0], PUBLIC_URL).pathname).toBe(`/contacts/${contact.id}`);
  });

  it("answers the preferences of each person's own roles, and refuses bad input with problem+json, changing nothing", async () => {
    expect((await ok('partner', partner.api.GET('/api/v1/auth/me/notification-preferences'))).items.map((i) => i.kind)).toEqual([
      'referral_received',
      'referral_reminder',
      'referral_withdrawn',
    ]);
    expect(await ok('admin', admin.api.GET('/api/v1/auth/me/notification-preferences'))).toMatchObject({
      mailEnabled: true,
      email: 'admin.almaty@mayak.test',
      digestHour: 8,
      items: [],
    });
    await ok(
      'one choice',
      partner.api.PUT('/api/v1/auth/me/notification-preferences', { body: { items: [{ kind: 'referral_reminder', delivery: 'digest' }] } }),
    );
    const rows = () => t.db.query(`SELECT user_id, kind, delivery, updated_at FROM notification_preferences ORDER BY user_id, kind`);
    const before = await rows();
    const bad: unknown[] = [
      { items: [{ kind: 'case_assigned', delivery: 'never' }] },
      { items: [{ kind: 'referral_received', delivery: 'weekly' }] },
      {
        items: [
          { kind: 'referral_received', delivery: 'never' },
          { kind: 'referral_received', delivery: 'digest' },
        ],
      },
      { items: [{ kind: 'everything', delivery: 'never' }] },
      { items: 'never' },
      { items: [{ kind: 'referral_received' }] },
      {},
      { items: Array.from({ length: 10 }, () => ({ kind: 'referral_received', delivery: 'never' })) },
    ];
    for (const body of bad) {
      const response = await fetch(`${t.baseUrl}/api/v1/auth/me/notification-preferences`, {
        method: 'PUT',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', cookie: `mayak_session=${partner.jar.get('mayak_session')}`, 'x-csrf-token': partner.csrfToken! },
      });
      expect({ body, status: response.status, type: response.headers.get('content-type') }).toEqual({
        body,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      const problem = (await response.json()) as { code: string; errors?: { field: string }[] };
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
    expect(await rows()).toEqual(before);
    expect((await ok('after', partner.api.GET('/api/v1/auth/me/notification-preferences'))).items).toContainEqual({
      kind: 'referral_reminder',
      delivery: 'digest',
    });
    // Without a session: 401.
    expect((await fetch(`${t.baseUrl}/api/v1/auth/me/notification-preferences`)).status).toBe(401);
  });

  it("tells the case worker a plan's review is coming due: the kind of plan, the reference and a link, never what the plan says", async () => {
    const c = await clientCase();
    const reviewDate = localDayOf(new Date(t.clock.nowMs() + 3 * 86_400_000), 'Asia/Almaty');
    const plan = await ok(
      'plan',
      caseWorker.api.POST('/api/v1/cases/{caseId}/plans', {
        params: { path: { caseId: c.id } },
        body: { kind: 'safety', riskLevel: 'high', risks: CLIENT.planRisks, safetyMeasures: CLIENT.planMeasures, reviewDate },
      }),
    );
    const due = new Date(plan.reviewTask!.dueAt);
    expect((await t.app.get(NotificationWatch).run(new Date(due.getTime() - 12 * 3600_000))).dueSoon).toBeGreaterThanOrEqual(1);
    const mail = await waitFor('the review reminder', async () =>
      inbox.to(CASE_WORKER).find((m) => m.subject === `Скоро пересмотр плана безопасности по делу ${c.reference}`),
    );
    expect(mail.text).toContain(`Подходит срок пересмотра плана безопасности по делу ${c.reference}`);
    expect(linkIn(mail, PUBLIC_URL).pathname).toBe(`/cases/${c.id}`);
  });

  it("never put the client's name, number, notes or story in any mail it sent", () => {
    expect(inbox.mails.length).toBeGreaterThanOrEqual(8);
    const secrets = [
      CLIENT.name,
      'Гульнара',
      'Секретова',
      CLIENT.phone,
      CLIENT.phone.slice(1),
      '5550177',
      '555 01 77',
      CLIENT.notes,
      'подвале',
      CLIENT.summary,
      CLIENT.taskTitle,
      CLIENT.planRisks,
      'земляков',
      CLIENT.planMeasures,
      'двоюродной',
    ];
    const found = inbox.mails.flatMap((mail) =>
      secrets
        .filter((secret) => `${mail.subject}\n${mail.text}\n${mail.html}\n${mail.raw}`.toLowerCase().includes(secret.toLowerCase()))
        .map((secret) => `${mail.subject}: ${secret}`),
    );
    expect(found).toEqual([]);
  });
});
