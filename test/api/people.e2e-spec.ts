import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

/** The person page's reads over HTTP: suggested duplicates, and a person's contacts and cases. */
describe("people: duplicates and a person's records", () => {
  let t: TestApp;
  let operator: TestClient;
  let caseWorker: TestClient;
  let astanaSupervisor: TestClient;
  let astanaOperator: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    astanaSupervisor = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    astanaOperator = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
  });
  afterAll(async () => t.close());

  type Identifier = { kind: 'phone' | 'document'; value: string };
  const record = async (client: TestClient, name: string | null, identifiers: Identifier[] = []) => {
    const created = await client.api.POST('/api/v1/people', { body: { ...(name ? { name } : { gender: 'Masculine' }), identifiers } });
    if (!created.data) throw new Error(JSON.stringify(created.error));
    return created.data;
  };
  const duplicatesOf = async (client: TestClient, id: string, limit?: number) =>
    client.api.GET('/api/v1/people/{id}/duplicates', { params: { path: { id }, query: limit ? { limit } : {} } });

  it('suggests records with the same number, another same identifier or the same name, as far as the reader may see them', async () => {
    const phone = '+7 705 321 00 11';
    const person = await record(caseWorker, 'Ерлан Оспанов', [{ kind: 'phone', value: phone }]);
    const sameNumber = await record(caseWorker, 'Другой Человек', [{ kind: 'phone', value: '8 705 321 00 11' }]);
    const sameName = await record(caseWorker, 'Erlan Ospanov Bolatovich', [{ kind: 'phone', value: '+7 705 321 00 99' }]);
    const sameDocument = await record(caseWorker, null, [{ kind: 'document', value: 'N 555 111' }]);
    await caseWorker.api.POST('/api/v1/people/{id}/identifiers', { params: { path: { id: person.id } }, body: { kind: 'document', value: 'n 555 111' } });
    const surnameOnly = await record(caseWorker, 'Оспанов');
    const stranger = await record(caseWorker, 'Ерлан Ахметов');
    // Another office's record with the same number is not this reader's to see.
    const astana = await record(astanaSupervisor, 'Ерлан Оспанов', [{ kind: 'phone', value: phone }]);

    const found = await duplicatesOf(caseWorker, person.id);
    expect(found.response.status).toBe(200);
    const byId = new Map(found.data!.items.map((item) => [item.person.id, item.matchedBy]));
    expect(Object.fromEntries(byId)).toEqual({ [sameNumber.id]: ['phone'], [sameDocument.id]: ['identifier'], [sameName.id]: ['name'] });
    // Identifier matches come first.
    expect(found.data!.items.map((item) => item.person.id).slice(-1)).toEqual([sameName.id]);
    for (const id of [surnameOnly.id, stranger.id, astana.id, person.id]) expect(byId.has(id)).toBe(false);
    expect(found.data!.items.find((item) => item.person.id === sameNumber.id)!.person).toMatchObject({ name: 'Другой Человек', masked: false });

    // The other way round: the longer name holds every word of the shorter one.
    expect((await duplicatesOf(caseWorker, sameName.id)).data!.items.map((item) => item.person.id)).toContain(person.id);
    // Bounded.
    expect((await duplicatesOf(caseWorker, person.id, 1)).data!.items).toHaveLength(1);
    expect((await duplicatesOf(caseWorker, person.id, 21)).response.status).toBe(400);
    const audited = await t.db.query<{ summary: { by: string; returned: number } }>(
      `SELECT summary FROM audit_log WHERE action = 'people.searched' AND entity_id = $1`,
      [person.id],
    );
    expect(audited.map((a) => a.summary)).toEqual(expect.arrayContaining([{ by: 'duplicates', returned: 3 }]));

    // Astana sees its own record's duplicates only, and not Almaty's record at all.
    expect((await duplicatesOf(astanaSupervisor, astana.id)).data!.items.map((item) => item.person.id)).toEqual([]);
    for (const client of [astanaSupervisor, astanaOperator]) {
      const refused = await duplicatesOf(client, person.id);
      expect(refused.response.status).toBe(404);
      expect(JSON.stringify(refused.error)).not.toMatch(/Оспанов|Ospanov/);
    }

    // A record merged away is no longer suggested.
    const merged = await caseWorker.api.POST('/api/v1/people/{id}/merge', {
      params: { path: { id: person.id } },
      body: { duplicateId: sameNumber.id, reason: 'Один и тот же человек' },
    });
    expect(merged.response.status).toBe(200);
    expect((await duplicatesOf(caseWorker, person.id)).data!.items.map((item) => item.person.id)).not.toContain(sameNumber.id);
  });

  it('finds people by a document number or another identifier typed whole, besides names and numbers', async () => {
    const person = await record(caseWorker, 'Гаухар Бекова', [{ kind: 'document', value: 'KZ 0099 1234' }]);
    const search = async (q: string) => (await caseWorker.api.GET('/api/v1/people', { params: { query: { q } } })).data!.items.map((p) => p.id);
    expect(await search('kz 0099 1234')).toContain(person.id);
    expect(await search('Gaukhar Bekova')).toContain(person.id);
    expect(await search('KZ 0099')).not.toContain(person.id);
    expect(await search('0099 1234')).not.toContain(person.id);
  });

  it('masks the suggestions for a reader without identifiers.view', async () => {
    const person = await record(operator, 'Жанар Садыкова', [{ kind: 'phone', value: '+7 705 444 22 11' }]);
    const twin = await record(operator, 'Zhanar Sadykova', [{ kind: 'phone', value: '+7 705 444 22 11' }]);
    const found = await duplicatesOf(operator, person.id);
    expect(found.data!.items).toEqual([{ person: expect.objectContaining({ id: twin.id, masked: true, name: 'Z. S.' }), matchedBy: ['phone', 'name'] }]);
    expect(JSON.stringify(found.data)).not.toMatch(/Sadykova|444 22 11|4442211/);
    // Administrators read no people.
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    expect((await duplicatesOf(admin, person.id)).response.status).toBe(403);
  });

  it("lists one person's contacts and cases, within the reader's scope", async () => {
    const person = await record(operator, 'Азамат Нуров', [{ kind: 'phone', value: '+7 705 777 66 55' }]);
    const other = await record(operator, 'Другая Клиентка');
    const first = (await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', personId: person.id, category: 'labour_exploitation' } })).data!;
    const second = (await operator.api.POST('/api/v1/contacts', { body: { channel: 'sms', personId: person.id, category: 'other' } })).data!;
    await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', personId: other.id, category: 'other' } });
    const opened = (
      await operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: first.id } },
        body: { version: first.version, type: 'trafficking', assigneeId: null },
      })
    ).data!;
    const otherCase = (await operator.api.POST('/api/v1/cases', { body: { type: 'other', personId: other.id } })).data!;

    const contacts = await operator.api.GET('/api/v1/contacts', { params: { query: { personId: person.id } } });
    expect(contacts.data!.items.map((k) => k.id).sort()).toEqual([first.id, second.id].sort());
    const cases = await operator.api.GET('/api/v1/cases', { params: { query: { personId: person.id } } });
    expect(cases.data!.items.map((c) => c.id)).toEqual([opened.case.id]);
    expect((await operator.api.GET('/api/v1/cases', { params: { query: { personId: other.id } } })).data!.items.map((c) => c.id)).toEqual([otherCase.id]);
    // Keyset pages work under the filter.
    const page = await operator.api.GET('/api/v1/contacts', { params: { query: { personId: person.id, limit: 1 } } });
    const next = await operator.api.GET('/api/v1/contacts', { params: { query: { personId: person.id, limit: 1, cursor: page.data!.nextCursor! } } });
    expect([...page.data!.items, ...next.data!.items].map((k) => k.id).sort()).toEqual([first.id, second.id].sort());

    // Another office sees none of them, whatever the filter says.
    for (const client of [astanaSupervisor, astanaOperator]) {
      expect((await client.api.GET('/api/v1/contacts', { params: { query: { personId: person.id } } })).data!.items).toEqual([]);
      expect((await client.api.GET('/api/v1/cases', { params: { query: { personId: person.id } } })).data!.items).toEqual([]);
    }
    const bad = await operator.api.GET('/api/v1/contacts', { params: { query: { personId: 'not-a-uuid' } } });
    expect(bad.response.status).toBe(400);
    expect((await operator.api.GET('/api/v1/cases', { params: { query: { personId: 'not-a-uuid' } } })).response.status).toBe(400);
  });
});
