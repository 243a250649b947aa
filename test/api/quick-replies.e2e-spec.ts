import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

describe('quick replies: canned answers per office and language', () => {
  let t: TestApp;
  let supervisor: TestClient;
  let operator: TestClient;
  let astana: TestClient;
  let almatyId: string;
  let astanaId: string;
  const count = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM quick_replies`))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    [{ id: almatyId }] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE name = 'Almaty'`);
    [{ id: astanaId }] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE name = 'Astana'`);
  });
  afterAll(async () => t.close());

  it('lets a supervisor keep replies per language, and operators of the office find them', async () => {
    const created = await supervisor.api.POST('/api/v1/quick-replies', {
      body: { officeId: almatyId, language: 'ru', title: '  Регистрация  ', body: 'Встать на учёт нужно в течение 3 рабочих дней.' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ officeId: almatyId, language: 'ru', title: 'Регистрация', version: 1 });
    await supervisor.api.POST('/api/v1/quick-replies', {
      body: { officeId: almatyId, language: 'kk', title: 'Тіркеу', body: 'Келгеннен кейін 3 жұмыс күні ішінде тіркелу керек.' },
    });
    await supervisor.api.POST('/api/v1/quick-replies', {
      body: { officeId: almatyId, language: 'ru', title: 'Часы работы', body: 'Линия работает круглосуточно.' },
    });
    const all = (await operator.api.GET('/api/v1/quick-replies')).data!;
    expect(all.items.map((r) => r.title)).toEqual(['Тіркеу', 'Регистрация', 'Часы работы']);
    const russian = (await operator.api.GET('/api/v1/quick-replies', { params: { query: { language: 'ru', q: 'кругл' } } })).data!;
    expect(russian.items.map((r) => r.title)).toEqual(['Часы работы']);
    // Literal search: % and _ are not wildcards.
    expect((await operator.api.GET('/api/v1/quick-replies', { params: { query: { q: '%' } } })).data!.items).toEqual([]);
    const [audit] = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1`, [created.data!.id]);
    expect(audit.action).toBe('messaging.quick_reply_created');
  });

  it('edits with the version it was read at, and keeps titles unique per office and language', async () => {
    const [reply] = (await supervisor.api.GET('/api/v1/quick-replies', { params: { query: { q: 'Часы' } } })).data!.items;
    const edited = await supervisor.api.PATCH('/api/v1/quick-replies/{id}', {
      params: { path: { id: reply.id } },
      body: { version: reply.version, body: 'Линия 11616 работает круглосуточно и бесплатно.' },
    });
    expect(edited.data).toMatchObject({ version: 2, body: 'Линия 11616 работает круглосуточно и бесплатно.' });
    const stale = await supervisor.api.PATCH('/api/v1/quick-replies/{id}', {
      params: { path: { id: reply.id } },
      body: { version: reply.version, body: 'lost update' },
    });
    expect(stale.response.status).toBe(409);
    const before = await count();
    const duplicate = await supervisor.api.POST('/api/v1/quick-replies', { body: { officeId: almatyId, language: 'ru', title: 'Регистрация', body: 'again' } });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error).toMatchObject({ code: 'conflict', errors: [{ field: 'title', code: 'title_taken' }] });
    expect(await count()).toBe(before);
    // The same title in another language is another reply.
    expect(
      (
        await supervisor.api.POST('/api/v1/quick-replies', {
          body: { officeId: almatyId, language: 'en', title: 'Регистрация', body: 'Register within 3 working days.' },
        })
      ).response.status,
    ).toBe(201);
  });

  it.each([
    ['a title too long', { title: 'x'.repeat(81), body: 'ok', language: 'ru' }],
    ['an empty body', { title: 'ok', body: '   ', language: 'ru' }],
    ['a body longer than one reply may be', { title: 'ok', body: 'x'.repeat(1001), language: 'ru' }],
    ['a language the line does not take', { title: 'ok', body: 'ok', language: 'de' }],
  ])('refuses %s (400) and stores nothing', async (_label, fields) => {
    const before = await count();
    const refused = await supervisor.api.POST('/api/v1/quick-replies', { body: { officeId: almatyId, ...fields } as never });
    expect(refused.response.status).toBe(400);
    expect(refused.response.headers.get('content-type')).toContain('application/problem+json');
    expect(await count()).toBe(before);
  });

  it('lets operators read but not keep them, and keeps each office to its own', async () => {
    const before = await count();
    expect(
      (await operator.api.POST('/api/v1/quick-replies', { body: { officeId: almatyId, language: 'ru', title: 'Мой ответ', body: 'x' } })).response.status,
    ).toBe(403);
    expect((await astana.api.GET('/api/v1/quick-replies')).data!.items).toEqual([]);
    expect((await astana.api.GET('/api/v1/quick-replies', { params: { query: { officeId: almatyId } } })).data!.items).toEqual([]);
    expect((await astana.api.POST('/api/v1/quick-replies', { body: { officeId: almatyId, language: 'ru', title: 'Чужой', body: 'x' } })).response.status).toBe(
      404,
    );
    const [almatyReply] = (await supervisor.api.GET('/api/v1/quick-replies')).data!.items;
    expect(
      (
        await astana.api.PATCH('/api/v1/quick-replies/{id}', {
          params: { path: { id: almatyReply.id } },
          body: { version: almatyReply.version, body: 'changed' },
        })
      ).response.status,
    ).toBe(404);
    expect((await astana.api.DELETE('/api/v1/quick-replies/{id}', { params: { path: { id: almatyReply.id } } })).response.status).toBe(404);
    expect(await count()).toBe(before);
    expect(
      (await astana.api.POST('/api/v1/quick-replies', { body: { officeId: astanaId, language: 'ru', title: 'Регистрация', body: 'Астана' } })).response.status,
    ).toBe(201);
  });

  it('removes a reply, audited', async () => {
    const [reply] = (await supervisor.api.GET('/api/v1/quick-replies', { params: { query: { language: 'kk' } } })).data!.items;
    expect((await supervisor.api.DELETE('/api/v1/quick-replies/{id}', { params: { path: { id: reply.id } } })).response.status).toBe(204);
    expect(await t.db.query(`SELECT id FROM quick_replies WHERE id = $1`, [reply.id])).toEqual([]);
    expect((await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [reply.id])).map((a) => a.action)).toEqual([
      'messaging.quick_reply_created',
      'messaging.quick_reply_removed',
    ]);
  });
});
