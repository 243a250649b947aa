import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CTDC_COLUMNS, HTCDS_EXPORT_COLUMNS } from '@mayak/domain';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

/** Parses the export's CSV (no quoted commas occur in coded values, but quotes are honoured). */
function parseCsv(text: string): Record<string, string>[] {
  const lines = text.trim().split('\r\n');
  const split = (line: string) =>
    (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).slice(0, -1).map((c) =>
      c
        .replace(/,$/, '')
        .replace(/^"(.*)"$/, '$1')
        .replace(/""/g, '"'),
    );
  const header = split(lines[0]);
  return lines.slice(1).map((line) => Object.fromEntries(split(line).map((v, i) => [header[i], v])));
}

const referenceColumns = readFileSync(join(__dirname, '../../docs/standards/ctdc-2024-export.md'), 'utf8')
  .split('\n')
  .map((l) => /^\| (\d+) \| (\w+) \|/.exec(l))
  .filter((m): m is RegExpExecArray => !!m)
  .map((m) => m[2]);

describe('anonymised case exports (CTDC, HTCDS)', () => {
  let t: TestApp;
  let supervisor: TestClient;
  const K = 11; // CTDC's threshold, the smallest any installation allows

  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    // 480 trafficking cases in Almaty and 30 in Astana: common profiles and a few rare ones (which must not leave as they are).
    // Every 16th Almaty client gave no consent to statistics (30 cases), and one withdrew it: those 31 never leave.
    const [almaty] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'ALA'`);
    const [astana] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'AST'`);
    const [author] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'supervisor.almaty@mayak.test'`);
    await t.db.query(
      `WITH src AS (
         SELECT n, CASE WHEN n <= 480 THEN $1::uuid ELSE $2::uuid END AS office,
                CASE WHEN n % 3 = 0 THEN 'Feminine' ELSE 'Masculine' END AS gender,
                CASE WHEN n = 7 THEN 'TransgenderFeminine' ELSE NULL END AS rare_gender,
                1980 + (n % 4) * 5 AS birth_year,
                CASE WHEN n % 10 = 0 THEN ARRAY['TJ'] WHEN n = 13 THEN ARRAY['NP'] ELSE ARRAY['UZ'] END AS citizenship,
                CASE WHEN n % 3 = 0 THEN ARRAY['SexualExploitation'] ELSE ARRAY['ForcedLabour'] END AS exploitation
           FROM generate_series(1, 510) AS n
       ), people AS (
         INSERT INTO people (office_id, created_by_id, gender, birth_year, citizenship)
         SELECT office, $3, COALESCE(rare_gender, gender), birth_year, citizenship FROM src ORDER BY n RETURNING id, office_id
       ), numbered AS (SELECT id, office_id, row_number() OVER () AS n FROM people)
       INSERT INTO cases (office_id, created_by_id, last_activity_at, reference, type, person_id, trafficking_status, exploitation_types, control_methods, created_at)
       SELECT p.office_id, $3, mayak_now(), 'EXP-2026-' || lpad(p.n::text, 6, '0'), 'trafficking', p.id, 'PossibleVictimOfTrafficking', s.exploitation,
              ARRAY['WithholdsDocuments', 'TakesEarnings'], '2026-06-01'::timestamptz + (p.n || ' hours')::interval
         FROM numbered p JOIN src s ON s.n = p.n`,
      [almaty.id, astana.id, author.id],
    );
    await t.db.query(
      `INSERT INTO case_consents (case_id, purpose, channel, given_at, recorded_by_id, withdrawn_at, withdrawn_by_id)
       SELECT c.id, 'statistics', 'verbal_on_call', c.created_at, $1, CASE WHEN c.reference = 'EXP-2026-000001' THEN c.created_at + interval '1 day' END,
              CASE WHEN c.reference = 'EXP-2026-000001' THEN $1::uuid END
         FROM cases c WHERE c.reference LIKE 'EXP-2026-%' AND (substr(c.reference, 10)::int % 16 <> 0 OR substr(c.reference, 10)::int > 480)`,
      [author.id],
    );
  });
  afterAll(async () => t.close());

  const get = async (client: TestClient, path: string) => {
    const response = await fetch(`${t.baseUrl}${path}`, { headers: { cookie: `mayak_session=${client.jar.get('mayak_session')}` } });
    return { response, text: await response.text() };
  };

  it('sends the CTDC shape: the 27 reference variables in order, binary as 1 or empty, alpha-3 countries, codebook bands', async () => {
    const { response, text } = await get(supervisor, `/api/v1/exports/cases/ctdc?from=2026-01-01&to=2027-01-01&k=${K}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toContain('mayak-ctdc-2026-01-01-2027-01-01.csv');
    expect(referenceColumns).toHaveLength(27);
    expect([...CTDC_COLUMNS]).toEqual(referenceColumns);
    expect(text.split('\r\n')[0]).toBe(referenceColumns.join(','));
    const rows = parseCsv(text);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const column of ['meansDebtBondageEarnings', 'meansThreats', 'meansAbusePsyPhySex', 'isForcedLabour', 'isSexualExploit', 'meansWithholdDocs'])
        expect(['1', '']).toContain(row[column]);
      if (row.citizenship) expect(row.citizenship).toMatch(/^[A-Z]{3}$/);
      expect(row.yearOfRegistration).toBe('2026');
    }
    expect(
      rows.some((r) => r.citizenship === 'UZB' && r.CountryOfExploitation === 'KAZ' && r.meansDebtBondageEarnings === '1' && r.isForcedLabour === '1'),
    ).toBe(true);
    expect(rows.every((r) => ['', '0–8', '9–17', '18–20', '21–23', '24–26', '27–29', '30–38', '39–47', '48+', '0–17', '18+'].includes(r.ageBroad))).toBe(true);
  });

  it('lets no combination of the quasi-identifiers leave fewer than k times, and says what it changed', async () => {
    const { response, text } = await get(supervisor, `/api/v1/exports/cases/ctdc?from=2026-01-01&to=2027-01-01&k=${K}`);
    const rows = parseCsv(text);
    const key = (r: Record<string, string>) =>
      [r.gender, r.ageBroad, r.citizenship, r.CountryOfExploitation, r.isForcedLabour, r.isSexualExploit, r.isOtherExploit, r.yearOfRegistration].join('|');
    const classes = new Map<string, number>();
    for (const row of rows) classes.set(key(row), (classes.get(key(row)) ?? 0) + 1);
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(K);
    const rowsIn = Number(response.headers.get('x-export-rows-in'));
    const rowsOut = Number(response.headers.get('x-export-rows-out'));
    const suppressed = Number(response.headers.get('x-export-rows-suppressed'));
    expect(rowsIn).toBe(449); // Almaty's cases only, and only those whose client consented to statistics
    expect(response.headers.get('x-export-rows-without-consent')).toBe('31');
    expect(rowsOut).toBe(rows.length);
    expect(rowsIn).toBe(rowsOut + suppressed);
    expect(Number(response.headers.get('x-export-rows-generalised')) + suppressed).toBeGreaterThan(0); // the rare Nepali citizen and trans woman were not sent as they are
    expect(rows.some((r) => r.citizenship === 'NPL')).toBe(false);
    expect(rows.some((r) => r.gender === 'Trans/Transgender/NonConforming')).toBe(false);
    const [audit] = await t.db.query<{ summary: Record<string, unknown> }>(
      `SELECT summary FROM audit_log WHERE action = 'exports.run' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.summary).toMatchObject({ standard: 'ctdc', k: K, withoutConsent: 31, rowsIn: 449, rowsOut, suppressedRows: suppressed });
  });

  it('sends HTCDS fields without direct identifiers, also k-anonymous', async () => {
    const { response, text } = await get(supervisor, `/api/v1/exports/cases/htcds?from=2026-01-01&to=2027-01-01&k=${K}`);
    expect(response.status).toBe(200);
    const header = text.split('\r\n')[0].split(',');
    expect(header).toEqual([...HTCDS_EXPORT_COLUMNS]);
    for (const identifying of ['prs_FirstName', 'prs_LastName', 'prs_DateOfBirth', 'prs_Phone', 'prs_Email', 'prs_Address'])
      expect(header).not.toContain(identifying);
    expect(text).not.toMatch(/EXP-2026-/); // not even our case references
    expect(Number(response.headers.get('x-export-rows-in'))).toBe(449);
  });

  it('exports only the offices one supervises, and only to supervisors', async () => {
    const astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    const { response } = await get(astana, `/api/v1/exports/cases/ctdc?from=2026-01-01&to=2027-01-01&k=${K}`);
    expect(response.headers.get('x-export-rows-in')).toBe('30');
    const [almaty] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'ALA'`);
    const foreign = await get(astana, `/api/v1/exports/cases/ctdc?officeId=${almaty.id}`);
    expect(foreign.response.status).toBe(400);
    for (const email of ['operator.almaty@mayak.test', 'caseworker.almaty@mayak.test', 'admin.almaty@mayak.test']) {
      expect((await get(await signedIn(t.baseUrl, email), '/api/v1/exports/cases/ctdc')).response.status).toBe(403);
    }
  });

  it('answers bad filters with problem+json and exports nothing', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exports.run'`);
    for (const query of ['from=2026-05-01&to=2026-01-01', 'k=0', 'k=abc', 'k=101', 'from=yesterday', 'officeId=nope']) {
      const { response } = await get(supervisor, `/api/v1/exports/cases/ctdc?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    // Groups smaller than 11 are refused for every export, whoever asks.
    for (const path of ['/api/v1/exports/cases/ctdc', '/api/v1/exports/cases/htcds']) {
      for (const k of [2, 5, 10]) {
        const { response, text } = await get(supervisor, `${path}?k=${k}`);
        expect(response.status).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(JSON.parse(text)).toMatchObject({ code: 'k_below_floor', errors: [{ field: 'k', code: 'k_below_floor' }] });
      }
    }
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exports.run'`)).toEqual(before);
  });
});

