import { localDayOf } from '@mayak/domain';
import { MailOutbox } from '#api/core/mail/mail-outbox';
import { NotificationWatch } from '#api/modules/notifications/notification-watch';
import { DeadlineWatcher } from '#api/modules/referrals/deadline-watcher';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { linkIn, startMailInbox, type MailInbox } from '../support/mail-inbox';
import { waitFor } from '../support/waiting';

/**
 * A case's assessment, safety plan and support plan (issue 21): written by whoever may change the
 * case, read by whoever sees it, checked by the domain's rules (nothing written when refused). A
 * review date is an open task of the case, changed with the plan in one transaction: moved,
 * cancelled, completed by a review that sets the next one. The task's assignee hears of it as of
 * any task (given, coming due, overdue), in their language, with the case's reference, the kind of
 * plan and a link, never what the plan says.
 */
const PUBLIC_URL = 'https://hotline.example.org';
const TZ = 'Asia/Almaty';
const CASE_WORKER = 'caseworker.almaty@mayak.test';
/** What a plan says about the client: none of it may reach a mail. */
const STORY = {
  name: 'Динара Планова',
  phone: '+77015550188',
  risks: 'Бывший муж ищет её у сестры в Талгаре',
  measures: 'Ночует у подруги; кодовое слово «маяк» для звонка',
  objectives: 'Восстановить паспорт и вернуть зарплату',
};

