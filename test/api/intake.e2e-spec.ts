import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

/** Contacts, people and repeat callers over HTTP, against real Postgres. */
describe('contact intake and people', () => {
  let t: TestApp;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  let astanaOperator: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    astanaOperator = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
  });
  afterAll(async () => t.close());

  const count = async (table: string) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('logs a contact, stores the number encrypted and hashed, and masks it for an operator', async () => {
    const created = await operator.api.POST('/api/v1/contacts', {
      body: {
        channel: 'voice',
        phone: '8 (701) 234-56-78',
        language: 'ru',
        callerType: 'relative',
        category: 'missing_person',
        notes: 'Сестра уехала в Москву на заработки и пропала',
        consentToContactBack: true,
        safeContactTimes: 'после 19:00',
        safeContactMethod: 'sms',
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      status: 'in_progress',
      channel: 'voice',
      direction: 'inbound',
      riskLevel: 'none',
      critical: false,
      phone: '+7 701 ••• •• 78',
      masked: true,
      version: 1,
      caseId: null,
    });
    const [row] = await t.db.query<Record<string, unknown>>(`SELECT * FROM contacts WHERE id = $1`, [created.data!.id]);
    const raw = JSON.stringify(row);
    expect(raw).not.toMatch(/7012345678|701 234|234-56-78/);
    // Bound to its row: v2.<key id>.iv.tag.ciphertext.
    expect(row.phone_encrypted).toMatch(/^v2\.dev\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(row.phone_hash).toEqual(expect.any(String));

    // A case worker (who may view identifiers) reads the same number in full only through a case; the operator reveals it with a reason.
    const revealed = await operator.api.POST('/api/v1/contacts/{id}/reveal', {
      params: { path: { id: created.data!.id } },
      body: { reason: 'Обратный звонок по просьбе абонента' },
    });
    expect(revealed.data).toEqual({ phone: '+77012345678' });
    const [audit] = await t.db.query<{ summary: { reason: string } }>(
      `SELECT summary FROM audit_log WHERE action = 'identifiers.revealed' AND entity_id = $1`,
      [created.data!.id],
    );
    expect(audit.summary.reason).toBe('Обратный звонок по просьбе абонента');
  });

  it('answers a new contact exactly as it reads back, however many are logged at the same moment', async () => {
    await operator.api.POST('/api/v1/people/caller-flags', { body: { phone: '+77015550101', kind: 'at_risk', reason: 'Звонит из-под контроля' } });
    const bodies = Array.from(
      { length: 12 },
      (_, i) =>
        ({
          channel: i % 2 ? 'sms' : 'voice',
          phone: i % 3 ? `+7701555${String(100 + i).padStart(4, '0')}` : '+77015550101',
          category: 'migration_law_information',
          notes: `Одновременный звонок ${i}`,
        }) as const,
    );
    const created = await Promise.all(bodies.map((body) => operator.api.POST('/api/v1/contacts', { body })));
    expect(created.map((c) => c.response.status)).toEqual(bodies.map(() => 201));
    for (const [i, c] of created.entries()) {
      const read = await operator.api.GET('/api/v1/contacts/{id}', { params: { path: { id: c.data!.id } } });
      expect(c.data).toEqual(read.data);
      expect(c.data).toMatchObject({ notes: bodies[i].notes, channel: bodies[i].channel, operator: { displayName: expect.not.stringMatching(/^—$/) } });
      expect(c.data!.flags.map((f) => f.kind)).toEqual(bodies[i].phone === '+77015550101' ? ['at_risk'] : []);
    }
    const audited = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'contacts.created' AND entity_id = ANY($1)`, [
      created.map((c) => c.data!.id),
    ]);
    expect(audited[0].n).toBe(12);
  });

  it('refuses unknown codes, malformed numbers, oversized notes and wrong types, writing nothing', async () => {
    const before = await count('contacts');
    const bad = [
      { channel: 'pigeon' },
      { channel: 'voice', category: 'gossip' },
      { channel: 'voice', phone: '12' },
      { channel: 'voice', phone: 'call me maybe' },
      { channel: 'voice', notes: 'x'.repeat(10_001) },
      { channel: 'voice', consentToRecord: 'yes' },
      { channel: 'voice', riskLevel: 3 },
      { channel: 'voice', operatorId: '7d1f7c36-0f6b-4d0e-9f53-2b1b5c0e9f00' },
    ];
    for (const body of bad) {
      const result = await operator.api.POST('/api/v1/contacts', { body: body as never });
      expect(result.response.status).toBe(400);
      expect(result.response.headers.get('content-type')).toContain('application/problem+json');
      expect((result.error as unknown as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    }
    const phone = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: '+7 000 000' } });
    expect(phone.error).toMatchObject({ code: 'validation_failed', errors: [{ field: 'phone', code: 'invalid_phone' }] });
    expect(await count('contacts')).toBe(before);
  });

  it('updates only while in progress, with optimistic locking, and completes with duration', async () => {
    const started = new Date(t.clock.nowMs() - 90_000).toISOString();
    const created = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', startedAt: started } });
    const id = created.data!.id;
    const noCategory = await operator.api.POST('/api/v1/contacts/{id}/complete', { params: { path: { id } }, body: { version: 1 } });
    expect(noCategory.error).toMatchObject({ code: 'validation_failed', errors: [{ field: 'category' }] });
    const updated = await operator.api.PATCH('/api/v1/contacts/{id}', {
      params: { path: { id } },
      body: { version: 1, category: 'documents_and_registration', callerType: 'migrant_seeking_information', notes: 'Работодатель забрал паспорт' },
    });
    expect(updated.data).toMatchObject({ version: 2, category: 'documents_and_registration' });
    const stale = await operator.api.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body: { version: 1, notes: 'lost update' } });
    expect(stale.response.status).toBe(409);
    const done = await operator.api.POST('/api/v1/contacts/{id}/complete', { params: { path: { id } }, body: { version: 2 } });
    expect(done.data).toMatchObject({ status: 'completed', version: 3 });
    expect(done.data!.durationSeconds).toBeGreaterThanOrEqual(89);
    const late = await operator.api.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body: { version: 3, notes: 'after the fact' } });
    expect(late.response.status).toBe(409);
    expect(late.error).toMatchObject({ code: 'contact_completed' });
    const other = await caseWorker.api.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body: { version: 3, notes: 'not mine' } });
    expect(other.response.status).toBe(404);
  });

  it('a high-risk contact is critical, alerts the office supervisors once, and makes its case critical', async () => {
    const alertsBefore = (await supervisor.api.GET('/api/v1/alerts', { params: { query: { state: 'unread' } } })).data!.unread;
    const created = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', category: 'trafficking_report', riskLevel: 'immediate_danger', notes: 'Звонит из закрытого цеха, паспорт отобрали' },
    });
    expect(created.data).toMatchObject({ critical: true });
    const id = created.data!.id;
    const alerts = await supervisor.api.GET('/api/v1/alerts', { params: { query: { state: 'unread' } } });
    expect(alerts.data!.unread).toBe(alertsBefore + 1);
    expect(alerts.data!.items[0]).toMatchObject({ kind: 'critical_contact', entityType: 'contact', entityId: id });
    expect(JSON.stringify(alerts.data)).not.toContain('паспорт');
    // Astana's supervisor is not told about Almaty's calls.
    const astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    expect((await astana.api.GET('/api/v1/alerts')).data!.items.some((a) => a.entityId === id)).toBe(false);

    const opened = await operator.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id } },
      body: { version: 1, type: 'trafficking', priority: 'low' },
    });
    expect(opened.response.status).toBe(201);
    expect(opened.data!.case).toMatchObject({ priority: 'critical', status: 'new', category: 'trafficking_report' });
    expect(opened.data!.case.reference).toMatch(/^11616-\d{4}-\d{6}$/);
    expect(opened.data!.contact.caseId).toBe(opened.data!.case.id);
    // Still one alert for the one critical call; the case made from it is critical too.
    const after = await supervisor.api.GET('/api/v1/alerts', { params: { query: { state: 'unread' } } });
    expect(after.data!.unread).toBe(alertsBefore + 1);
    expect((await supervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: opened.data!.case.id } } })).data).toMatchObject({ priority: 'critical' });
    const read = await supervisor.api.POST('/api/v1/alerts/{id}/read', { params: { path: { id: after.data!.items[0].id } } });
    expect(read.data!.readAt).not.toBeNull();
    // Nobody reads another's alerts.
    expect((await operator.api.POST('/api/v1/alerts/{id}/read', { params: { path: { id: after.data!.items[0].id } } })).response.status).toBe(404);
  });

  it('links a contact to an existing case and puts it on the timeline', async () => {
    const first = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'sms', category: 'labour_exploitation', notes: 'Не платят зарплату третий месяц' },
    });
    const opened = await operator.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id: first.data!.id } },
      body: { version: 1, type: 'labour_exploitation' },
    });
    const caseId = opened.data!.case.id;
    const second = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', category: 'labour_exploitation', notes: 'Перезвонил: работодатель угрожает' },
    });
    const linked = await operator.api.POST('/api/v1/contacts/{id}/case', { params: { path: { id: second.data!.id } }, body: { version: 1, caseId } });
    expect(linked.data).toMatchObject({ caseId, caseReference: opened.data!.case.reference });
    const timeline = await operator.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: caseId } } });
    const kinds = timeline.data!.items.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['created', 'contact_linked']));
    expect(timeline.data!.items.find((e) => e.kind === 'contact_linked')!.contact).toMatchObject({
      notes: 'Перезвонил: работодатель угрожает',
      channel: 'voice',
    });
    // A case of another office is not one to link to.
    const astanaContact = await astanaOperator.api.POST('/api/v1/contacts', { body: { channel: 'voice' } });
    const foreign = await astanaOperator.api.POST('/api/v1/contacts/{id}/case', {
      params: { path: { id: astanaContact.data!.id } },
      body: { version: 1, caseId },
    });
    expect(foreign.error).toMatchObject({ code: 'validation_failed', errors: [{ field: 'caseId', code: 'unknown_case' }] });
  });

  it('opens or links a case from a contact at any time, completed or not, by whoever may see it', async () => {
    const logged = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', category: 'labour_exploitation', callerType: 'victim', notes: 'Рассказал после звонка: паспорт у работодателя' },
    });
    const completed = await operator.api.POST('/api/v1/contacts/{id}/complete', {
      params: { path: { id: logged.data!.id } },
      body: { version: logged.data!.version },
    });
    expect(completed.data!.status).toBe('completed');
    // A case worker who did not log it does not see it (contacts are need-to-know)...
    expect(
      (
        await caseWorker.api.POST('/api/v1/contacts/{id}/open-case', {
          params: { path: { id: logged.data!.id } },
          body: { version: completed.data!.version, type: 'labour_exploitation' },
        })
      ).response.status,
    ).toBe(404);
    // ...the operator who logged it opens the case after completing it.
    const opened = await operator.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id: logged.data!.id } },
      body: { version: completed.data!.version, type: 'labour_exploitation' },
    });
    expect(opened.response.status).toBe(201);
    expect(opened.data!.contact).toMatchObject({ status: 'completed', caseId: opened.data!.case.id });
    // Another completed contact is linked to it by the office's supervisor.
    const later = await operator.api.POST('/api/v1/contacts', { body: { channel: 'sms', category: 'labour_exploitation', callerType: 'victim' } });
    const laterDone = await operator.api.POST('/api/v1/contacts/{id}/complete', {
      params: { path: { id: later.data!.id } },
      body: { version: later.data!.version },
    });
    const linked = await supervisor.api.POST('/api/v1/contacts/{id}/case', {
      params: { path: { id: later.data!.id } },
      body: { version: laterDone.data!.version, caseId: opened.data!.case.id },
    });
    expect(linked.data).toMatchObject({ caseId: opened.data!.case.id, status: 'completed' });
    // Another office's staff and partners cannot, and a stale version changes nothing.
    const foreign = await astanaOperator.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id: later.data!.id } },
      body: { version: linked.data!.version, type: 'other' },
    });
    expect(foreign.response.status).toBe(404);
    const partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    expect(
      (
        await partner.api.POST('/api/v1/contacts/{id}/open-case', {
          params: { path: { id: later.data!.id } },
          body: { version: linked.data!.version, type: 'other' },
        })
      ).response.status,
    ).toBe(403);
    const other = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'other', callerType: 'victim' } });
    const stale = await operator.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id: other.data!.id } },
      body: { version: other.data!.version + 5, type: 'other' },
    });
    expect(stale.response.status).toBe(409);
    expect((await t.db.query<{ case_id: string | null }>(`SELECT case_id FROM contacts WHERE id = $1`, [other.data!.id]))[0].case_id).toBeNull();
  });

  it('recognises a repeat caller from any spelling of the number, within what the user may see', async () => {
    const a = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', phone: '+7 705 111 22 33', category: 'migration_law_information', notes: 'Как продлить регистрацию' },
    });
    await operator.api.POST('/api/v1/contacts/{id}/open-case', { params: { path: { id: a.data!.id } }, body: { version: 1, type: 'documents_and_status' } });
    await astanaOperator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: '87051112233', category: 'other' } });
    for (const spelling of ['8 705 111 22 33', '+77051112233', '8(705)111-22-33', '007 705 111 2233']) {
      const history = await operator.api.POST('/api/v1/callers/lookup', { body: { phone: spelling } });
      expect(history.response.status).toBe(200);
      expect(history.data!.phone).toBe('+7 705 ••• •• 33');
      expect(history.data!.contacts).toHaveLength(1);
      expect(history.data!.cases).toHaveLength(1);
    }
    // The Astana operator sees only the contact they logged, not Almaty's case.
    const astana = await astanaOperator.api.POST('/api/v1/callers/lookup', { body: { phone: '8 705 111 22 33' } });
    expect(astana.data!.contacts).toHaveLength(1);
    expect(astana.data!.cases).toHaveLength(0);
    const bad = await operator.api.POST('/api/v1/callers/lookup', { body: { phone: 'abc' } });
    expect(bad.response.status).toBe(400);
  });

  it('keeps people encrypted, finds them by Cyrillic or Latin name and by number, masks for operators', async () => {
    const created = await caseWorker.api.POST('/api/v1/people', {
      body: {
        name: 'Айгерим Нурланова',
        gender: 'Feminine',
        birthYear: 1998,
        citizenship: ['KZ'],
        languages: ['kk', 'ru'],
        migrationSituation: 'labour_migrant',
        identifiers: [
          { kind: 'phone', value: '8 777 123 45 67' },
          { kind: 'document', value: 'N12345678' },
          { kind: 'address', value: 'Алматы, ул. Абая 10' },
        ],
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'Айгерим Нурланова', masked: false, ageGroup: expect.any(String) });
    const id = created.data!.id;
    const raw = JSON.stringify(
      await t.db.query(`SELECT p.*, (SELECT json_agg(i) FROM person_identifiers i WHERE i.person_id = p.id) AS ids FROM people p WHERE p.id = $1`, [id]),
    );
    for (const plain of ['Айгерим', 'Нурланова', '7771234567', 'N12345678', 'Абая']) expect(raw).not.toContain(plain);

    for (const q of ['Aigerim', 'айгерим', 'Nurlanova Aygerim', '+7 777 123 45 67']) {
      const found = await caseWorker.api.GET('/api/v1/people', { params: { query: { q } } });
      expect(found.data!.items.map((p) => p.id)).toContain(id);
    }
    expect((await caseWorker.api.GET('/api/v1/people', { params: { query: { q: 'Жанна' } } })).data!.items.map((p) => p.id)).not.toContain(id);

    // The operator does not see a person nobody linked to their work; once linked, the name is masked.
    expect((await operator.api.GET('/api/v1/people/{id}', { params: { path: { id } } })).response.status).toBe(404);
    const contact = await caseWorker.api.POST('/api/v1/contacts', { body: { channel: 'voice', personId: id, category: 'other' } });
    const opened = await caseWorker.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id: contact.data!.id } },
      body: { version: 1, type: 'trafficking', assigneeId: null },
    });
    expect(opened.response.status).toBe(201);
    const asOperator = await operator.api.GET('/api/v1/people/{id}', { params: { path: { id } } });
    expect(asOperator.data).toMatchObject({ name: 'А. Н.', masked: true });
    expect(asOperator.data!.identifiers.find((i) => i.kind === 'phone')!.value).toBe('+7 777 ••• •• 67');
    expect(JSON.stringify(asOperator.data)).not.toMatch(/Айгерим|N12345678|Абая/);
    const cases = await operator.api.GET('/api/v1/cases', { params: { query: { q: 'Айгерим' } } });
    if (!cases.data) throw new Error(JSON.stringify(cases.error));
    expect(cases.data!.items[0]).toMatchObject({ personName: 'А. Н.' });
    const revealed = await operator.api.POST('/api/v1/people/{id}/reveal', { params: { path: { id } }, body: { reason: 'Уточнить имя при обратном звонке' } });
    expect(revealed.data).toMatchObject({ name: 'Айгерим Нурланова', masked: false });
    const tooShort = await operator.api.POST('/api/v1/people/{id}/reveal', { params: { path: { id } }, body: { reason: '' } });
    expect(tooShort.response.status).toBe(400);
    const reads = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action IN ('people.read', 'identifiers.revealed')`, [id]);
    expect(reads.map((r) => r.action)).toEqual(expect.arrayContaining(['people.read', 'identifiers.revealed']));
  });

  it('flags a caller number and a person; the flags follow them until removed or expired', async () => {
    const flag = await operator.api.POST('/api/v1/people/caller-flags', {
      body: { phone: '8 701 999 88 77', kind: 'do_not_call_back', reason: 'Муж контролирует телефон' },
    });
    expect(flag.response.status).toBe(201);
    const contact = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: '+77019998877' } });
    expect(contact.data!.flags).toEqual([expect.objectContaining({ kind: 'do_not_call_back', on: 'phone' })]);
    const lookup = await operator.api.POST('/api/v1/callers/lookup', { body: { phone: '87019998877' } });
    expect(lookup.data!.flags.map((f) => f.kind)).toEqual(['do_not_call_back']);
    const past = await operator.api.POST('/api/v1/people/caller-flags', {
      body: { phone: '87019998877', kind: 'prank', reason: 'test', expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.response.status).toBe(400);
    const removed = await operator.api.POST('/api/v1/people/flags/{flagId}/remove', { params: { path: { flagId: flag.data!.id } } });
    expect(removed.response.status).toBe(204);
    expect((await operator.api.POST('/api/v1/callers/lookup', { body: { phone: '87019998877' } })).data!.flags).toEqual([]);
  });

  it('merges a duplicate person (audited) and lets an administrator undo it', async () => {
    const make = async (name: string, phone: string) =>
      (await caseWorker.api.POST('/api/v1/people', { body: { name, identifiers: [{ kind: 'phone', value: phone }] } })).data!;
    const survivor = await make('Бахтияр Сейткали', '+7 702 555 44 33');
    const duplicate = await make('Bakhtiyar Seitkali', '+7 702 555 44 34');
    const contact = await caseWorker.api.POST('/api/v1/contacts', { body: { channel: 'voice', personId: duplicate.id } });
    const merged = await caseWorker.api.POST('/api/v1/people/{id}/merge', {
      params: { path: { id: survivor.id } },
      body: { duplicateId: duplicate.id, reason: 'Один и тот же клиент, две записи' },
    });
    expect(merged.response.status).toBe(200);
    expect(merged.data!.identifiers).toHaveLength(2);
    expect((await caseWorker.api.GET('/api/v1/contacts/{id}', { params: { path: { id: contact.data!.id } } })).data!.personId).toBe(survivor.id);
    expect((await caseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: duplicate.id } } })).data!.mergedIntoId).toBe(survivor.id);
    const again = await caseWorker.api.POST('/api/v1/people/{id}/merge', {
      params: { path: { id: survivor.id } },
      body: { duplicateId: duplicate.id, reason: 'ещё раз' },
    });
    expect(again.error).toMatchObject({ code: 'already_merged' });
    expect(
      (
        await operator.api.POST('/api/v1/people/{id}/merge', {
          params: { path: { id: survivor.id } },
          body: { duplicateId: duplicate.id, reason: 'operators cannot' },
        })
      ).response.status,
    ).toBe(403);

    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const merges = await admin.api.GET('/api/v1/people/merges');
    const merge = merges.data!.items.find((x) => x.mergedId === duplicate.id)!;
    expect(merge.movedCount).toBe(2);
    expect((await caseWorker.api.POST('/api/v1/people/merges/{mergeId}/undo', { params: { path: { mergeId: merge.id } } })).response.status).toBe(403);
    const undone = await admin.api.POST('/api/v1/people/merges/{mergeId}/undo', { params: { path: { mergeId: merge.id } } });
    expect(undone.data!.undoneAt).not.toBeNull();
    expect((await caseWorker.api.GET('/api/v1/contacts/{id}', { params: { path: { id: contact.data!.id } } })).data!.personId).toBe(duplicate.id);
    expect((await caseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: survivor.id } } })).data!.identifiers).toHaveLength(1);
    expect((await admin.api.POST('/api/v1/people/merges/{mergeId}/undo', { params: { path: { mergeId: merge.id } } })).error).toMatchObject({
      code: 'merge_not_reversible',
    });
    const actions = (await t.db.query(`SELECT action FROM audit_log WHERE action LIKE 'people.merge%'`)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['people.merged', 'people.merge_undone']));
  });

  it('lists my contacts with filters and keyset pages, and searches notes in Russian and English', async () => {
    for (let i = 0; i < 5; i += 1) {
      await caseWorker.api.POST('/api/v1/contacts', {
        body: {
          channel: 'webchat',
          category: 'safe_travel_and_job_offers',
          notes: i % 2 ? 'Job offer in Dubai, asked to pay for the visa' : 'Предлагают работу в Корее, просят оплатить билеты',
          startedAt: new Date(t.clock.nowMs() - i * 60_000).toISOString(),
        },
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pageNo = 0; pageNo < 5; pageNo += 1) {
      const page = await caseWorker.api.GET('/api/v1/contacts', { params: { query: { category: 'safe_travel_and_job_offers', limit: 2, cursor } } });
      seen.push(...page.data!.items.map((c) => c.id));
      cursor = page.data!.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await caseWorker.api.GET('/api/v1/contacts', { params: { query: { q: 'работы' } } })).data!.items).toHaveLength(3);
    expect((await caseWorker.api.GET('/api/v1/contacts', { params: { query: { q: 'offers visas' } } })).data!.items).toHaveLength(2);
    expect((await caseWorker.api.GET('/api/v1/contacts', { params: { query: { cursor: 'not-a-cursor' } } })).response.status).toBe(400);
    // An operator does not list a case worker's contacts; their supervisor does.
    expect((await operator.api.GET('/api/v1/contacts', { params: { query: { category: 'safe_travel_and_job_offers' } } })).data!.items).toHaveLength(0);
    expect((await supervisor.api.GET('/api/v1/contacts', { params: { query: { category: 'safe_travel_and_job_offers' } } })).data!.items).toHaveLength(5);
  });
});
