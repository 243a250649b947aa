import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { dayIn } from '../support/calendar';

/** Cases over HTTP: references, the status machine, assignment, sharing, details, consents, tasks and who sees what. */
describe('cases', () => {
  let t: TestApp;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  let astanaCaseWorker: TestClient;
  let astanaSupervisor: TestClient;
  let admin: TestClient;
  let ids: Record<string, string>;
  let almatyId: string;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    astanaCaseWorker = await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    astanaSupervisor = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const users = await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`);
    ids = Object.fromEntries(users.map((u) => [u.email.split('@')[0], u.id]));
    almatyId = (await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'ALA'`))[0].id;
  });
  afterAll(async () => t.close());

  const openCase = async (client: TestClient, body: Record<string, unknown> = {}) => {
    const result = await client.api.POST('/api/v1/cases', { body: { type: 'labour_exploitation', ...body } as never });
    if (!result.data) throw new Error(JSON.stringify(result.error));
    return result.data;
  };
  const count = async (table: string) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('numbers cases per year without gaps, even when opened concurrently', async () => {
    const year = Number(dayIn(t.clock.now()).slice(0, 4)); // the office's year, as references count it
    const created = await Promise.all(Array.from({ length: 20 }, () => operator.api.POST('/api/v1/cases', { body: { type: 'other' } })));
    expect(created.every((r) => r.response.status === 201)).toBe(true);
    const sequences = created
      .map((r) => r.data!.reference)
      .map((ref) => {
        expect(ref).toMatch(new RegExp(`^11616-${year}-\\d{6}$`));
        return Number(ref.split('-')[2]);
      })
      .sort((a, b) => a - b);
    const first = sequences[0];
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => first + i));
  });

  it('enforces the status machine: 409 with the allowed next states, reasons for closing and reopening', async () => {
    const c = await openCase(caseWorker);
    expect(c).toMatchObject({ status: 'new', assignee: { id: ids['caseworker.almaty'] }, allowedTransitions: ['open', 'closed'], canManage: true });
    const illegal = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: c.version, status: 'follow_up' },
    });
    expect(illegal.response.status).toBe(409);
    expect(illegal.error).toMatchObject({ code: 'illegal_transition', allowed: ['open', 'closed'] });
    let current = c;
    for (const status of ['open', 'in_progress', 'referred', 'follow_up'] as const) {
      const moved = await caseWorker.api.POST('/api/v1/cases/{id}/status', { params: { path: { id: c.id } }, body: { version: current.version, status } });
      expect(moved.data!.status).toBe(status);
      current = moved.data!;
    }
    const noReason = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: current.version, status: 'closed' },
    });
    expect(noReason.error).toMatchObject({ code: 'validation_failed', errors: [{ field: 'closureReason' }] });
    const badReason = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: current.version, status: 'closed', closureReason: 'bored' as never },
    });
    expect(badReason.response.status).toBe(400);
    const closed = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: current.version, status: 'closed', closureReason: 'resolved', closureNote: 'Зарплату выплатили' },
    });
    expect(closed.data).toMatchObject({ status: 'closed', closureReason: 'resolved', allowedTransitions: ['open'] });
    const noReopenReason = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: closed.data!.version, status: 'open' },
    });
    expect(noReopenReason.error).toMatchObject({ errors: [{ field: 'reopenReason' }] });
    const stale = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: c.version, status: 'open', reopenReason: 'x' },
    });
    expect(stale.response.status).toBe(409);
    const reopened = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: closed.data!.version, status: 'open', reopenReason: 'Снова не платят' },
    });
    expect(reopened.data).toMatchObject({ status: 'open', closureReason: null, closedAt: null });
    const [{ n }] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM case_events WHERE case_id = $1 AND kind = 'status_changed'`, [c.id]);
    expect(Number(n)).toBe(6);
  });

  it('needs a supervisor to approve closing a critical case', async () => {
    const c = await openCase(caseWorker, { priority: 'critical' });
    const refused = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: c.version, status: 'closed', closureReason: 'client_unreachable' },
    });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'supervisor_approval_required' });
    expect((await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).data).toMatchObject({ status: 'new', version: c.version });
    const asked = await caseWorker.api.POST('/api/v1/cases/{id}/closure-approval-request', { params: { path: { id: c.id } } });
    expect(asked.data!.notified).toBe(1);
    const inbox = await supervisor.api.GET('/api/v1/alerts', { params: { query: { state: 'unread' } } });
    expect(inbox.data!.items.some((a) => a.kind === 'closure_approval_requested' && a.entityId === c.id)).toBe(true);
    expect(
      (await caseWorker.api.POST('/api/v1/cases/{id}/closure-approval', { params: { path: { id: c.id } }, body: { version: c.version } })).response.status,
    ).toBe(403);
    expect(
      (await astanaSupervisor.api.POST('/api/v1/cases/{id}/closure-approval', { params: { path: { id: c.id } }, body: { version: c.version } })).response
        .status,
    ).toBe(404);
    const approved = await supervisor.api.POST('/api/v1/cases/{id}/closure-approval', { params: { path: { id: c.id } }, body: { version: c.version } });
    expect(approved.data!.closureApprovedBy).toMatchObject({ id: ids['supervisor.almaty'] });
    const closed = await caseWorker.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: c.id } },
      body: { version: approved.data!.version, status: 'closed', closureReason: 'client_unreachable' },
    });
    expect(closed.data!.status).toBe('closed');
  });

  it('lets only supervisors assign, only to case workers of the office, and shows it on the timeline', async () => {
    const c = await openCase(operator, { assigneeId: ids['caseworker.almaty'] });
    expect(c.assignee).toMatchObject({ id: ids['caseworker.almaty'] });
    const foreign = await operator.api.POST('/api/v1/cases', { body: { type: 'other', assigneeId: ids['caseworker.astana'] } });
    expect(foreign.error).toMatchObject({ errors: [{ field: 'assigneeId', code: 'not_assignable' }] });
    expect(
      (await caseWorker.api.POST('/api/v1/cases/{id}/assignee', { params: { path: { id: c.id } }, body: { version: c.version, assigneeId: null } })).response
        .status,
    ).toBe(403);
    const toOperator = await supervisor.api.POST('/api/v1/cases/{id}/assignee', {
      params: { path: { id: c.id } },
      body: { version: c.version, assigneeId: ids['operator.almaty'] },
    });
    expect(toOperator.response.status).toBe(400);
    const reassigned = await supervisor.api.POST('/api/v1/cases/{id}/assignee', {
      params: { path: { id: c.id } },
      body: { version: c.version, assigneeId: ids['supervisor.almaty'] },
    });
    expect(reassigned.data!.assignee).toMatchObject({ id: ids['supervisor.almaty'] });
    // The case worker no longer sees it; the operator still does (their office).
    expect((await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).response.status).toBe(404);
    expect((await operator.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).response.status).toBe(200);
    const timeline = await supervisor.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id } } });
    expect(timeline.data!.items.filter((e) => e.kind === 'assigned').map((e) => e.data)).toEqual([
      { from: ids['caseworker.almaty'], to: ids['supervisor.almaty'] },
      { from: null, to: ids['caseworker.almaty'] },
    ]);
    expect(timeline.data!.users.map((u) => u.id)).toEqual(expect.arrayContaining([ids['caseworker.almaty'], ids['supervisor.almaty']]));
  });

  it('shares a case across offices with a colleague, and only with that colleague', async () => {
    const c = await openCase(caseWorker);
    expect((await astanaCaseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).response.status).toBe(404);
    const shared = await caseWorker.api.POST('/api/v1/cases/{id}/shares', { params: { path: { id: c.id } }, body: { userId: ids['caseworker.astana'] } });
    expect(shared.data!.sharedWith.map((u) => u.id)).toEqual([ids['caseworker.astana']]);
    expect(
      (await caseWorker.api.POST('/api/v1/cases/{id}/shares', { params: { path: { id: c.id } }, body: { userId: ids['operator.astana'] } })).response.status,
    ).toBe(400);
    const seen = await astanaCaseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } });
    expect(seen.data).toMatchObject({ id: c.id, canManage: true });
    expect((await astanaCaseWorker.api.GET('/api/v1/cases', { params: { query: { sharedWithMe: true } } })).data!.items.map((x) => x.id)).toEqual([c.id]);
    expect((await astanaSupervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).response.status).toBe(404);
    await caseWorker.api.DELETE('/api/v1/cases/{id}/shares/{userId}', { params: { path: { id: c.id, userId: ids['caseworker.astana'] } } });
    expect((await astanaCaseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).response.status).toBe(404);
  });

  it('records trafficking details with HTCDS value names and refuses anything else, writing nothing', async () => {
    const c = await openCase(caseWorker, { type: 'trafficking' });
    const details = {
      version: c.version,
      traffickingStatus: 'PossibleVictimOfTrafficking',
      traffickingStatusDecidedBy: 'NGO',
      exploitationTypes: ['ForcedLabour'],
      controlMethods: ['WithholdsDocuments', 'RestrictsMovement', 'DebtBondage'],
      labourIndustry: 'F_Construction',
      recruitmentMethods: ['ThroughFriendsOrSocialEvents'],
      recruiterRelation: 'Friend',
      migrationSituation: 'labour_migrant',
      route: [
        { type: 'Recruitment', country: 'UZ', city: 'Самарканд', date: '2026-03-01' },
        { type: 'Transit', country: 'KZ', city: 'Шымкент' },
        { type: 'Exploitation', country: 'RU', city: 'Москва', date: '2026-04-15', description: 'Стройка, жили в вагончике' },
      ],
    };
    const saved = await caseWorker.api.PATCH('/api/v1/cases/{id}', { params: { path: { id: c.id } }, body: details as never });
    expect(saved.response.status).toBe(200);
    expect(saved.data!.trafficking).toMatchObject({
      traffickingStatus: 'PossibleVictimOfTrafficking',
      controlMethods: ['WithholdsDocuments', 'RestrictsMovement', 'DebtBondage'],
      route: [expect.objectContaining({ type: 'Recruitment', country: 'UZ' }), expect.anything(), expect.objectContaining({ date: '2026-04-15' })],
    });
    const before = JSON.stringify(
      await t.db.query(`SELECT c.*, (SELECT json_agg(e) FROM case_trafficking_events e WHERE e.case_id = c.id) r FROM cases c WHERE c.id = $1`, [c.id]),
    );
    for (const bad of [
      { exploitationTypes: ['Slavery'] },
      { controlMethods: ['Hypnosis'] },
      { labourIndustry: 'Z_Space' },
      { route: [{ type: 'Holiday' }] },
      { route: [{ type: 'Transit', country: 'XX' }] },
      { route: [{ type: 'Transit', date: '15.04.2026' }] },
      { traffickingStatus: 'Maybe' },
      { status: 'closed' },
      { reference: '11616-2000-000001' },
    ]) {
      const refused = await caseWorker.api.PATCH('/api/v1/cases/{id}', {
        params: { path: { id: c.id } },
        body: { version: saved.data!.version, ...bad } as never,
      });
      expect(refused.response.status).toBe(400);
    }
    expect(
      JSON.stringify(
        await t.db.query(`SELECT c.*, (SELECT json_agg(e) FROM case_trafficking_events e WHERE e.case_id = c.id) r FROM cases c WHERE c.id = $1`, [c.id]),
      ),
    ).toBe(before);
    expect(
      (
        await operator.api.PATCH('/api/v1/cases/{id}', {
          params: { path: { id: c.id } },
          body: { version: saved.data!.version, summary: 'operators do not edit' },
        })
      ).response.status,
    ).toBe(403);
  });

  it('records consent per purpose with who, when and how, and lets it be withdrawn', async () => {
    const c = await openCase(caseWorker);
    const given = await operator.api.POST('/api/v1/cases/{id}/consents', {
      params: { path: { id: c.id } },
      body: { purpose: 'referral', channel: 'verbal_on_call', note: 'Согласна на шелтер' },
    });
    expect(given.data!.consents).toEqual([
      expect.objectContaining({
        purpose: 'referral',
        channel: 'verbal_on_call',
        recordedBy: expect.objectContaining({ id: ids['operator.almaty'] }),
        withdrawnAt: null,
      }),
    ]);
    expect(
      (await operator.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: c.id } }, body: { purpose: 'referral', channel: 'sms' } })).response
        .status,
    ).toBe(409);
    expect(
      (await operator.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: c.id } }, body: { purpose: 'marketing', channel: 'sms' } as never }))
        .response.status,
    ).toBe(400);
    const withdrawn = await caseWorker.api.POST('/api/v1/cases/{id}/consents/{consentId}/withdraw', {
      params: { path: { id: c.id, consentId: given.data!.consents[0].id } },
    });
    expect(withdrawn.data!.consents[0].withdrawnAt).not.toBeNull();
    const again = await caseWorker.api.POST('/api/v1/cases/{id}/consents', {
      params: { path: { id: c.id } },
      body: { purpose: 'referral', channel: 'written' },
    });
    expect(again.data!.consents).toHaveLength(2);
    const kinds = (await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id } } })).data!.items.map((e) => e.kind);
    expect(kinds.filter((k) => k.startsWith('consent_'))).toEqual(['consent_given', 'consent_withdrawn', 'consent_given']);
  });

  it('keeps tasks with due dates and assignees, notes on the timeline, newest first with keyset pages', async () => {
    const c = await openCase(caseWorker);
    const task = await caseWorker.api.POST('/api/v1/cases/{id}/tasks', {
      params: { path: { id: c.id } },
      body: { title: 'Позвонить в консульство', dueAt: new Date(t.clock.nowMs() - 3600_000).toISOString() },
    });
    expect(task.data).toMatchObject({ status: 'open', overdue: true, assignee: { id: ids['caseworker.almaty'] } });
    expect(
      (await caseWorker.api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id: c.id } }, body: { title: 'x', assigneeId: ids['caseworker.astana'] } }))
        .response.status,
    ).toBe(400);
    const done = await caseWorker.api.PATCH('/api/v1/cases/{id}/tasks/{taskId}', {
      params: { path: { id: c.id, taskId: task.data!.id } },
      body: { version: task.data!.version, status: 'done' },
    });
    expect(done.data).toMatchObject({ status: 'done', overdue: false });
    expect(
      (
        await caseWorker.api.PATCH('/api/v1/cases/{id}/tasks/{taskId}', {
          params: { path: { id: c.id, taskId: task.data!.id } },
          body: { version: task.data!.version, title: 'stale' },
        })
      ).response.status,
    ).toBe(409);
    for (let i = 0; i < 4; i += 1) await caseWorker.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: c.id } }, body: { body: `Заметка ${i}` } });
    expect((await caseWorker.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: c.id } }, body: { body: '   ' } })).response.status).toBe(400);
    const entries: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 10; n += 1) {
      const page = await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id }, query: { limit: 3, cursor } } });
      entries.push(...page.data!.items.map((e) => `${e.kind}:${e.body ?? ''}`));
      cursor = page.data!.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(entries.slice(0, 4)).toEqual(['note:Заметка 3', 'note:Заметка 2', 'note:Заметка 1', 'note:Заметка 0']);
    expect(entries).toContain('created:');
    expect(entries.filter((e) => e.startsWith('task_'))).toHaveLength(2);
  });

  it('lists my open tasks across cases, the soonest due first, only on cases I still see', async () => {
    const day = 24 * 3600_000;
    const first = await openCase(caseWorker, { summary: 'Задачи: первое дело' });
    const second = await openCase(caseWorker, { summary: 'Задачи: второе дело' });
    const task = async (caseId: string, title: string, dueInDays: number | null, assigneeId?: string) =>
      (
        await caseWorker.api.POST('/api/v1/cases/{id}/tasks', {
          params: { path: { id: caseId } },
          body: {
            title,
            ...(dueInDays === null ? {} : { dueAt: new Date(t.clock.nowMs() + dueInDays * day).toISOString() }),
            ...(assigneeId ? { assigneeId } : {}),
          },
        })
      ).data!;
    const later = await task(first.id, 'Мои: через неделю', 7);
    const undated = await task(second.id, 'Мои: без срока', null);
    const overdue = await task(second.id, 'Мои: просрочено', -1);
    await task(first.id, 'Чужая задача', 1, ids['supervisor.almaty']);
    const done = await task(first.id, 'Мои: сделано', 2);
    await caseWorker.api.PATCH('/api/v1/cases/{id}/tasks/{taskId}', {
      params: { path: { id: first.id, taskId: done.id } },
      body: { version: done.version, status: 'done' },
    });
    const mine = async () => {
      const page = (await caseWorker.api.GET('/api/v1/tasks/mine', { params: { query: { limit: 100 } } })).data!;
      return page.items.filter((i) => i.title.startsWith('Мои:'));
    };
    const listed = await mine();
    expect(listed.map((i) => i.id)).toEqual([overdue.id, later.id, undated.id]);
    expect(listed[0]).toMatchObject({ overdue: true, caseReference: second.reference });
    // Paged: one at a time gives the same order.
    const firstPage = (await caseWorker.api.GET('/api/v1/tasks/mine', { params: { query: { limit: 1 } } })).data!;
    expect(firstPage).toMatchObject({ limit: 1, offset: 0 });
    expect(firstPage.total).toBeGreaterThanOrEqual(3);
    // Once the case goes to someone else, its tasks leave my list with it.
    const reassigned = await supervisor.api.POST('/api/v1/cases/{id}/assignee', {
      params: { path: { id: second.id } },
      body: {
        version: (await supervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: second.id } } })).data!.version,
        assigneeId: ids['supervisor.almaty'],
      },
    });
    expect(reassigned.response.status).toBe(200);
    expect((await mine()).map((i) => i.id)).toEqual([later.id]);
    // Partners have no tasks to list.
    const partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    expect((await partner.api.GET('/api/v1/tasks/mine')).response.status).toBe(403);
  });

  it('shows each role only the cases it may see, in reads, lists and searches, and audits reads', async () => {
    const mine = await openCase(caseWorker, { summary: 'Паспорт у работодателя, стройка в Алматы' });
    const unassigned = await openCase(operator, { summary: 'Паспорт отобрали на ферме' });
    const astana = await openCase(astanaCaseWorker, { summary: 'Паспорт удерживает посредник' });
    const visible = async (client: TestClient, q?: string) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 50; n += 1) {
        const page = await client.api.GET('/api/v1/cases', { params: { query: { q, limit: 100, cursor } } });
        if (!page.data) throw new Error(JSON.stringify(page.error));
        ids.push(...page.data.items.map((c) => c.id));
        cursor = page.data.nextCursor ?? undefined;
        if (!cursor) break;
      }
      return ids;
    };
    for (const q of [undefined, 'паспорт']) {
      const worker = await visible(caseWorker, q);
      expect(worker).toContain(mine.id);
      expect(worker).not.toContain(unassigned.id);
      expect(worker).not.toContain(astana.id);
      const op = await visible(operator, q);
      expect(op).toEqual(expect.arrayContaining([mine.id, unassigned.id]));
      expect(op).not.toContain(astana.id);
      const sup = await visible(supervisor, q);
      expect(sup).toEqual(expect.arrayContaining([mine.id, unassigned.id]));
      expect(sup).not.toContain(astana.id);
      expect(await visible(astanaSupervisor, q)).toContain(astana.id);
      expect(await visible(astanaSupervisor, q)).not.toContain(mine.id);
    }
    expect((await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: unassigned.id } } })).response.status).toBe(404);
    expect((await astanaSupervisor.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: mine.id } } })).response.status).toBe(404);
    expect(
      (await astanaSupervisor.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: mine.id } }, body: { body: 'intrusion' } })).response.status,
    ).toBe(404);
    expect((await admin.api.GET('/api/v1/cases')).response.status).toBe(403);
    expect((await admin.api.GET('/api/v1/cases/{id}', { params: { path: { id: mine.id } } })).response.status).toBe(403);
    // By reference, typed loosely.
    const byRef = await visible(operator, mine.reference.replace(/-/g, ' ').toLowerCase());
    expect(byRef).toEqual([mine.id]);
    expect(await visible(astanaSupervisor, mine.reference)).toEqual([]);
    const reads = await t.db.query(`SELECT actor_user_id FROM audit_log WHERE action = 'cases.read' AND entity_id = $1`, [mine.id]);
    await supervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: mine.id } } });
    const after = await t.db.query(`SELECT actor_user_id FROM audit_log WHERE action = 'cases.read' AND entity_id = $1`, [mine.id]);
    expect(after.length).toBe(reads.length + 1);
    expect(after.map((r) => r.actor_user_id)).toContain(ids['supervisor.almaty']);
  });

  it('filters by status, priority, type, assignee and date range, and refuses bad filters', async () => {
    const a = await openCase(supervisor, { type: 'missing_person', category: 'missing_person', priority: 'high', assigneeId: ids['caseworker.almaty'] });
    const found = await supervisor.api.GET('/api/v1/cases', {
      params: {
        query: {
          type: 'missing_person',
          category: 'missing_person',
          priority: 'high',
          status: ['new'],
          assignee: ids['caseworker.almaty'],
          officeId: almatyId,
          from: new Date(t.clock.nowMs() - 60_000).toISOString(),
        },
      },
    });
    expect(found.data!.items.map((c) => c.id)).toEqual([a.id]);
    expect(
      (await supervisor.api.GET('/api/v1/cases', { params: { query: { type: 'missing_person', assignee: 'none' } } })).data!.items.map((c) => c.id),
    ).not.toContain(a.id);
    expect((await caseWorker.api.GET('/api/v1/cases', { params: { query: { assignee: 'me', type: 'missing_person' } } })).data!.items.map((c) => c.id)).toEqual(
      [a.id],
    );
    expect(
      (await supervisor.api.GET('/api/v1/cases', { params: { query: { type: 'missing_person', category: 'violence' } } })).data!.items.map((c) => c.id),
    ).not.toContain(a.id);
    for (const query of [
      { category: 'gossip' },
      { status: ['lost'] },
      { priority: 'urgent' },
      { assignee: 'someone' },
      { from: 'yesterday' },
      { limit: 0 },
      { limit: 101 },
      { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      { cursor: 'xyz' },
    ]) {
      const refused = await supervisor.api.GET('/api/v1/cases', { params: { query: query as never } });
      expect(refused.response.status).toBe(400);
      expect(refused.response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await count('cases')).toBeGreaterThan(0);
  });

  it("finds a case by words from its summary, its contacts' notes and its timeline notes, in Russian and English", async () => {
    const c = await openCase(caseWorker, { summary: 'Удержание документов' });
    const contact = await caseWorker.api.POST('/api/v1/contacts', { body: { channel: 'voice', notes: 'Живут в вагончике на объекте' } });
    await caseWorker.api.POST('/api/v1/contacts/{id}/case', {
      params: { path: { id: contact.data!.id } },
      body: { version: contact.data!.version, caseId: c.id },
    });
    await caseWorker.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: c.id } }, body: { body: 'Called the embassy about the passports' } });
    const find = async (q: string) => (await caseWorker.api.GET('/api/v1/cases', { params: { query: { q } } })).data!.items.map((x) => x.id);
    expect(await find('документы')).toContain(c.id);
    expect(await find('вагончик')).toContain(c.id);
    expect(await find('passport embassy')).toContain(c.id);
    expect(await find('вертолёт')).not.toContain(c.id);
    // Notes edited on the contact are searchable at once.
    await caseWorker.api.PATCH('/api/v1/contacts/{id}', {
      params: { path: { id: contact.data!.id } },
      body: { version: contact.data!.version + 1, notes: 'Переехали в общежитие' },
    });
    expect(await find('общежитии')).toContain(c.id);
    expect(await find('вагончик')).not.toContain(c.id);
  });
});