describe('an installation that raises the floor', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('refuses k under its own floor and says which k it allows', async () => {
    t = await startTestApp({ EXPORT_K_ANONYMITY: '20' });
    const supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    expect((await supervisor.api.GET('/api/v1/exports/rules')).data).toEqual({ kFloor: 20, kMax: 100, statisticsConsentRequired: true });
    const cookie = `mayak_session=${supervisor.jar.get('mayak_session')}`;
    const refused = await fetch(`${t.baseUrl}/api/v1/exports/cases/ctdc?k=15`, { headers: { cookie } });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'k_below_floor' });
    const defaulted = await fetch(`${t.baseUrl}/api/v1/exports/cases/ctdc`, { headers: { cookie } });
    expect(defaulted.status).toBe(200);
    expect(defaulted.headers.get('x-export-k')).toBe('20');
    const operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    expect((await operator.api.GET('/api/v1/exports/rules')).response.status).toBe(403);
  });
});

describe('a person’s own data (subject access) and the correction log', () => {
  let t: TestApp;
  let supervisor: TestClient;
  let operator: TestClient;
  let personId: string;

  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    const person = await operator.api.POST('/api/v1/people', {
      body: { name: 'Асель Нурланова', gender: 'Feminine', citizenship: ['KZ'], identifiers: [{ kind: 'phone', value: '+77016660001' }] },
    });
    personId = person.data!.id;
    const contact = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', phone: '+77016660001', personId, notes: 'Called about her passport held in Aktau' },
    });
    await operator.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id: contact.data!.id } },
      body: { version: contact.data!.version, type: 'labour_exploitation', summary: 'Passport held by employer' },
    });
    // She also left a voicemail on that contact's call.
    const [call] = await t.db.query<{ id: string }>(
      `INSERT INTO telephony_calls (call_sid, direction, purpose, office_id, contact_id, line_number, state) SELECT $1, 'inbound', 'hotline', office_id, id, '+77000011616', 'missed' FROM contacts WHERE id = $2 RETURNING id`,
      [`CA${'7'.repeat(32)}`, contact.data!.id],
    );
    await t.db.query(
      `INSERT INTO voicemails (office_id, call_id, contact_id, recording_sid, duration_seconds, status, content_type, audio_encrypted, fetched_at) SELECT office_id, $1, id, $2, 23, 'stored', 'audio/wav', 'sealed', mayak_now() FROM contacts WHERE id = $3`,
      [call.id, `RE${'7'.repeat(32)}`, contact.data!.id],
    );
    const current = await supervisor.api.GET('/api/v1/people/{id}', { params: { path: { id: personId } } });
    await supervisor.api.PATCH('/api/v1/people/{id}', { params: { path: { id: personId } }, body: { version: current.data!.version, birthYear: 1994 } });
  });
  afterAll(async () => t.close());

  it('hands a supervisor everything held about the person, decrypted, and audits it', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/exports/people/${personId}/subject-access`, {
      headers: { cookie: `mayak_session=${supervisor.jar.get('mayak_session')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const report = (await response.json()) as {
      person: { name: string; birthYear: number };
      identifiers: { value: string }[];
      contacts: { notes: string; phone: string }[];
      cases: { summary: string }[];
      voicemails: { duration_seconds: number; status: string }[];
      corrections: { action: string; changed: { changed?: string[] } }[];
    };
    expect(report.person).toMatchObject({ name: 'Асель Нурланова', birthYear: 1994 });
    expect(report.identifiers.map((i) => i.value)).toContain('+77016660001');
    expect(report.contacts[0]).toMatchObject({ notes: 'Called about her passport held in Aktau', phone: '+77016660001' });
    expect(report.cases[0].summary).toBe('Passport held by employer');
    // Her recordings are listed (the audio is heard in the console, where each listening is audited).
    expect(report.voicemails).toEqual([expect.objectContaining({ duration_seconds: 23, status: 'stored' })]);
    expect(JSON.stringify(report)).not.toContain('sealed');
    expect(report.corrections.find((c) => c.action === 'people.updated')?.changed.changed).toContain('birthYear');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'people.subject_access_exported' AND entity_id = $1`, [personId])).toEqual(
      [{ n: 1 }],
    );
  });

  it('keeps it to supervisors of the person’s office', async () => {
    const path = `/api/v1/exports/people/${personId}/subject-access`;
    expect((await fetch(`${t.baseUrl}${path}`, { headers: { cookie: `mayak_session=${operator.jar.get('mayak_session')}` } })).status).toBe(403);
    const astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    expect((await fetch(`${t.baseUrl}${path}`, { headers: { cookie: `mayak_session=${astana.jar.get('mayak_session')}` } })).status).toBe(404);
    expect((await astana.api.GET('/api/v1/exports/people/{id}/corrections', { params: { path: { id: personId } } })).response.status).toBe(404);
  });

  it('lists the corrections to the record, newest first, without the values', async () => {
    const log = (await supervisor.api.GET('/api/v1/exports/people/{id}/corrections', { params: { path: { id: personId } } })).data!;
    expect(log.items.map((c) => c.action)).toEqual(['people.updated', 'people.created']);
    expect(JSON.stringify(log)).not.toContain('1994');
  });
});

describe('lists as CSV and XLSX', () => {
  let t: TestApp;
  let supervisor: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    const operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    for (let i = 0; i < 130; i++)
      await operator.api.POST('/api/v1/contacts', {
        body: {
          channel: i % 2 ? 'voice' : 'sms',
          phone: `+7701777${String(i).padStart(4, '0')}`,
          category: i % 2 ? 'labour_exploitation' : 'other',
          notes: `Secret note ${i}`,
        },
      });
    const astana = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    await astana.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'other', notes: 'Astana only' } });
  });
  afterAll(async () => t.close());

  const download = async (client: TestClient, path: string) => {
    const response = await fetch(`${t.baseUrl}${path}`, { headers: { cookie: `mayak_session=${client.jar.get('mayak_session')}` } });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };

  it('exports every page of the contacts list with its filters, without numbers or notes', async () => {
    const { response, body } = await download(supervisor, '/api/v1/exports/contacts');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-export-rows')).toBe('130'); // two pages of the list, Almaty's only
    const text = body.toString('utf8');
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(131);
    expect((await download(supervisor, '/api/v1/exports/contacts?channel=voice')).response.headers.get('x-export-rows')).toBe('65');
    expect(lines[0]).toContain('startedAt,endedAt');
    expect(text).not.toMatch(/7701777|Secret note|Astana only/);
    const [audit] = await t.db.query<{ summary: Record<string, unknown> }>(
      `SELECT summary FROM audit_log WHERE action = 'exports.list' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.summary).toMatchObject({ format: 'csv', rows: 65, filters: { channel: 'voice' } });
  });

  it('writes XLSX whose cells are text', async () => {
    const { response, body } = await download(supervisor, '/api/v1/exports/cases?format=xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(body.subarray(0, 2).toString()).toBe('PK'); // a zip, as XLSX files are
  });

  it('is for supervisors only, and refuses bad filters', async () => {
    const operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    expect((await download(operator, '/api/v1/exports/contacts')).response.status).toBe(403);
    expect((await download(supervisor, '/api/v1/exports/contacts?format=pdf')).response.status).toBe(400);
    expect((await download(supervisor, '/api/v1/exports/contacts?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z')).response.status).toBe(400);
  });
});
