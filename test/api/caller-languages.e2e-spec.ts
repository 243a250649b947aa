import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, HOTLINE, newCallSid, postWebhook, ringIn } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

/** Callers choose among six languages; a call rings first for the operators who speak its language. */
describe('callers’ languages', () => {
  let t: TestApp;
  let admin: TestClient;
  let operator: TestClient;
  let caseWorker: TestClient;
  const ids: Record<string, string> = {};
  const callOf = async (sid: string) =>
    (await t.db.query<{ id: string; language: string }>(`SELECT id, language FROM telephony_calls WHERE call_sid = $1`, [sid]))[0];
  const liveCall = async (id: string) => (await operator.api.GET('/api/v1/telephony/calls/{id}', { params: { path: { id } } })).data!;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false', TELEPHONY_LANGUAGE_FIRST_SECONDS: '20' });
    for (const row of await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)) ids[row.email] = row.id;
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
  });
  afterAll(async () => t.close());

  it('offers Russian, Kazakh, English, Uzbek, Tajik and Kyrgyz, each in its own language with its own key', async () => {
    const menu = await (
      await postWebhook(t.baseUrl, PUBLIC_URL, '/voice', {
        CallSid: newCallSid(),
        AccountSid: ACCOUNT_SID,
        From: '+77011114000',
        To: HOTLINE,
        CallStatus: 'ringing',
      })
    ).text();
    for (const offer of ['нажмите 1', '2-ні басыңыз', 'press 3', 'учун 4 ни босинг', 'тоҷикӣ 5-ро пахш кунед', 'үчүн 6 баскычын'])
      expect(menu).toContain(offer);
    expect((await callOf(await ringIn(t.baseUrl, PUBLIC_URL, '+77011114001', '5'))).language).toBe('tg');
    expect((await callOf(await ringIn(t.baseUrl, PUBLIC_URL, '+77011114002', '4'))).language).toBe('uz');
    expect((await callOf(await ringIn(t.baseUrl, PUBLIC_URL, '+77011114003', '6'))).language).toBe('ky');
  });

  it('keeps the languages each person speaks: set by an administrator or by themselves, and only the menu’s', async () => {
    const user = (await admin.api.GET('/api/v1/users/{id}', { params: { path: { id: ids['operator.almaty@mayak.test'] } } })).data!;
    expect(user.languages).toEqual([]);
    const set = await admin.api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { version: user.version, languages: ['ru', 'tg'] } });
    expect(set.data?.languages).toEqual(['ru', 'tg']);
    const refused = await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: user.id } },
      body: { version: set.data!.version, languages: ['ru', 'fr'] } as never,
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ errors: [expect.objectContaining({ field: 'languages' })] });
    const mine = await caseWorker.api.PATCH('/api/v1/auth/me', { body: { languages: ['ru', 'kk'] } });
    expect(mine.data?.user.languages).toEqual(['ru', 'kk']);
    caseWorker.csrfToken = mine.data!.csrfToken;
  });

  it('rings a Tajik caller first for the operator who speaks Tajik, and for everyone after a while', async () => {
    for (const client of [operator, caseWorker])
      expect((await client.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
    const tajik = await callOf(await ringIn(t.baseUrl, PUBLIC_URL, '+77011114010', '5'));
    const waiting = await liveCall(tajik.id);
    expect(waiting.language).toBe('tg');
    expect(Date.parse(waiting.ringsEveryoneAt!) - Date.parse(waiting.queuedAt!)).toBe(20_000);
    // Nobody available speaks Kyrgyz: that call rings for everyone at once.
    const kyrgyz = await callOf(await ringIn(t.baseUrl, PUBLIC_URL, '+77011114011', '6'));
    expect((await liveCall(kyrgyz.id)).ringsEveryoneAt).toBeNull();
    // The Tajik speaker steps away: the Tajik call rings for everyone.
    expect((await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'away' } })).response.status).toBe(200);
    expect((await liveCall(tajik.id)).ringsEveryoneAt).toBeNull();
  });
});
