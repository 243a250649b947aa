import { DeadlineWatcher } from '#api/modules/referrals/deadline-watcher';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

/** The referral pathway over HTTP: directory, knowledge base, consent, the status machine, partners and deadlines. */
describe('directory, knowledge base and referrals', () => {
  let t: TestApp;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  let admin: TestClient;
  let partner: TestClient;
  let astanaCaseWorker: TestClient;
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    astanaCaseWorker = await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    orgs = Object.fromEntries((await t.db.query<{ id: string; name: string }>(`SELECT id, name FROM organisations`)).map((o) => [o.name, o.id]));
  });
  afterAll(async () => t.close());

  const SHELTER = 'Приют «Светлый дом»';
  const LEGAL = 'Правовой центр для мигрантов';
  const HOSPITAL = 'Городская больница скорой помощи';
  const count = async (table: string) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  /** A case of the Almaty case worker, in progress, with the client's consent to referral unless told otherwise. */
  async function caseReadyForReferral(options: { consent?: boolean; person?: boolean } = {}) {
    const person = options.person
      ? (await caseWorker.api.POST('/api/v1/people', { body: { name: 'Малика Рахимова', identifiers: [{ kind: 'phone', value: '+998 90 765 43 21' }] } })).data!
      : null;
    let c = (
      await caseWorker.api.POST('/api/v1/cases', { body: { type: 'trafficking', personId: person?.id ?? null, summary: 'Удерживают паспорт на ферме' } })
    ).data!;
    for (const status of ['open', 'in_progress'] as const)
      c = (await caseWorker.api.POST('/api/v1/cases/{id}/status', { params: { path: { id: c.id } }, body: { version: c.version, status } })).data!;
    if (options.consent !== false)
      c = (
        await caseWorker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: c.id } }, body: { purpose: 'referral', channel: 'verbal_on_call' } })
      ).data!;
    return c;
  }

  const refer = (caseId: string, body: Record<string, unknown>) =>
    caseWorker.api.POST('/api/v1/cases/{id}/referrals', { params: { path: { id: caseId } }, body: body as never });

  it('searches the directory by service, region, language and words; only administrators change it', async () => {
    const names = async (query: Record<string, unknown>) =>
      (await operator.api.GET('/api/v1/directory/organisations', { params: { query: query as never } })).data!.items.map((o) => o.name);
    expect(await names({ serviceType: 'shelter' })).toEqual([SHELTER]);
    expect(await names({ serviceType: 'legal_aid', region: 'KZ-SHY' })).toEqual([LEGAL]);
    expect(await names({ serviceType: 'consular', language: 'tg' })).toEqual(['Посольство Республики Таджикистан']);
    expect(await names({ q: 'паспортов' })).toContain('Генеральное консульство Республики Узбекистан');
    expect(await names({ acceptsReferrals: false })).toEqual(expect.arrayContaining([HOSPITAL]));
    expect((await operator.api.GET('/api/v1/directory/organisations', { params: { query: { serviceType: 'spa' as never } } })).response.status).toBe(400);

    const before = await count('organisations');
    expect((await supervisor.api.POST('/api/v1/directory/organisations', { body: { name: 'Новый центр', type: 'NGO' } })).response.status).toBe(403);
    expect(
      (await admin.api.POST('/api/v1/directory/organisations', { body: { name: 'X', type: 'Cult' as never, website: 'javascript:alert(1)' } })).response.status,
    ).toBe(400);
    expect(await count('organisations')).toBe(before);
    const created = await admin.api.POST('/api/v1/directory/organisations', {
      body: { name: 'Центр «Көмек»', type: 'NGO', serviceTypes: ['crisis_centre'], regions: ['KZ-SHY'], languages: ['kk', 'uz'], cities: ['Шымкент'] },
    });
    expect(created.response.status).toBe(201);
    const updated = await admin.api.PATCH('/api/v1/directory/organisations/{id}', {
      params: { path: { id: created.data!.id } },
      body: { version: created.data!.version, active: false },
    });
    expect(updated.data).toMatchObject({ active: false, version: 2 });
    expect(await names({ q: 'Көмек' })).toEqual([]);
    expect(
      (await admin.api.PATCH('/api/v1/directory/organisations/{id}', { params: { path: { id: created.data!.id } }, body: { version: 1, active: true } }))
        .response.status,
    ).toBe(409);
  });

  it('lets operators search articles and record which helped on a call; supervisors write them', async () => {
    const found = await operator.api.GET('/api/v1/knowledge/articles', { params: { query: { q: 'паспорт работодатель', locale: 'ru' } } });
    const article = found.data!.items[0];
    expect(article.title).toBe('Работодатель забрал паспорт: что делать');
    expect(article.organisationIds).toContain(orgs[LEGAL]);
    expect((await operator.api.GET('/api/v1/knowledge/articles', { params: { query: { tag: 'вербовка' } } })).data!.items.map((a) => a.locale)).toEqual(['ru']);
    expect((await operator.api.POST('/api/v1/knowledge/articles', { body: { locale: 'ru', title: 'Тест', body: 'x' } })).response.status).toBe(403);
    const written = await supervisor.api.POST('/api/v1/knowledge/articles', {
      body: { locale: 'en', title: 'Work permits in short', body: 'Ask which country the caller is from.', tags: ['permits'] },
    });
    expect(written.response.status).toBe(201);
    expect(
      (await supervisor.api.POST('/api/v1/knowledge/articles', { body: { locale: 'en', title: 'Bad tags', body: 'x', tags: ['two words'] } })).response.status,
    ).toBe(400);

    const contact = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'documents_and_registration' } });
    for (let i = 0; i < 2; i += 1) {
      const used = await operator.api.PUT('/api/v1/contacts/{id}/articles/{articleId}', { params: { path: { id: contact.data!.id, articleId: article.id } } });
      expect(used.data).toEqual([{ id: article.id, title: article.title, locale: 'ru' }]);
    }
    expect(await t.db.query(`SELECT article_id FROM contact_articles WHERE contact_id = $1`, [contact.data!.id])).toHaveLength(1);
    expect(
      (await astanaCaseWorker.api.PUT('/api/v1/contacts/{id}/articles/{articleId}', { params: { path: { id: contact.data!.id, articleId: article.id } } }))
        .response.status,
    ).toBe(404);
  });

  it("refuses a referral without the client's consent (422) and writes nothing", async () => {
    const c = await caseReadyForReferral({ consent: false });
    const before = await count('referrals');
    const refused = await refer(c.id, { targets: [{ organisationId: orgs[SHELTER], serviceType: 'shelter' }], sharedSummary: 'Нужен приют на две недели' });
    expect(refused.response.status).toBe(422);
    expect(refused.response.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.error).toMatchObject({ code: 'consent_required' });
    expect(await count('referrals')).toBe(before);
  });

  it('refers to several services at once, checks each target, and moves the case to referred when sent', async () => {
    const c = await caseReadyForReferral();
    const before = await count('referrals');
    expect(
      (await refer(c.id, { targets: [{ organisationId: orgs[HOSPITAL], serviceType: 'medical' }], sharedSummary: 'Нужен осмотр врача' })).error,
    ).toMatchObject({ code: 'organisation_unavailable' });
    expect(
      (await refer(c.id, { targets: [{ organisationId: orgs[SHELTER], serviceType: 'legal_aid' }], sharedSummary: 'Нужен юрист по делу' })).error,
    ).toMatchObject({ errors: [{ field: 'targets.0.serviceType', code: 'service_not_offered' }] });
    expect((await refer(c.id, { targets: [], sharedSummary: 'Нужен юрист по делу' })).response.status).toBe(400);
    expect(
      (
        await operator.api.POST('/api/v1/cases/{id}/referrals', {
          params: { path: { id: c.id } },
          body: { targets: [{ organisationId: orgs[SHELTER], serviceType: 'shelter' }], sharedSummary: 'Оператор не направляет' },
        })
      ).response.status,
    ).toBe(403);
    expect(await count('referrals')).toBe(before);

    const sent = await refer(c.id, {
      targets: [
        { organisationId: orgs[SHELTER], serviceType: 'shelter' },
        { organisationId: orgs[LEGAL], serviceType: 'legal_aid' },
      ],
      sharedSummary: 'Женщина 28 лет, паспорт у работодателя, нужна безопасная ночёвка',
      send: true,
    });
    expect(sent.response.status).toBe(201);
    expect(sent.data!.map((r) => [r.organisationName, r.status, r.responseHours])).toEqual([
      [SHELTER, 'sent', 48],
      [LEGAL, 'sent', 72],
    ]);
    const shelter = sent.data![0];
    expect(new Date(shelter.dueAt!).getTime() - new Date(shelter.sentAt!).getTime()).toBe(48 * 3600_000);
    expect((await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).data!.status).toBe('referred');
    const kinds = (await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id } } })).data!.items.map((e) => e.kind);
    expect(kinds.filter((k) => k.startsWith('referral_'))).toEqual([
      'referral_status_changed',
      'referral_created',
      'referral_status_changed',
      'referral_created',
    ]);
    expect((await astanaCaseWorker.api.GET('/api/v1/referrals/{id}', { params: { path: { id: shelter.id } } })).response.status).toBe(404);
    expect((await supervisor.api.GET('/api/v1/referrals', { params: { query: { status: 'sent' } } })).data!.items.map((r) => r.id)).toEqual(
      expect.arrayContaining([shelter.id]),
    );
    expect((await astanaCaseWorker.api.GET('/api/v1/referrals')).data!.items.map((r) => r.id)).not.toContain(shelter.id);
  });

  it('enforces the referral status machine for the hotline: 409 with the allowed moves, reasons and outcomes', async () => {
    const c = await caseReadyForReferral();
    const [draft] = (
      await refer(c.id, { targets: [{ organisationId: orgs[LEGAL], serviceType: 'legal_aid' }], sharedSummary: 'Консультация по трудовому спору' })
    ).data!;
    expect(draft).toMatchObject({ status: 'draft', sentAt: null, allowedTransitions: ['sent', 'cancelled'] });
    const illegal = await caseWorker.api.POST('/api/v1/referrals/{id}/status', {
      params: { path: { id: draft.id } },
      body: { version: draft.version, status: 'completed', outcome: 'service_provided' },
    });
    expect(illegal.response.status).toBe(409);
    expect(illegal.error).toMatchObject({ code: 'illegal_transition', allowed: ['sent', 'cancelled'] });
    const sent = (
      await caseWorker.api.POST('/api/v1/referrals/{id}/status', { params: { path: { id: draft.id } }, body: { version: draft.version, status: 'sent' } })
    ).data!;
    const noReason = await caseWorker.api.POST('/api/v1/referrals/{id}/status', {
      params: { path: { id: draft.id } },
      body: { version: sent.version, status: 'declined' },
    });
    expect(noReason.error).toMatchObject({ errors: [{ field: 'reason' }] });
    // The case worker records the partner's answer given by phone.
    const declined = await caseWorker.api.POST('/api/v1/referrals/{id}/status', {
      params: { path: { id: draft.id } },
      body: { version: sent.version, status: 'declined', reason: 'Нет юриста со знанием узбекского', note: 'Сказали по телефону' },
    });
    expect(declined.data).toMatchObject({
      status: 'declined',
      reason: 'Нет юриста со знанием узбекского',
      partnerNote: 'Сказали по телефону',
      allowedTransitions: [],
    });
    expect(
      (await caseWorker.api.POST('/api/v1/referrals/{id}/status', { params: { path: { id: draft.id } }, body: { version: sent.version, status: 'accepted' } }))
        .response.status,
    ).toBe(409);
  });

  it('shows a partner only the referrals sent to their organisation, with only what the client agreed to share', async () => {
    const c = await caseReadyForReferral({ person: true });
    await caseWorker.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: c.id } }, body: { body: 'Внутренняя заметка: муж угрожает' } });
    const [toShelter] = (
      await refer(c.id, {
        targets: [{ organisationId: orgs[SHELTER], serviceType: 'shelter' }],
        sharedSummary: 'Нужна ночёвка для женщины с ребёнком',
        shareContactDetails: true,
        send: true,
      })
    ).data!;
    const [toLegal] = (
      await refer(c.id, { targets: [{ organisationId: orgs[LEGAL], serviceType: 'legal_aid' }], sharedSummary: 'Юридическая консультация', send: true })
    ).data!;
    const [draft] = (await refer(c.id, { targets: [{ organisationId: orgs[SHELTER], serviceType: 'psychological' }], sharedSummary: 'Черновик для приюта' }))
      .data!;

    const list = await partner.api.GET('/api/v1/partner/referrals');
    const ids = list.data!.items.map((r) => r.id);
    expect(ids).toContain(toShelter.id);
    expect(ids).not.toContain(toLegal.id);
    expect(ids).not.toContain(draft.id);
    expect((await partner.api.GET('/api/v1/partner/referrals/{id}', { params: { path: { id: toLegal.id } } })).response.status).toBe(404);
    const seen = await partner.api.GET('/api/v1/partner/referrals/{id}', { params: { path: { id: toShelter.id } } });
    expect(seen.data).toMatchObject({
      organisationName: SHELTER,
      caseReference: c.reference,
      sharedSummary: 'Нужна ночёвка для женщины с ребёнком',
      clientName: 'Малика Рахимова',
      clientPhone: '+998907654321',
      allowedTransitions: ['accepted', 'declined'],
    });
    expect(JSON.stringify(seen.data)).not.toMatch(/муж угрожает|ферме|Удерживают/);
    // The hotline's own routes stay closed to partners.
    expect((await partner.api.GET('/api/v1/referrals/{id}', { params: { path: { id: toShelter.id } } })).response.status).toBe(403);
    expect((await partner.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).response.status).toBe(403);

    // Consent withdrawn: the partner no longer sees who the client is.
    const consent = (await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).data!.consents.find(
      (x) => x.purpose === 'referral' && !x.withdrawnAt,
    )!;
    await caseWorker.api.POST('/api/v1/cases/{id}/consents/{consentId}/withdraw', { params: { path: { id: c.id, consentId: consent.id } } });
    expect((await partner.api.GET('/api/v1/partner/referrals/{id}', { params: { path: { id: toShelter.id } } })).data).toMatchObject({
      clientName: null,
      clientPhone: null,
    });
  });

  it('lets the partner answer through the same machine; the case worker is told once per answer', async () => {
    const c = await caseReadyForReferral();
    const [referral] = (
      await refer(c.id, { targets: [{ organisationId: orgs[SHELTER], serviceType: 'shelter' }], sharedSummary: 'Нужна ночёвка на неделю', send: true })
    ).data!;
    const move = (version: number, status: string, extra: Record<string, unknown> = {}) =>
      partner.api.POST('/api/v1/partner/referrals/{id}/status', { params: { path: { id: referral.id } }, body: { version, status, ...extra } as never });
    expect((await move(referral.version, 'cancelled', { reason: 'no' })).error).toMatchObject({
      code: 'illegal_transition',
      allowed: ['accepted', 'declined'],
    });
    const accepted = await move(referral.version, 'accepted', { note: 'Ждём сегодня до 20:00' });
    expect(accepted.data).toMatchObject({ status: 'accepted', partnerNote: 'Ждём сегодня до 20:00' });
    expect((await move(referral.version, 'in_progress')).response.status).toBe(409);
    const started = await move(accepted.data!.version, 'in_progress');
    expect((await move(started.data!.version, 'completed')).error).toMatchObject({ errors: [{ field: 'outcome' }] });
    const done = await move(started.data!.version, 'completed', { outcome: 'service_provided' });
    expect(done.data).toMatchObject({ status: 'completed', outcome: 'service_provided', allowedTransitions: [] });
    const onCase = (await caseWorker.api.GET('/api/v1/cases/{id}/referrals', { params: { path: { id: c.id } } })).data![0];
    expect(onCase).toMatchObject({ status: 'completed', outcome: 'service_provided' });
    const alerts = await t.db.query<{ kind: string; dedupe_key: string }>(`SELECT kind, dedupe_key FROM alerts WHERE dedupe_key LIKE $1 ORDER BY created_at`, [
      `referral_answered:${referral.id}:%`,
    ]);
    expect(alerts.map((a) => a.dedupe_key.split(':')[2])).toEqual(['accepted', 'in_progress', 'completed']);
    const audit = await t.db.query(`SELECT summary FROM audit_log WHERE action = 'referrals.status_changed' AND entity_id = $1`, [referral.id]);
    expect(audit.map((a) => (a.summary as { by: string }).by)).toEqual(['hotline', 'partner', 'partner', 'partner']);
  });

  it('prints a letter with the shared summary only, escaped, for the hotline and the addressed partner', async () => {
    const c = await caseReadyForReferral();
    await caseWorker.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: c.id } }, body: { body: 'Секретная заметка линии' } });
    const [referral] = (
      await refer(c.id, {
        targets: [{ organisationId: orgs[SHELTER], serviceType: 'shelter' }],
        sharedSummary: 'Нужна ночёвка <script>alert(1)</script>',
        send: true,
      })
    ).data!;
    const cookie = (client: TestClient) => ({ cookie: `mayak_session=${client.jar.get('mayak_session')}` });
    const hotline = await fetch(`${t.baseUrl}/api/v1/referrals/${referral.id}/letter?locale=kk`, { headers: cookie(caseWorker) });
    expect(hotline.status).toBe(200);
    expect(hotline.headers.get('content-type')).toContain('text/html');
    const html = await hotline.text();
    expect(html).toContain('Жолдама');
    expect(html).toContain(c.reference);
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('Секретная заметка');
    expect((await fetch(`${t.baseUrl}/api/v1/partner/referrals/${referral.id}/letter`, { headers: cookie(partner) })).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/api/v1/referrals/${referral.id}/letter`, { headers: cookie(astanaCaseWorker) })).status).toBe(404);
  });

  it('raises exactly one alert per overdue referral, however often and however concurrently the watcher runs', async () => {
    const c = await caseReadyForReferral();
    const [referral] = (
      await refer(c.id, {
        targets: [{ organisationId: orgs[LEGAL], serviceType: 'legal_aid' }],
        sharedSummary: 'Консультация по удержанию зарплаты',
        send: true,
      })
    ).data!;
    const task = (
      await caseWorker.api.POST('/api/v1/cases/{id}/tasks', {
        params: { path: { id: c.id } },
        body: { title: 'Перезвонить клиенту', dueAt: new Date(t.clock.nowMs() + 3600_000).toISOString() },
      })
    ).data!;
    const watcher = t.app.get(DeadlineWatcher);
    const alertsOf = (key: string) => t.db.query<{ recipient_id: string; kind: string }>(`SELECT recipient_id, kind FROM alerts WHERE dedupe_key = $1`, [key]);

    // Before the deadline nothing happens.
    await watcher.run(t.clock.now());
    expect(await alertsOf(`referral_overdue:${referral.id}`)).toEqual([]);

    // 73 hours later: overdue (72 h for legal aid), not yet escalated (24 h more); the task is overdue too.
    const later = new Date(t.clock.nowMs() + 73 * 3600_000);
    await Promise.all([watcher.run(later), watcher.run(later), watcher.run(later)]);
    await watcher.run(later);
    const [caseWorkerRow] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'caseworker.almaty@mayak.test'`);
    expect(await alertsOf(`referral_overdue:${referral.id}`)).toEqual([{ recipient_id: caseWorkerRow.id, kind: 'referral_overdue' }]);
    expect(await alertsOf(`referral_escalated:${referral.id}`)).toEqual([]);
    expect(await alertsOf(`task_overdue:${task.id}`)).toHaveLength(1);

    // A day after that: the office's supervisors are told, once each.
    const escalation = new Date(t.clock.nowMs() + 97 * 3600_000);
    await Promise.all([watcher.run(escalation), watcher.run(escalation)]);
    const escalated = await alertsOf(`referral_escalated:${referral.id}`);
    const [supervisorRow] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'supervisor.almaty@mayak.test'`);
    expect(escalated).toEqual([{ recipient_id: supervisorRow.id, kind: 'referral_escalated' }]);
    const inbox = await caseWorker.api.GET('/api/v1/alerts', { params: { query: { state: 'unread' } } });
    expect(inbox.data!.items.filter((a) => a.kind === 'referral_overdue' && (a.data as { referralId: string }).referralId === referral.id)).toHaveLength(1);

    // An answered referral is no longer watched.
    const [answered] = (
      await refer(c.id, { targets: [{ organisationId: orgs[SHELTER], serviceType: 'shelter' }], sharedSummary: 'Ночёвка на двое суток', send: true })
    ).data!;
    await partner.api.POST('/api/v1/partner/referrals/{id}/status', {
      params: { path: { id: answered.id } },
      body: { version: answered.version, status: 'accepted' },
    });
    await watcher.run(new Date(t.clock.nowMs() + 200 * 3600_000));
    expect(await alertsOf(`referral_overdue:${answered.id}`)).toEqual([]);
  });

  it('flags a case with no activity once per quiet spell', async () => {
    const c = await caseReadyForReferral({ consent: false });
    const watcher = t.app.get(DeadlineWatcher);
    const staleKeys = async () =>
      (await t.db.query<{ dedupe_key: string }>(`SELECT dedupe_key FROM alerts WHERE kind = 'case_stale' AND entity_id = $1`, [c.id])).map((a) => a.dedupe_key);
    const in15days = new Date(t.clock.nowMs() + 15 * 86400_000);
    await watcher.run(in15days);
    await watcher.run(in15days);
    expect(await staleKeys()).toHaveLength(1);
    // New activity, then another quiet spell: one more alert.
    await t.db.query(`UPDATE cases SET last_activity_at = $2 WHERE id = $1`, [c.id, new Date(t.clock.nowMs() + 16 * 86400_000)]);
    await watcher.run(new Date(t.clock.nowMs() + 31 * 86400_000));
    await watcher.run(new Date(t.clock.nowMs() + 31 * 86400_000));
    expect(await staleKeys()).toHaveLength(2);
  });

  it('creates partner accounts only with an organisation', async () => {
    const [almaty] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'ALA'`);
    const base = {
      email: 'partner2@example.kz',
      displayName: 'Партнёр',
      password: 'a-long-partner-passphrase',
      roles: ['partner' as const],
      officeIds: [almaty.id],
    };
    expect((await admin.api.POST('/api/v1/users', { body: base })).error).toMatchObject({ errors: [{ field: 'organisationId', code: 'required' }] });
    expect((await admin.api.POST('/api/v1/users', { body: { ...base, organisationId: '7d1f7c36-0f6b-4d0e-9f53-2b1b5c0e9f00' } })).error).toMatchObject({
      errors: [{ field: 'organisationId', code: 'unknown_organisation' }],
    });
    const created = await admin.api.POST('/api/v1/users', { body: { ...base, organisationId: orgs[LEGAL] } });
    expect(created.data).toMatchObject({ roles: ['partner'], organisationId: orgs[LEGAL] });
  });
});
