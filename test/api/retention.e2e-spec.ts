import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

describe('retention: anonymising what is past its period', () => {
  let t: TestApp;
  let admin: TestClient;
  let supervisor: TestClient;
  let operator: TestClient;
  const ids: Record<string, string> = {};
  const from = '2023-01-01';
  const to = '2023-12-31';

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    // An old contact without a case, an old closed case with its client and contact, and an old closed case under a legal hold.
    const alone = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', phone: '+77015550001', category: 'migration_law_information', notes: 'Spoke about Aigerim in Aktau' },
    });
    ids.alone = alone.data!.id;
    const person = await operator.api.POST('/api/v1/people', {
      body: { name: 'Динара Сапарова', gender: 'Feminine', birthYear: 1990, citizenship: ['KZ'], identifiers: [{ kind: 'phone', value: '+77015550002' }] },
    });
    ids.person = person.data!.id;
    for (const key of ['closed', 'held']) {
      const { data } = await operator.api.POST('/api/v1/contacts', {
        body: {
          channel: 'voice',
          phone: '+77015550002',
          category: 'labour_exploitation',
          notes: `Details of ${key}`,
          personId: key === 'closed' ? ids.person : undefined,
        },
      });
      const opened = await operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: data!.id } },
        body: { version: data!.version, type: 'trafficking', summary: `Summary naming the employer (${key})` },
      });
      ids[`${key}Contact`] = data!.id;
      ids[key] = opened.data!.case.id;
    }
    await t.db.query(
      `UPDATE cases SET status = 'closed', closure_reason = 'resolved', closed_at = '2023-06-01', created_at = '2023-05-01' WHERE id = ANY($1)`,
      [[ids.closed, ids.held]],
    );
    await t.db.query(`UPDATE contacts SET status = 'completed', started_at = '2023-05-01', completed_at = '2023-05-01' WHERE id = ANY($1)`, [
      [ids.alone, ids.closedContact, ids.heldContact],
    ]);
    await t.db.query(`UPDATE people SET created_at = '2023-05-01' WHERE id = $1`, [ids.person]);
    await t.db.query(`INSERT INTO case_events (case_id, kind, body, occurred_at) VALUES ($1, 'note', 'Her brother Marat lives at Abai 10', mayak_now())`, [
      ids.closed,
    ]);
    // A voicemail on the contact that goes, and one on the contact kept under the legal hold.
    for (const [key, n] of [
      ['alone', 1],
      ['heldContact', 2],
    ] as const) {
      const [call] = await t.db.query<{ id: string }>(
        `INSERT INTO telephony_calls (call_sid, direction, purpose, office_id, contact_id, line_number, state) SELECT $1, 'inbound', 'hotline', office_id, id, '+77000011616', 'missed' FROM contacts WHERE id = $2 RETURNING id`,
        [`CA${String(n).repeat(32)}`, ids[key]],
      );
      await t.db.query(
        `INSERT INTO voicemails (office_id, call_id, contact_id, recording_sid, status, content_type, audio_encrypted, fetched_at) SELECT office_id, $1, id, $2, 'stored', 'audio/wav', 'sealed-audio', mayak_now() FROM contacts WHERE id = $3`,
        [call.id, `RE${String(n).repeat(32)}`, ids[key]],
      );
    }
    // Messages kept as received because they could not be filed: an old unroutable one, an old stuck one, and a recent one.
    await t.db.query(
      `INSERT INTO inbound_webhooks (provider, kind, external_id, payload_encrypted, received_at, processed_at, outcome) VALUES
         ('twilio', 'message', 'SM-old-unroutable', 'sealed-old', '2023-05-01', '2023-05-01', 'unroutable'),
         ('twilio', 'message', 'SM-old-stuck', 'sealed-stuck', '2023-05-01', NULL, NULL),
         ('twilio', 'message', 'SM-recent-unroutable', 'sealed-recent', mayak_now(), mayak_now(), 'unroutable')`,
    );
  });
  afterAll(async () => t.close());

  it('lets administrators set the periods, with their bounds', async () => {
    const current = (await admin.api.GET('/api/v1/admin/retention')).data!;
    expect(current).toMatchObject({ contactsWithoutCaseDays: 365, closedCasesDays: 1825 });
    expect(
      (await admin.api.PUT('/api/v1/admin/retention', { body: { version: current.version, contactsWithoutCaseDays: 10, closedCasesDays: 365 } })).response
        .status,
    ).toBe(400);
    const set = await admin.api.PUT('/api/v1/admin/retention', { body: { version: current.version, contactsWithoutCaseDays: 365, closedCasesDays: 365 } });
    expect(set.data).toMatchObject({ closedCasesDays: 365 });
    expect(
      (await admin.api.PUT('/api/v1/admin/retention', { body: { version: current.version, contactsWithoutCaseDays: 365, closedCasesDays: 400 } })).response
        .status,
    ).toBe(409);
    expect((await supervisor.api.GET('/api/v1/admin/retention')).response.status).toBe(403);
  });

  it('keeps a case under legal hold, placed by a supervisor with a reason', async () => {
    expect((await supervisor.api.PUT('/api/v1/cases/{id}/legal-hold', { params: { path: { id: ids.held } }, body: { hold: true } })).response.status).toBe(400);
    const held = await supervisor.api.PUT('/api/v1/cases/{id}/legal-hold', {
      params: { path: { id: ids.held } },
      body: { hold: true, reason: 'Court case pending in Almaty' },
    });
    expect(held.data).toEqual({ legalHold: true, legalHoldReason: 'Court case pending in Almaty' });
    expect((await operator.api.PUT('/api/v1/cases/{id}/legal-hold', { params: { path: { id: ids.held } }, body: { hold: false } })).response.status).toBe(403);
    const astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    expect((await astana.api.PUT('/api/v1/cases/{id}/legal-hold', { params: { path: { id: ids.held } }, body: { hold: false } })).response.status).toBe(404);
  });

  it('shows in a dry run what would go, changing nothing', async () => {
    const before = await t.db.query(`SELECT id, phone_encrypted, notes, anonymised_at FROM contacts ORDER BY id`);
    const preview = (await admin.api.POST('/api/v1/admin/retention/preview')).data!;
    expect(preview).toEqual({ dryRun: true, contacts: 2, cases: 1, people: 1, heldCases: 1, complete: true });
    expect(await t.db.query(`SELECT id, phone_encrypted, notes, anonymised_at FROM contacts ORDER BY id`)).toEqual(before);
  });

  it('removes identifiers and free text, keeps the statistics and the audit log, and is safe to run again', async () => {
    const activity = async () => (await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from, to } } })).data!;
    const picture = async () => (await supervisor.api.GET('/api/v1/dashboards/trafficking', { params: { query: { from, to } } })).data!;
    const [activityBefore, pictureBefore] = [await activity(), await picture()];
    const auditBefore = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);

    const report = (await admin.api.POST('/api/v1/admin/retention/run')).data!;
    expect(report).toEqual({ dryRun: false, contacts: 2, cases: 1, people: 1, heldCases: 1, complete: true });

    const contacts = await t.db.query<{
      id: string;
      phone_encrypted: string | null;
      phone_hash: string | null;
      notes: string;
      category: string;
      anonymised_at: Date | null;
    }>(`SELECT * FROM contacts WHERE id = ANY($1)`, [[ids.alone, ids.closedContact, ids.heldContact]]);
    for (const k of contacts.filter((c) => c.id !== ids.heldContact)) expect(k).toMatchObject({ phone_encrypted: null, phone_hash: null, notes: '' });
    const heldContact = contacts.find((c) => c.id === ids.heldContact)!;
    expect(heldContact.phone_encrypted).not.toBeNull();
    // A voice identifies its caller: the recording goes with the contact, and stays under the hold.
    const voicemails = await t.db.query<{ contact_id: string; status: string; audio_encrypted: string | null }>(
      `SELECT contact_id, status, audio_encrypted FROM voicemails ORDER BY recording_sid`,
    );
    expect(voicemails).toEqual([
      { contact_id: ids.alone, status: 'erased', audio_encrypted: null },
      { contact_id: ids.heldContact, status: 'stored', audio_encrypted: 'sealed-audio' },
    ]);
    expect(heldContact.notes).toBe('Details of held');
    const [closed] = await t.db.query<{ summary: string; anonymised_at: Date | null; type: string; exploitation_types: string[] }>(
      `SELECT * FROM cases WHERE id = $1`,
      [ids.closed],
    );
    expect(closed.summary).toBe('');
    expect(closed.anonymised_at).not.toBeNull();
    expect(closed.type).toBe('trafficking');
    expect(await t.db.query(`SELECT body FROM case_events WHERE case_id = $1 AND body IS NOT NULL`, [ids.closed])).toEqual([]);
    const [held] = await t.db.query<{ summary: string; anonymised_at: Date | null }>(`SELECT * FROM cases WHERE id = $1`, [ids.held]);
    expect(held).toMatchObject({ summary: 'Summary naming the employer (held)', anonymised_at: null });
    const [person] = await t.db.query<{ name_encrypted: string | null; name_index: string[]; gender: string; birth_year: number }>(
      `SELECT * FROM people WHERE id = $1`,
      [ids.person],
    );
    expect(person).toMatchObject({ name_encrypted: null, name_index: [], gender: 'Feminine', birth_year: 1990 });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM person_identifiers WHERE person_id = $1`, [ids.person])).toEqual([{ n: 0 }]);
    // The number no longer finds anything; the client cannot be found by name.
    const lookup = await supervisor.api.POST('/api/v1/callers/lookup', { body: { phone: '+77015550001' } });
    expect(lookup.data!.contacts).toHaveLength(0);
    const byName = await supervisor.api.GET('/api/v1/people', { params: { query: { q: 'Динара Сапарова' } } });
    expect(byName.data!.items.map((p) => p.id)).not.toContain(ids.person);

    // A message that never became a contact goes after a contact's period; a recent one stays.
    expect(await t.db.query(`SELECT external_id, payload_encrypted, outcome FROM inbound_webhooks ORDER BY external_id`)).toEqual([
      { external_id: 'SM-old-stuck', payload_encrypted: null, outcome: 'ignored' },
      { external_id: 'SM-old-unroutable', payload_encrypted: null, outcome: 'unroutable' },
      { external_id: 'SM-recent-unroutable', payload_encrypted: 'sealed-recent', outcome: 'unroutable' },
    ]);

    expect(await activity()).toEqual(activityBefore);
    expect(await picture()).toEqual(pictureBefore);
    const auditAfter = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    expect(auditAfter[0].n).toBeGreaterThan(auditBefore[0].n); // nothing removed, the run itself recorded
    const [run] = await t.db.query<{ summary: Record<string, unknown> }>(
      `SELECT summary FROM audit_log WHERE action = 'retention.run' ORDER BY id DESC LIMIT 1`,
    );
    expect(run.summary).toMatchObject({ contacts: 2, cases: 1, people: 1 });

    expect((await admin.api.POST('/api/v1/admin/retention/run')).data).toMatchObject({ contacts: 0, cases: 0, people: 0, heldCases: 1 });
  });
});
