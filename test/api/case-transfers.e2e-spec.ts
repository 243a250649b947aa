import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

/**
 * A case moves to another office (issue 21): requested by the office that has it, accepted or
 * declined by a supervisor of the office asked to take it, withdrawn by the requester. Access
 * moves with it: the old office loses the case in reads, lists and searches; the new one gains it.
 */
describe('case transfers', () => {
  let t: TestApp;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  let astanaCaseWorker: TestClient;
  let astanaSupervisor: TestClient;
  let ids: Record<string, string>;
  let almatyId: string;
  let astanaId: string;
  let legalCentre: string;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    astanaCaseWorker = await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    astanaSupervisor = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    const users = await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`);
    ids = Object.fromEntries(users.map((u) => [u.email.split('@')[0], u.id]));
    const offices = await t.db.query<{ id: string; code: string }>(`SELECT id, code FROM offices`);
    almatyId = offices.find((o) => o.code === 'ALA')!.id;
    astanaId = offices.find((o) => o.code === 'AST')!.id;
    legalCentre = (await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE name = 'Правовой центр для мигрантов'`))[0].id;
  });
  afterAll(async () => t.close());

  function must<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
    if (result.data === undefined) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
    return result.data;
  }
  const openCase = async (body: Record<string, unknown> = {}) =>
    must('case', await caseWorker.api.POST('/api/v1/cases', { body: { type: 'labour_exploitation', ...body } as never }));
  const request = (client: TestClient, caseId: string, body: Record<string, unknown>) =>
    client.api.POST('/api/v1/cases/{id}/transfers', { params: { path: { id: caseId } }, body: body as never });
  const state = async () =>
    t.db.query(`SELECT
      (SELECT count(*)::int FROM case_transfers) AS transfers, (SELECT count(*)::int FROM case_events) AS events,
      (SELECT count(*)::int FROM audit_log WHERE action LIKE 'cases.transfer_%') AS audits,
      (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM cases c) AS cases`);
  const listed = async (client: TestClient, query: Record<string, unknown> = {}) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = must('list', await client.api.GET('/api/v1/cases', { params: { query: { limit: 100, ...query, ...(cursor ? { cursor } : {}) } as never } }));
      ids.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };

  it('moves a case from Almaty to Astana on acceptance, with its work, and access moves with it', async () => {
    // A client of Almaty's: a call that opened the case, a task, a callback, a referral, shares.
    const person = must(
      'person',
      await operator.api.POST('/api/v1/people', { body: { name: 'Гульмира Переездова', identifiers: [{ kind: 'phone', value: '+77015550101' }] } }),
    );
    const contact = must(
      'contact',
      await operator.api.POST('/api/v1/contacts', {
        body: {
          channel: 'voice',
          phone: '+77015550101',
          personId: person.id,
          category: 'labour_exploitation',
          callerType: 'victim',
          notes: 'Паспорт у работодателя',
          consentToRecord: true,
          consentToRefer: true,
        },
      }),
    );
    const opened = must(
      'open case',
      await operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { version: contact.version, type: 'trafficking', assigneeId: ids['caseworker.almaty'], summary: 'Принудительный труд на ферме' },
      }),
    );
    const caseId = opened.case.id;
    must(
      'consent',
      await caseWorker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: caseId } }, body: { purpose: 'referral', channel: 'verbal_on_call' } }),
    );
    const task = must(
      'task',
      await caseWorker.api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id: caseId } }, body: { title: 'Позвонить в консульство' } }),
    );
    must('share', await caseWorker.api.POST('/api/v1/cases/{id}/shares', { params: { path: { id: caseId } }, body: { userId: ids['supervisor.almaty'] } }));
    must(
      'share astana',
      await caseWorker.api.POST('/api/v1/cases/{id}/shares', { params: { path: { id: caseId } }, body: { userId: ids['supervisor.astana'] } }),
    );
    must(
      'unshare astana',
      await caseWorker.api.DELETE('/api/v1/cases/{id}/shares/{userId}', { params: { path: { id: caseId, userId: ids['supervisor.astana'] } } }),
    );
    const [referral] = must(
      'referral',
      await caseWorker.api.POST('/api/v1/cases/{id}/referrals', {
        params: { path: { id: caseId } },
        body: { targets: [{ organisationId: legalCentre, serviceType: 'legal_aid' }], sharedSummary: 'Юридическая консультация', send: true },
      }),
    );
    const callback = must(
      'callback',
      await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, caseId, dueAt: new Date(t.clock.nowMs() + 3 * 3600_000).toISOString() },
      }),
    );
    const reference = opened.case.reference;

    // Requested: pending; the case stays in Almaty and can still be worked.
    const requested = await request(caseWorker, caseId, { toOfficeId: astanaId, reason: '  Клиентка переехала в Астану к сестре  ' });
    expect(requested.response.status).toBe(201);
    expect(requested.data).toMatchObject({
      caseId,
      caseReference: reference,
      status: 'pending',
      reason: 'Клиентка переехала в Астану к сестре',
      fromOffice: { id: almatyId, name: 'Almaty' },
      toOffice: { id: astanaId, name: 'Astana' },
      requestedBy: { id: ids['caseworker.almaty'] },
      canWithdraw: true,
      canAnswer: false,
    });
    const transferId = requested.data!.id;
    expect(
      (await caseWorker.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: caseId } }, body: { body: 'Пока у нас: ждём ответа Астаны' } })).response
        .status,
    ).toBe(204);
    expect(must('read', await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } })).officeId).toBe(almatyId);
    const second = await request(supervisor, caseId, { toOfficeId: astanaId, reason: 'Ещё раз' });
    expect(second.response.status).toBe(409);
    expect(second.response.headers.get('content-type')).toContain('application/problem+json');
    expect(second.error).toMatchObject({ code: 'transfer_pending' });

    // The receiving supervisor sees the request, not the case: reference, type, priority, reason; nothing naming the client.
    expect((await astanaSupervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } })).response.status).toBe(404);
    expect((await astanaSupervisor.api.GET('/api/v1/cases/{id}/transfers', { params: { path: { id: caseId } } })).response.status).toBe(404);
    const incoming = must('incoming', await astanaSupervisor.api.GET('/api/v1/case-transfers/incoming'));
    expect(incoming.items).toEqual([
      expect.objectContaining({
        id: transferId,
        caseReference: reference,
        caseType: 'trafficking',
        casePriority: 'normal',
        reason: 'Клиентка переехала в Астану к сестре',
        canAnswer: true,
        canWithdraw: false,
      }),
    ]);
    expect(incoming.total).toBe(1);
    const text = JSON.stringify(incoming);
    for (const secret of ['Гульмира', 'Переездова', '7015550101', 'Принудительный', 'Паспорт', person.id, contact.id])
      expect({ secret, shown: text.includes(secret) }).toEqual({ secret, shown: false });
    expect(must('almaty incoming', await supervisor.api.GET('/api/v1/case-transfers/incoming')).items).toEqual([]);
    expect((await caseWorker.api.GET('/api/v1/case-transfers/incoming')).response.status).toBe(403);

    // Wrong hands and a wrong case worker: refused, nothing changes.
    const before = await state();
    const bySender = await supervisor.api.POST('/api/v1/case-transfers/{id}/accept', { params: { path: { id: transferId } }, body: {} });
    expect(bySender.response.status).toBe(403);
    expect(bySender.error).toMatchObject({ code: 'forbidden' });
    expect((await astanaCaseWorker.api.POST('/api/v1/case-transfers/{id}/accept', { params: { path: { id: transferId } }, body: {} })).response.status).toBe(
      403,
    );
    expect((await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/withdraw', { params: { path: { id: transferId } } })).response.status).toBe(403);
    const wrongWorker = await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/accept', {
      params: { path: { id: transferId } },
      body: { assigneeId: ids['caseworker.almaty'] },
    });
    expect(wrongWorker.response.status).toBe(400);
    expect(wrongWorker.error).toMatchObject({ code: 'validation_failed', errors: [{ field: 'assigneeId', code: 'not_assignable' }] });
    expect(await state()).toEqual(before);

    // Accepted, given to Astana's case worker.
    const accepted = await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/accept', {
      params: { path: { id: transferId } },
      body: { assigneeId: ids['caseworker.astana'] },
    });
    expect(accepted.response.status).toBe(200);
    expect(accepted.data).toMatchObject({
      status: 'accepted',
      decidedBy: { id: ids['supervisor.astana'] },
      assignee: { id: ids['caseworker.astana'] },
      canAnswer: false,
    });
    const twice = await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/accept', { params: { path: { id: transferId } }, body: {} });
    expect(twice.response.status).toBe(409);
    expect(twice.error).toMatchObject({ code: 'illegal_transition', allowed: [] });

    // Almaty: gone from reads, lists, searches, timelines and task lists (404, never 403).
    for (const client of [caseWorker, supervisor, operator]) {
      expect((await client.api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } })).response.status).toBe(404);
      expect((await client.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: caseId } } })).response.status).toBe(404);
      expect((await client.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: caseId } }, body: { body: 'Поздно' } })).response.status).toBe(404);
      expect(await listed(client)).not.toContain(caseId);
      expect(await listed(client, { q: reference })).not.toContain(caseId);
    }
    expect((await caseWorker.api.GET('/api/v1/cases/{id}/transfers', { params: { path: { id: caseId } } })).response.status).toBe(404);
    expect(must('my tasks', await caseWorker.api.GET('/api/v1/tasks/mine')).items.map((x) => x.id)).not.toContain(task.id);
    expect((await supervisor.api.GET('/api/v1/callbacks/{id}', { params: { path: { id: callback.id } } })).response.status).toBe(404);
    expect((await caseWorker.api.GET('/api/v1/referrals/{id}', { params: { path: { id: referral.id } } })).response.status).toBe(404);
    // The contact stays with the office that took the call (its supervisor still sees its log).
    expect((await supervisor.api.GET('/api/v1/contacts/{id}', { params: { path: { id: contact.id } } })).response.status).toBe(200);

    // Astana: the case in reads, lists and searches, assigned; its contact and client through the case.
    const moved = must('moved', await astanaCaseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } }));
    expect(moved).toMatchObject({
      officeId: astanaId,
      assignee: { id: ids['caseworker.astana'] },
      sharedWith: [],
      canManage: true,
      personName: 'Гульмира Переездова',
    });
    for (const client of [astanaCaseWorker, astanaSupervisor]) {
      expect(await listed(client)).toContain(caseId);
      expect(await listed(client, { q: reference })).toContain(caseId);
    }
    expect(await listed(astanaCaseWorker, { assignee: 'me' })).toEqual([caseId]);
    expect((await astanaCaseWorker.api.GET('/api/v1/contacts/{id}', { params: { path: { id: contact.id } } })).response.status).toBe(200);
    expect((await astanaCaseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: person.id } } })).response.status).toBe(200);
    expect(must('astana tasks', await astanaCaseWorker.api.GET('/api/v1/tasks/mine')).items.map((x) => x.id)).toContain(task.id);
    expect(must('astana callback', await astanaSupervisor.api.GET('/api/v1/callbacks/{id}', { params: { path: { id: callback.id } } })).officeId).toBe(
      astanaId,
    );
    expect((await astanaCaseWorker.api.GET('/api/v1/referrals/{id}', { params: { path: { id: referral.id } } })).response.status).toBe(200);
    const timeline = must(
      'timeline',
      await astanaCaseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: caseId }, query: { limit: 100 } } }),
    );
    const kinds = timeline.items.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['transfer_requested', 'transfer_accepted', 'assigned', 'unshared', 'created']));
    expect(timeline.items.find((e) => e.kind === 'transfer_accepted')).toMatchObject({
      actor: { id: ids['supervisor.astana'] },
      data: {
        transferId,
        fromOffice: { id: almatyId, name: 'Almaty' },
        toOffice: { id: astanaId, name: 'Astana' },
        assigneeId: ids['caseworker.astana'],
        sharesEnded: 1,
        tasksReassigned: 1,
        callbacksMoved: 1,
        referralsMoved: 1,
      },
    });
    // The call that opened the case is on the timeline the new office reads.
    expect(timeline.items.find((e) => e.kind === 'created')?.contact).toMatchObject({ id: contact.id });
    const history = must('history', await astanaCaseWorker.api.GET('/api/v1/cases/{id}/transfers', { params: { path: { id: caseId } } }));
    expect(history).toEqual([expect.objectContaining({ id: transferId, status: 'accepted', fromOffice: { id: almatyId, name: 'Almaty' } })]);

    // The rows: the previous office kept on the transfer, shares outside Astana ended, work moved.
    const [row] = await t.db.query(`SELECT from_office_id, to_office_id, status, decided_by_id, assignee_id FROM case_transfers WHERE id = $1`, [transferId]);
    expect(row).toEqual({
      from_office_id: almatyId,
      to_office_id: astanaId,
      status: 'accepted',
      decided_by_id: ids['supervisor.astana'],
      assignee_id: ids['caseworker.astana'],
    });
    expect(await t.db.query(`SELECT user_id FROM case_shares WHERE case_id = $1`, [caseId])).toEqual([]);
    expect(await t.db.query(`SELECT assignee_id FROM case_tasks WHERE id = $1`, [task.id])).toEqual([{ assignee_id: ids['caseworker.astana'] }]);
    expect(await t.db.query(`SELECT office_id FROM referrals WHERE id = $1`, [referral.id])).toEqual([{ office_id: astanaId }]);
    expect(await t.db.query(`SELECT office_id FROM contacts WHERE id = $1`, [contact.id])).toEqual([{ office_id: almatyId }]);
    const audits = await t.db.query<{ action: string; actor_email: string }>(
      `SELECT action, actor_email FROM audit_log WHERE entity_id = $1 AND action LIKE 'cases.transfer_%' ORDER BY id`,
      [caseId],
    );
    expect(audits).toEqual([
      { action: 'cases.transfer_requested', actor_email: 'caseworker.almaty@mayak.test' },
      { action: 'cases.transfer_accepted', actor_email: 'supervisor.astana@mayak.test' },
    ]);
  });

  it('refuses bad requests with problem+json and a clear code, and writes nothing', async () => {
    const c = await openCase();
    const closed = await openCase();
    must(
      'close',
      await caseWorker.api.POST('/api/v1/cases/{id}/status', {
        params: { path: { id: closed.id } },
        body: { version: closed.version, status: 'closed', closureReason: 'resolved' },
      }),
    );
    const before = await state();
    const attempts: [Record<string, unknown>, string, number, string, string?][] = [
      [{ toOfficeId: '00000000-0000-4000-8000-000000000000', reason: 'Переезд' }, c.id, 400, 'validation_failed', 'unknown_office'],
      [{ toOfficeId: almatyId, reason: 'Переезд' }, c.id, 400, 'validation_failed', 'same_office'],
      [{ toOfficeId: astanaId }, c.id, 400, 'validation_failed'],
      [{ toOfficeId: astanaId, reason: '   ' }, c.id, 400, 'validation_failed'],
      [{ toOfficeId: 'astana', reason: 'Переезд' }, c.id, 400, 'validation_failed'],
      [{ toOfficeId: astanaId, reason: 'Переезд' }, closed.id, 409, 'case_closed'],
    ];
    for (const [body, caseId, status, code, fieldCode] of attempts) {
      const answer = await request(caseWorker, caseId, body);
      expect({
        body,
        status: answer.response.status,
        type: answer.response.headers.get('content-type'),
        code: (answer.error as { code?: string })?.code,
      }).toEqual({ body, status, type: expect.stringContaining('application/problem+json'), code });
      if (fieldCode) expect(answer.error).toMatchObject({ errors: [{ field: 'toOfficeId', code: fieldCode }] });
    }
    // An operator may not ask; another office cannot even see the case.
    expect((await request(operator, c.id, { toOfficeId: astanaId, reason: 'Переезд' })).response.status).toBe(403);
    expect((await request(astanaSupervisor, c.id, { toOfficeId: astanaId, reason: 'Переезд' })).response.status).toBe(404);
    expect(await state()).toEqual(before);
  });

  it('lets the receiving office decline with a reason, and the requester withdraw; answered requests stay answered', async () => {
    const c = await openCase();
    const first = must('request', await request(caseWorker, c.id, { toOfficeId: astanaId, reason: 'Клиент переезжает' }));
    const noReason = await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/decline', { params: { path: { id: first.id } }, body: {} as never });
    expect(noReason.response.status).toBe(400);
    expect(noReason.error).toMatchObject({ code: 'validation_failed', errors: expect.arrayContaining([expect.objectContaining({ field: 'reason' })]) });
    const declined = must(
      'decline',
      await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/decline', {
        params: { path: { id: first.id } },
        body: { reason: 'Клиент остаётся в Алматы до суда' },
      }),
    );
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'Клиент остаётся в Алматы до суда', decidedBy: { id: ids['supervisor.astana'] } });
    expect(must('still almaty', await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).officeId).toBe(almatyId);
    expect((await caseWorker.api.POST('/api/v1/case-transfers/{id}/withdraw', { params: { path: { id: first.id } } })).error).toMatchObject({
      code: 'illegal_transition',
    });

    // Asked again (the first is answered), then withdrawn by the requester.
    const second = must('again', await request(caseWorker, c.id, { toOfficeId: astanaId, reason: 'Теперь точно переезжает' }));
    const withdrawn = must('withdraw', await caseWorker.api.POST('/api/v1/case-transfers/{id}/withdraw', { params: { path: { id: second.id } } }));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', decidedBy: { id: ids['caseworker.almaty'] }, canWithdraw: false });
    const late = await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/accept', { params: { path: { id: second.id } }, body: {} });
    expect(late.response.status).toBe(409);
    expect(late.error).toMatchObject({ code: 'illegal_transition' });
    expect(must('incoming', await astanaSupervisor.api.GET('/api/v1/case-transfers/incoming')).items.map((x) => x.caseId)).not.toContain(c.id);

    const timeline = must('timeline', await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id } } }));
    expect(timeline.items.filter((e) => e.kind.startsWith('transfer_')).map((e) => [e.kind, e.body])).toEqual([
      ['transfer_withdrawn', null],
      ['transfer_requested', 'Теперь точно переезжает'],
      ['transfer_declined', 'Клиент остаётся в Алматы до суда'],
      ['transfer_requested', 'Клиент переезжает'],
    ]);
    expect(must('history', await caseWorker.api.GET('/api/v1/cases/{id}/transfers', { params: { path: { id: c.id } } })).map((x) => x.status)).toEqual([
      'withdrawn',
      'declined',
    ]);
    const actions = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'cases.transfer_%' ORDER BY id`, [
      c.id,
    ]);
    expect(actions.map((a) => a.action)).toEqual([
      'cases.transfer_requested',
      'cases.transfer_declined',
      'cases.transfer_requested',
      'cases.transfer_withdrawn',
    ]);
  });

  it('does not move a case closed while the request waited, and leaves it unassigned when no one is chosen', async () => {
    const c = await openCase();
    const asked = must('request', await request(caseWorker, c.id, { toOfficeId: astanaId, reason: 'Переезд в Астану' }));
    must(
      'close',
      await caseWorker.api.POST('/api/v1/cases/{id}/status', {
        params: { path: { id: c.id } },
        body: { version: c.version, status: 'closed', closureReason: 'resolved' },
      }),
    );
    const refused = await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/accept', { params: { path: { id: asked.id } }, body: {} });
    expect(refused.response.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'case_closed' });
    expect(await t.db.query(`SELECT status FROM case_transfers WHERE id = $1`, [asked.id])).toEqual([{ status: 'pending' }]);
    must(
      'decline',
      await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/decline', { params: { path: { id: asked.id } }, body: { reason: 'Дело закрыто' } }),
    );

    const open = await openCase();
    const next = must('request', await request(supervisor, open.id, { toOfficeId: astanaId, reason: 'Переезд в Астану' }));
    must('accept', await astanaSupervisor.api.POST('/api/v1/case-transfers/{id}/accept', { params: { path: { id: next.id } }, body: {} }));
    expect(must('moved', await astanaSupervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: open.id } } }))).toMatchObject({
      officeId: astanaId,
      assignee: null,
    });
    expect(await listed(astanaCaseWorker)).not.toContain(open.id);
  });

  it('lists the active offices a case may move to, for those who may ask', async () => {
    const offices = must('offices', await caseWorker.api.GET('/api/v1/case-transfers/offices'));
    expect(offices.map((o) => o.name)).toEqual(['Almaty', 'Astana']);
    expect((await operator.api.GET('/api/v1/case-transfers/offices')).response.status).toBe(403);
  });
});