describe('case plans', () => {
  let t: TestApp;
  let inbox: MailInbox;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  let astanaCaseWorker: TestClient;
  let astanaSupervisor: TestClient;
  let admin: TestClient;
  let partner: TestClient;
  let caseWorkerId: string;

  beforeAll(async () => {
    inbox = await startMailInbox();
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false', MAIL_ENABLED: 'true', SMTP_URL: inbox.url, MAIL_WATCH_INTERVAL_SECONDS: '3600' });
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, CASE_WORKER);
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    astanaCaseWorker = await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    astanaSupervisor = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    [{ id: caseWorkerId }] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [CASE_WORKER]);
  });
  afterAll(async () => {
    await t?.close();
    await inbox?.close();
  });

  function must<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
    if (result.data === undefined) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
    return result.data;
  }
  /** A day of Almaty's calendar, `days` from today by the application's clock. */
  const day = (days: number) => localDayOf(new Date(t.clock.nowMs() + days * 86_400_000), TZ);
  /** 09:00 of that day in Almaty: when its review task falls due. */
  const reviewDue = (date: string) => new Date(`${date}T04:00:00.000Z`);

  /** A case of the Almaty case worker, opened from a call with the client's name and number. */
  async function clientCase() {
    const person = must(
      'person',
      await operator.api.POST('/api/v1/people', { body: { name: STORY.name, identifiers: [{ kind: 'phone', value: STORY.phone }] } }),
    );
    const contact = must(
      'contact',
      await operator.api.POST('/api/v1/contacts', {
        body: { channel: 'voice', phone: STORY.phone, personId: person.id, category: 'violence', callerType: 'victim', notes: STORY.risks },
      }),
    );
    const opened = must(
      'open',
      await operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { version: contact.version, type: 'trafficking', assigneeId: caseWorkerId },
      }),
    );
    return opened.case;
  }
  const plans = (client: TestClient, caseId: string) => client.api.GET('/api/v1/cases/{caseId}/plans', { params: { path: { caseId } } });
  const create = (client: TestClient, caseId: string, body: Record<string, unknown>) =>
    client.api.POST('/api/v1/cases/{caseId}/plans', { params: { path: { caseId } }, body: body as never });
  const update = (client: TestClient, caseId: string, planId: string, body: Record<string, unknown>) =>
    client.api.PATCH('/api/v1/cases/{caseId}/plans/{planId}', { params: { path: { caseId, planId } }, body: body as never });
  const tasksOf = async (caseId: string) => must('tasks', await caseWorker.api.GET('/api/v1/cases/{id}/tasks', { params: { path: { id: caseId } } }));
  const state = async (caseId: string) =>
    t.db.query(
      `SELECT
      (SELECT md5(coalesce(string_agg(p::text, '|' ORDER BY p.id), '')) FROM case_plans p WHERE p.case_id = $1) AS plans,
      (SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM case_tasks x WHERE x.case_id = $1) AS tasks,
      (SELECT count(*)::int FROM case_events e WHERE e.case_id = $1) AS events,
      (SELECT count(*)::int FROM notifications n WHERE n.entity_id = $1 OR n.entity_id IN (SELECT x.id FROM case_tasks x WHERE x.case_id = $1)) AS notifications,
      (SELECT count(*)::int FROM audit_log WHERE entity_id = $1::text AND action LIKE 'plans.%' AND action <> 'plans.read') AS audits`,
      [caseId],
    );
  /** The worker's part, run here: every mail waiting is sent to the inbox. */
  async function sendWaitingMails(): Promise<void> {
    const waiting = await t.db.query<{ id: string }>(`SELECT id FROM mails WHERE status = 'pending' ORDER BY created_at`);
    for (const { id } of waiting) await t.app.get(MailOutbox).deliver(id);
  }
  const safetyPlan = (reviewDate: string | null) => ({ kind: 'safety', riskLevel: 'high', risks: STORY.risks, safetyMeasures: STORY.measures, reviewDate });

  it('writes an assessment, a safety plan and a support plan with their HTCDS fields, and reads them back', async () => {
    const c = await clientCase();
    const assessment = await create(caseWorker, c.id, {
      kind: 'assessment',
      riskLevel: 'medium',
      findings: '  Работает без договора  ',
      factors: [
        { level: 'community', factor: 'AccessToJustice', polarity: 'risk' },
        { level: 'individual', factor: 'LegalStatus', polarity: 'risk' },
        { level: 'household', factor: 'SocialSupport', polarity: 'protective' },
      ],
    });
    expect(assessment.response.status).toBe(201);
    expect(assessment.data).toMatchObject({
      caseId: c.id,
      kind: 'assessment',
      status: 'active',
      riskLevel: 'medium',
      supportType: null,
      findings: 'Работает без договора',
      startDate: day(0),
      reviewDate: null,
      reviewTask: null,
      // Stored by level, risks before protections.
      factors: [
        { level: 'individual', factor: 'LegalStatus', polarity: 'risk' },
        { level: 'household', factor: 'SocialSupport', polarity: 'protective' },
        { level: 'community', factor: 'AccessToJustice', polarity: 'risk' },
      ],
      createdBy: { id: caseWorkerId },
      version: 1,
      canEdit: true,
    });
    const safety = must('safety', await create(caseWorker, c.id, safetyPlan(day(7))));
    expect(safety).toMatchObject({
      kind: 'safety',
      riskLevel: 'high',
      risks: STORY.risks,
      safetyMeasures: STORY.measures,
      reviewDate: day(7),
      reviewTask: { dueAt: reviewDue(day(7)).toISOString(), assignee: { id: caseWorkerId }, status: 'open', overdue: false },
    });
    const support = must(
      'support',
      await create(caseWorker, c.id, {
        kind: 'support',
        supportType: 'Legal',
        objectives: STORY.objectives,
        actionPlan: 'Юрист центра, затем консульство',
        plannedEndDate: day(60),
      }),
    );
    expect(support).toMatchObject({
      kind: 'support',
      supportType: 'Legal',
      objectives: STORY.objectives,
      actionPlan: 'Юрист центра, затем консульство',
      plannedEndDate: day(60),
      actualEndDate: null,
      riskLevel: null,
    });

    const list = must('list', await plans(caseWorker, c.id));
    expect(list).toMatchObject({ total: 3, limit: 25, offset: 0 });
    expect(list.items.map((p) => p.kind)).toEqual(['support', 'safety', 'assessment']);
    expect(
      must('page', await caseWorker.api.GET('/api/v1/cases/{caseId}/plans', { params: { path: { caseId: c.id }, query: { limit: 1, offset: 1 } } })),
    ).toMatchObject({ total: 3, items: [{ id: safety.id }] });
    expect(must('one', await caseWorker.api.GET('/api/v1/cases/{caseId}/plans/{planId}', { params: { path: { caseId: c.id, planId: support.id } } }))).toEqual(
      support,
    );
    // Written to the audit log and the timeline; reads are audited too.
    expect(
      await t.db.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action LIKE 'plans.%' GROUP BY action ORDER BY action`, [
        c.id,
      ]),
    ).toEqual([
      { action: 'plans.created', n: 3 },
      { action: 'plans.read', n: 3 },
    ]);
    const timeline = must('timeline', await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id } } }));
    expect(timeline.items.filter((e) => e.kind === 'plan_created').map((e) => e.data)).toEqual([
      { planId: support.id, kind: 'support', reviewDate: null },
      { planId: safety.id, kind: 'safety', reviewDate: day(7) },
      { planId: assessment.data!.id, kind: 'assessment', reviewDate: null },
    ]);
  });

  it('refuses what the rules refuse with problem+json naming each field, and writes nothing', async () => {
    const c = await clientCase();
    const plan = must('plan', await create(caseWorker, c.id, safetyPlan(day(3))));
    const before = await state(c.id);
    const refused: { body: Record<string, unknown>; errors: { field: string; code: string }[] }[] = [
      { body: { kind: 'safety', safetyMeasures: 'x' }, errors: [{ field: 'riskLevel', code: 'required' }] },
      { body: { kind: 'safety', riskLevel: 'high' }, errors: [{ field: 'safetyMeasures', code: 'required' }] },
      { body: { kind: 'support', objectives: 'x' }, errors: [{ field: 'supportType', code: 'required' }] },
      {
        body: { kind: 'support', supportType: 'Legal', objectives: 'x', riskLevel: 'low', findings: 'y' },
        errors: [
          { field: 'riskLevel', code: 'not_for_kind' },
          { field: 'findings', code: 'not_for_kind' },
        ],
      },
      { body: { ...safetyPlan(day(-1)) }, errors: [{ field: 'reviewDate', code: 'in_past' }] },
      { body: { ...safetyPlan(day(2)), startDate: day(5) }, errors: [{ field: 'reviewDate', code: 'before_start' }] },
      {
        body: { kind: 'support', supportType: 'Legal', objectives: 'x', startDate: day(10), plannedEndDate: day(10) },
        errors: [{ field: 'plannedEndDate', code: 'before_start' }],
      },
      {
        body: {
          kind: 'assessment',
          riskLevel: 'low',
          factors: [
            { level: 'household', factor: 'Poverty', polarity: 'risk' },
            { level: 'household', factor: 'Poverty', polarity: 'risk' },
          ],
        },
        errors: [{ field: 'factors.1', code: 'duplicate' }],
      },
      {
        body: { kind: 'safety', riskLevel: 'high', safetyMeasures: 'x', factors: [{ level: 'individual', factor: 'Age', polarity: 'risk' }] },
        errors: [{ field: 'factors', code: 'not_for_kind' }],
      },
      // The DTO's own checks: unknown codes, wrong dates, fields no plan has, text too long.
      { body: { kind: 'care_plan' }, errors: [{ field: 'kind', code: 'isIn' }] },
      { body: { ...safetyPlan(null), riskLevel: 'immediate_danger' }, errors: [{ field: 'riskLevel', code: 'isIn' }] },
      { body: { kind: 'support', supportType: 'Housing', objectives: 'x' }, errors: [{ field: 'supportType', code: 'isIn' }] },
      { body: { ...safetyPlan('2027-02-30') }, errors: [{ field: 'reviewDate', code: expect.any(String) }] },
      { body: { ...safetyPlan(null), status: 'closed' }, errors: [{ field: 'status', code: expect.any(String) }] },
      { body: { ...safetyPlan(null), safetyMeasures: 'я'.repeat(4001) }, errors: [{ field: 'safetyMeasures', code: 'maxLength' }] },
    ];
    for (const { body, errors } of refused) {
      const { response, error } = await create(caseWorker, c.id, body);
      expect({ body, status: response.status, type: response.headers.get('content-type') }).toEqual({
        body,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect({
        body,
        code: (error as { code: string }).code,
        errors: ((error as { errors: { field: string; code: string }[] }).errors ?? []).map(({ field, code }) => ({ field, code })),
      }).toEqual({ body, code: 'validation_failed', errors: expect.arrayContaining(errors) });
    }
    // Changes too: a past review date, an actual end on an open plan, a field of another kind.
    for (const [body, field] of [
      [{ reviewDate: day(-2) }, 'reviewDate'],
      [{ objectives: 'x' }, 'objectives'],
      [{ riskLevel: null }, 'riskLevel'],
    ] as const) {
      const { response, error } = await update(caseWorker, c.id, plan.id, { version: plan.version, ...body });
      expect({ body, status: response.status, fields: ((error as { errors: { field: string }[] }).errors ?? []).map((e) => e.field) }).toEqual({
        body,
        status: 400,
        fields: [field],
      });
    }
    expect((await update(caseWorker, c.id, plan.id, { version: plan.version, actualEndDate: day(0) })).response.status).toBe(400);
    expect(await state(c.id)).toEqual(before);
  });

  it('answers a stale version with 409 and keeps the newer plan', async () => {
    const c = await clientCase();
    const plan = must('plan', await create(caseWorker, c.id, safetyPlan(day(3))));
    const changed = must('change', await update(caseWorker, c.id, plan.id, { version: plan.version, riskLevel: 'medium' }));
    expect(changed).toMatchObject({ version: plan.version + 1, riskLevel: 'medium', updatedBy: { id: caseWorkerId } });
    const before = await state(c.id);
    for (const call of [
      update(supervisor, c.id, plan.id, { version: plan.version, riskLevel: 'low' }),
      supervisor.api.POST('/api/v1/cases/{caseId}/plans/{planId}/review', {
        params: { path: { caseId: c.id, planId: plan.id } },
        body: { version: plan.version },
      }),
      supervisor.api.POST('/api/v1/cases/{caseId}/plans/{planId}/close', {
        params: { path: { caseId: c.id, planId: plan.id } },
        body: { version: plan.version },
      }),
    ]) {
      const { response, error } = await call;
      expect(response.status).toBe(409);
      expect(error).toMatchObject({ code: 'conflict' });
    }
    expect(await state(c.id)).toEqual(before);
    // Saving what is already there changes nothing, not even the version (whatever order the stored fields come back in).
    expect(must('same', await update(caseWorker, c.id, plan.id, { version: changed.version, riskLevel: 'medium' })).version).toBe(changed.version);
    const support = must(
      'support',
      await create(caseWorker, c.id, { kind: 'support', supportType: 'Legal', objectives: 'Паспорт', actionPlan: 'Юрист', plannedEndDate: day(30) }),
    );
    const resaved = must(
      'resave',
      await update(caseWorker, c.id, support.id, {
        version: support.version,
        supportType: 'Legal',
        objectives: 'Паспорт',
        actionPlan: 'Юрист',
        plannedEndDate: day(30),
        startDate: support.startDate,
      }),
    );
    expect(resaved.version).toBe(support.version);
  });

  it("keeps plans to the case's scope: 404 to another office, 403 to whom may not change the case, read by its operators", async () => {
    const c = await clientCase();
    const plan = must('plan', await create(caseWorker, c.id, safetyPlan(day(3))));
    const before = await state(c.id);
    for (const other of [astanaCaseWorker, astanaSupervisor]) {
      const statuses = [
        (await plans(other, c.id)).response.status,
        (await other.api.GET('/api/v1/cases/{caseId}/plans/{planId}', { params: { path: { caseId: c.id, planId: plan.id } } })).response.status,
        (await create(other, c.id, safetyPlan(day(3)))).response.status,
        (await update(other, c.id, plan.id, { version: plan.version, riskLevel: 'low' })).response.status,
        (
          await other.api.POST('/api/v1/cases/{caseId}/plans/{planId}/review', {
            params: { path: { caseId: c.id, planId: plan.id } },
            body: { version: plan.version },
          })
        ).response.status,
        (
          await other.api.POST('/api/v1/cases/{caseId}/plans/{planId}/close', {
            params: { path: { caseId: c.id, planId: plan.id } },
            body: { version: plan.version },
          })
        ).response.status,
      ];
      expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
    }
    // A plan of another case named under this one is not there.
    const other = await clientCase();
    expect(
      (await caseWorker.api.GET('/api/v1/cases/{caseId}/plans/{planId}', { params: { path: { caseId: other.id, planId: plan.id } } })).response.status,
    ).toBe(404);
    // Operators of the office read the case's plans but do not write them; administrators and partners see no casework.
    expect(must('operator reads', await plans(operator, c.id)).total).toBe(1);
    expect((await create(operator, c.id, safetyPlan(null))).response.status).toBe(403);
    expect((await update(operator, c.id, plan.id, { version: plan.version, riskLevel: 'low' })).response.status).toBe(403);
    for (const outsider of [admin, partner]) {
      expect((await plans(outsider, c.id)).response.status).toBe(403);
      expect((await create(outsider, c.id, safetyPlan(null))).response.status).toBe(403);
    }
    expect(await state(c.id)).toEqual(before);
    // The office's supervisor may change any case of the office.
    expect(must('supervisor', await update(supervisor, c.id, plan.id, { version: plan.version, riskLevel: 'low' })).riskLevel).toBe('low');
  });

  it('turns a review date into a task of the case worker: moved with it, cancelled without it, completed by a review that sets the next, cancelled by closing', async () => {
    const c = await clientCase();
    // Written by the supervisor: the task goes to the case's case worker, who is told as of any task given to them.
    const plan = must('plan', await create(supervisor, c.id, safetyPlan(day(4))));
    let [task] = (await tasksOf(c.id)).filter((x) => x.planId === plan.id);
    expect(task).toMatchObject({
      title: 'plans.reviewTask.safety',
      planKind: 'safety',
      dueAt: reviewDue(day(4)).toISOString(),
      status: 'open',
      assignee: { id: caseWorkerId },
    });
    expect(plan.reviewTask).toMatchObject({ id: task.id });
    expect(
      must('mine', await caseWorker.api.GET('/api/v1/tasks/mine', { params: { query: { limit: 100 } } })).items.find((x) => x.id === task.id),
    ).toMatchObject({ caseReference: c.reference, planId: plan.id });
    expect(await t.db.query(`SELECT kind, recipient_id FROM notifications WHERE entity_id = $1`, [task.id])).toEqual([
      { kind: 'task_assigned', recipient_id: caseWorkerId },
    ]);

    // The task follows the plan: not changed on its own (only whom it is given to).
    const direct = await caseWorker.api.PATCH('/api/v1/cases/{id}/tasks/{taskId}', {
      params: { path: { id: c.id, taskId: task.id } },
      body: { version: task.version, status: 'done' },
    });
    expect(direct.response.status).toBe(400);
    expect(direct.error).toMatchObject({ code: 'validation_failed', errors: [{ field: 'status', code: 'managed_by_plan' }] });

    // Moved: the same task falls due on the new day.
    let current = must('move', await update(caseWorker, c.id, plan.id, { version: plan.version, reviewDate: day(6) }));
    [task] = (await tasksOf(c.id)).filter((x) => x.planId === plan.id);
    expect(task).toMatchObject({ id: plan.reviewTask!.id, dueAt: reviewDue(day(6)).toISOString(), status: 'open' });
    // Removed: cancelled. Set again: a new task.
    current = must('remove', await update(caseWorker, c.id, plan.id, { version: current.version, reviewDate: null }));
    expect(current.reviewTask).toBeNull();
    expect((await tasksOf(c.id)).filter((x) => x.planId === plan.id).map((x) => x.status)).toEqual(['cancelled']);
    current = must('again', await update(caseWorker, c.id, plan.id, { version: current.version, reviewDate: day(5) }));
    const second = current.reviewTask!;
    expect(second.id).not.toBe(task.id);

    // Reviewed, with the next review in a month: the task is done, the next one is open.
    current = must(
      'review',
      await caseWorker.api.POST('/api/v1/cases/{caseId}/plans/{planId}/review', {
        params: { path: { caseId: c.id, planId: plan.id } },
        body: { version: current.version, nextReviewDate: day(30), riskLevel: 'medium', note: 'Угроза меньше: муж уехал' },
      }),
    );
    expect(current).toMatchObject({ status: 'reviewed', reviewCount: 1, riskLevel: 'medium', reviewDate: day(30), lastReviewedBy: { id: caseWorkerId } });
    const afterReview = (await tasksOf(c.id)).filter((x) => x.planId === plan.id);
    expect(afterReview.find((x) => x.id === second.id)).toMatchObject({ status: 'done', completedAt: expect.any(String) });
    expect(afterReview.find((x) => x.id === current.reviewTask!.id)).toMatchObject({ status: 'open', dueAt: reviewDue(day(30)).toISOString() });
    // A next date that has passed is refused under its own name.
    const late = await caseWorker.api.POST('/api/v1/cases/{caseId}/plans/{planId}/review', {
      params: { path: { caseId: c.id, planId: plan.id } },
      body: { version: current.version, nextReviewDate: day(-1) },
    });
    expect(late.error).toMatchObject({ code: 'validation_failed', errors: [{ field: 'nextReviewDate', code: 'in_past' }] });

    // Closed: the open task is cancelled, the plan stays as it was.
    const closed = must(
      'close',
      await caseWorker.api.POST('/api/v1/cases/{caseId}/plans/{planId}/close', {
        params: { path: { caseId: c.id, planId: plan.id } },
        body: { version: current.version, note: 'Клиентка уехала к родителям' },
      }),
    );
    expect(closed).toMatchObject({ status: 'closed', actualEndDate: day(0), reviewDate: null, reviewTask: null, canEdit: false });
    expect((await tasksOf(c.id)).filter((x) => x.planId === plan.id && x.status === 'open')).toEqual([]);
    const again = await update(caseWorker, c.id, plan.id, { version: closed.version, riskLevel: 'high' });
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'illegal_transition', allowed: [] });
    expect(
      (
        await caseWorker.api.POST('/api/v1/cases/{caseId}/plans/{planId}/review', {
          params: { path: { caseId: c.id, planId: plan.id } },
          body: { version: closed.version },
        })
      ).error,
    ).toMatchObject({ code: 'illegal_transition', allowed: [] });
    const timeline = must('timeline', await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id } } }));
    expect(timeline.items.filter((e) => e.kind.startsWith('plan_')).map((e) => [e.kind, e.body])).toEqual([
      ['plan_closed', 'Клиентка уехала к родителям'],
      ['plan_reviewed', 'Угроза меньше: муж уехал'],
      ['plan_updated', null],
      ['plan_updated', null],
      ['plan_updated', null],
      ['plan_created', null],
    ]);
    expect(
      await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'plans.%' AND action <> 'plans.read' ORDER BY id`, [c.id]),
    ).toEqual(['plans.created', 'plans.updated', 'plans.updated', 'plans.updated', 'plans.reviewed', 'plans.closed'].map((action) => ({ action })));
  });

  it('follows the case: no new plans on a closed case, but its plans may still be closed', async () => {
    const c = await clientCase();
    const plan = must('plan', await create(caseWorker, c.id, safetyPlan(day(2))));
    let kase = must('case', await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } }));
    for (const status of ['open', 'in_progress', 'closed'] as const) {
      kase = must(
        status,
        await caseWorker.api.POST('/api/v1/cases/{id}/status', {
          params: { path: { id: c.id } },
          body: { version: kase.version, status, ...(status === 'closed' ? { closureReason: 'client_unreachable' } : {}) } as never,
        }),
      );
    }
    const refused = await create(caseWorker, c.id, safetyPlan(null));
    expect(refused.response.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'case_closed' });
    expect((await update(caseWorker, c.id, plan.id, { version: plan.version, riskLevel: 'low' })).error).toMatchObject({ code: 'case_closed' });
    expect(must('list', await plans(caseWorker, c.id)).items[0].canEdit).toBe(false);
    const closed = must(
      'close',
      await caseWorker.api.POST('/api/v1/cases/{caseId}/plans/{planId}/close', {
        params: { path: { caseId: c.id, planId: plan.id } },
        body: { version: plan.version },
      }),
    );
    expect(closed.status).toBe('closed');
    expect((await tasksOf(c.id)).filter((x) => x.planId === plan.id).map((x) => x.status)).toEqual(['cancelled']);
  });

  it('tells the assignee a review is coming due once, at the set lead time, in their language, with a link and nothing the plan says', async () => {
    must('kazakh', await caseWorker.api.PATCH('/api/v1/auth/me', { body: { locale: 'kk' } }));
    const c = await clientCase();
    const plan = must('plan', await create(caseWorker, c.id, safetyPlan(day(3))));
    const taskId = plan.reviewTask!.id;
    const due = reviewDue(day(3));
    const watch = t.app.get(NotificationWatch);
    const told = () =>
      t.db.query<{ kind: string; delivery: string }>(`SELECT kind, delivery FROM notifications WHERE entity_id = $1 AND kind = 'task_due_soon'`, [taskId]);

    // 25 hours before: not yet (the lead is 24 hours). 23 hours before: once; again later: nothing more.
    await watch.run(new Date(due.getTime() - 25 * 3600_000));
    expect(await told()).toEqual([]);
    expect((await watch.run(new Date(due.getTime() - 23 * 3600_000))).dueSoon).toBeGreaterThanOrEqual(1);
    await watch.run(new Date(due.getTime() - 22 * 3600_000));
    await watch.run(new Date(due.getTime() - 60_000));
    expect(await told()).toEqual([{ kind: 'task_due_soon', delivery: 'immediate' }]);
    await sendWaitingMails();
    const subject = `Мерзімі жақын: ${c.reference} ісі бойынша қауіпсіздік жоспарын қайта қарау`;
    const reminders = () => inbox.to(CASE_WORKER).filter((m) => m.subject === subject);
    const [mail] = await waitFor('the reminder in Kazakh', async () => (reminders().length ? reminders() : undefined));
    expect(mail.text).toContain('қауіпсіздік жоспарын қайта қарау мерзімі жақындады');
    expect(linkIn(mail, PUBLIC_URL).pathname).toBe(`/cases/${c.id}`);
    expect(reminders()).toHaveLength(1);

    // Moved to another day: told again for that day, once.
    const moved = must('move', await update(caseWorker, c.id, plan.id, { version: plan.version, reviewDate: day(5) }));
    const newDue = reviewDue(day(5));
    await watch.run(new Date(newDue.getTime() - 2 * 3600_000));
    await watch.run(new Date(newDue.getTime() - 3600_000));
    expect(await told()).toHaveLength(2);
    await sendWaitingMails();
    await waitFor('the reminder for the new day', async () => (reminders().length === 2 ? true : undefined));
    expect(moved.reviewTask!.id).toBe(taskId);

    // Whoever chose never hears of it; the choice is kept per kind.
    must('never', await caseWorker.api.PUT('/api/v1/auth/me/notification-preferences', { body: { items: [{ kind: 'task_due_soon', delivery: 'never' }] } }));
    const quiet = must('quiet', await create(caseWorker, c.id, { kind: 'support', supportType: 'Health', objectives: 'x', reviewDate: day(8) }));
    await watch.run(new Date(reviewDue(day(8)).getTime() - 3600_000));
    expect(await t.db.query(`SELECT delivery, mail_id FROM notifications WHERE entity_id = $1 AND kind = 'task_due_soon'`, [quiet.reviewTask!.id])).toEqual([
      { delivery: 'never', mail_id: null },
    ]);
    must(
      'reset',
      await caseWorker.api.PUT('/api/v1/auth/me/notification-preferences', { body: { items: [{ kind: 'task_due_soon', delivery: 'immediate' }] } }),
    );
    must('russian', await caseWorker.api.PATCH('/api/v1/auth/me', { body: { locale: 'ru' } }));
  });

  it('raises the overdue alert for a review not done in time, and mails it as any overdue task', async () => {
    const c = await clientCase();
    const plan = must('plan', await create(caseWorker, c.id, safetyPlan(day(1))));
    const due = reviewDue(day(1));
    await t.app.get(DeadlineWatcher).run(new Date(due.getTime() + 60_000));
    const [alert] = await t.db.query<{ id: string; recipient_id: string; data: Record<string, unknown> }>(
      `SELECT id, recipient_id, data FROM alerts WHERE kind = 'task_overdue' AND data->>'taskId' = $1`,
      [plan.reviewTask!.id],
    );
    expect(alert).toMatchObject({ recipient_id: caseWorkerId, data: { reference: c.reference, title: 'plans.reviewTask.safety' } });
    expect((await t.app.get(NotificationWatch).run()).fromAlerts).toBeGreaterThanOrEqual(1);
    await sendWaitingMails();
    const overdue = await waitFor('the overdue mail', async () => inbox.to(CASE_WORKER).find((m) => m.subject === `Просрочена задача по делу ${c.reference}`));
    expect(linkIn(overdue, PUBLIC_URL).pathname).toBe(`/cases/${c.id}`);
  });

  it("never put the client's name, number or what a plan says in any mail it sent", async () => {
    await sendWaitingMails();
    expect(inbox.mails.length).toBeGreaterThanOrEqual(3);
    const secrets = [
      STORY.name,
      'Динара',
      STORY.phone,
      STORY.phone.slice(1),
      '5550188',
      STORY.risks,
      'Талгар',
      STORY.measures,
      'кодовое',
      STORY.objectives,
      'plans.reviewTask',
    ];
    const found = inbox.mails.flatMap((mail) =>
      secrets
        .filter((secret) => `${mail.subject}\n${mail.text}\n${mail.html}\n${mail.raw}`.toLowerCase().includes(secret.toLowerCase()))
        .map((secret) => `${mail.subject}: ${secret}`),
    );
    expect(found).toEqual([]);
  });
});
