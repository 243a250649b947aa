import { consoleIdentity } from '@mayak/domain';
import type { Locator, Page } from 'playwright-core';
import { codeLabel, languageLabel } from '@mayak/domain';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { signedIn } from '../support/client';
import {
  atPath,
  chooseByKeyboard,
  consoleSuite,
  demoUser,
  eventually,
  focused,
  hidden,
  label,
  pressOn,
  signInToShell,
  simulate,
  stopSimulations,
  tabTo,
  textOf,
  tRu,
  visible,
  type SimulatorRun,
} from '../support/console';

/**
 * The line in the console, with the telephone network played by the simulator
 * (tools/simulate/cli.mjs, the same webhooks Twilio sends, signed the same way) and the
 * local adapter recording what would have gone to Twilio: a call rings with the caller's
 * history before anyone answers, an abandoned call owes a callback, an answered call
 * becomes the operator's contact and is completed by keyboard, and a call is handed cold to
 * a supervisor with everything typed so far. What the user sees is checked, then the database.
 */
describe('Console telephony (browser)', () => {
  // Missed and abandoned calls are owed a callback due at once (default: in 2 minutes), so it is on the default "due now" tab.
  const suite = consoleSuite({ MISSED_CALL_CALLBACK_DELAY_MINUTES: '0', TELEPHONY_LANGUAGE_FIRST_SECONDS: '4' });
  const open = suite.open;
  afterEach(async () => {
    stopSimulations();
    // A call a failed test left on the line hangs up, so the next test's Alt+A finds only its own call.
    const live = await suite.app.db.query<{ call_sid: string }>(
      `SELECT call_sid FROM telephony_calls WHERE state IN ('menu', 'queued', 'connecting', 'in_progress', 'on_hold')`,
    );
    for (const { call_sid } of live) await simulate(suite.app, ['end', '--call-sid', call_sid, '--duration', '1'], 20_000);
  });

  const OPERATOR = 'Айгерим Оператор';
  const SUPERVISOR = 'Гульнара Супервайзер';
  /** "Сохранено в 14:05": the autosave confirmed by the server. */
  const SAVED = new RegExp(`${label('ru', 'intake.autosave.saved', { time: '' }).trim()}\\s*\\d{1,2}:\\d{2}`);

  const provider = () => suite.app.app.get(TelephonyProvider) as LocalProvider;

  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (data === undefined) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return data;
  }

  async function userId(email: string): Promise<string> {
    const [row] = await suite.app.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
    return row.id;
  }

  /** The simulator ran to its end, and said which call it played. */
  function callSidOf(run: SimulatorRun): { callSid: string; outcome: string } {
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const match = /CallSid (CA[0-9a-f]{32}): (.+)/.exec(run.stdout);
    if (!match) throw new Error(`the simulator printed no CallSid:\n${run.stdout}`);
    return { callSid: match[1], outcome: match[2].trim() };
  }

  type CallRow = {
    id: string;
    state: string;
    outcome: string | null;
    contact_id: string;
    operator_id: string | null;
    answered_at: Date | null;
    duration_seconds: number | null;
  };
  async function callBySid(callSid: string): Promise<CallRow> {
    const [row] = await suite.app.db.query<CallRow>(
      'SELECT id, state, outcome, contact_id, operator_id, answered_at, duration_seconds FROM telephony_calls WHERE call_sid = $1',
      [callSid],
    );
    if (!row) throw new Error(`no call ${callSid} in the database`);
    return row;
  }

  /** A caller who dials in and waits in the queue (no hang-up): the simulator leaves them there and exits. */
  async function callerWaiting(from: string): Promise<{ callSid: string; call: CallRow }> {
    const run = await simulate(suite.app, ['call', '--from', from, '--wait', '0'], 20_000);
    const { callSid, outcome } = callSidOf(run);
    expect(outcome).toBe('waiting');
    const call = await callBySid(callSid);
    expect(call).toMatchObject({ state: 'queued', operator_id: null });
    return { callSid, call };
  }

  /** The network reports the end of an answered call (operator leg, then the final status callback). */
  async function hangUp(callSid: string, callId: string, duration: number): Promise<void> {
    const run = await simulate(suite.app, ['end', '--call-sid', callSid, '--call-id', callId, '--duration', String(duration)], 20_000);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`CallSid ${callSid}: completed after ${duration} s`);
  }

  /** Signs in and waits for the console's event stream, which is what makes a call ring at once. */
  async function consoleOf(email: string): Promise<Page> {
    const page = await open();
    const streamOpen = page.waitForResponse((r) => r.url().endsWith('/api/v1/events') && r.status() === 200, { timeout: 15_000 });
    await signInToShell(page, email);
    await streamOpen;
    return page;
  }

  /** The header's presence switch: Available / Away radios named by the presence labels. */
  function presence(page: Page) {
    const group = page.getByTestId('presence-switch');
    return {
      group,
      available: group.getByRole('radio', { name: codeLabel('presenceStatus', 'available', 'ru'), exact: true }),
      away: group.getByRole('radio', { name: codeLabel('presenceStatus', 'away', 'ru'), exact: true }),
    };
  }

  /** Keyboard only: from the checked "Away" radio, the arrow key moves the choice to "Available". */
  async function becomeAvailable(page: Page, email: string): Promise<void> {
    const p = presence(page);
    await eventually(async () => {
      expect(await p.away.isChecked()).toBe(true);
      expect(await p.away.isEnabled()).toBe(true);
    });
    await pressOn(p.away, 'ArrowLeft');
    await eventually(async () => expect(await p.group.getAttribute('data-status')).toBe('available'));
    expect(await p.available.isChecked()).toBe(true);
    const [row] = await suite.app.db.query<{ status: string }>('SELECT status FROM operator_presence WHERE user_id = $1', [await userId(email)]);
    expect(row).toEqual({ status: 'available' });
  }

  /** The intake's fields, found by their labels. */
  function intake(page: Page) {
    const form = page.getByTestId('intake-form');
    return {
      form,
      phone: form.getByRole('textbox', { name: tRu('intake.phone'), exact: true }),
      category: form.getByRole('combobox', { name: tRu('intake.category'), exact: true }),
      notes: form.getByRole('textbox', { name: tRu('intake.notes'), exact: true }),
      status: page.getByTestId('autosave-status'),
      callState: page.getByTestId('intake-call-state'),
    };
  }

  async function callStateIs(callState: Locator, state: string, timeoutMs = 10_000): Promise<void> {
    await eventually(async () => expect(await callState.getAttribute('data-state')).toBe(state), timeoutMs);
  }

  it('a flagged repeat caller rings with their history before anyone answers, hangs up in the queue, and is owed a callback', async () => {
    const from = '+77015550101';
    const masked = '+7 701 ••• •• 01';
    const reason = 'Муж контролирует телефон: говорить только о работе';
    // The operator took an earlier call from this number; a case worker flagged the number.
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    await ok(
      operator.api.POST('/api/v1/contacts', {
        body: { channel: 'voice', phone: from, category: 'labour_exploitation', callerType: 'victim', notes: 'Первый звонок: ищет работу за границей.' },
      }),
    );
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    await ok(caseWorker.api.POST('/api/v1/people/caller-flags', { body: { phone: from, kind: 'at_risk', reason } }));

    const page = await consoleOf(demoUser('operator'));
    await becomeAvailable(page, demoUser('operator'));

    // The caller dials in, presses 1 (Russian), waits 8 s in the queue and gives up.
    const caller = simulate(suite.app, ['call', '--from', from, '--wait', '8', '--hangup'], 40_000);
    const row = page.locator('[data-testid^="incoming-call-"][data-state="queued"]');
    // It rings within seconds: the event stream, not the 15-second poll.
    await visible(row, 6_000);
    const callId = ((await row.getAttribute('data-testid')) ?? '').replace('incoming-call-', '');
    expect(callId).toMatch(/^[0-9a-f-]{36}$/);
    await textOf(row.getByTestId('incoming-call-phone'), masked);
    await textOf(row, languageLabel('ru', 'ru'));
    // Flagged at risk: she goes ahead of the queue, and the operator sees why and where.
    expect(await row.getByTestId('incoming-call-priority').getAttribute('data-priority')).toBe('urgent');
    await textOf(row.getByTestId('incoming-call-priority'), codeLabel('queuePriority', 'urgent', 'ru'));
    await textOf(row.getByTestId('incoming-call-position'), tRu('telephony.incoming.position', { n: 1 }));
    await visible(page.getByTestId(`answer-call-${callId}`));
    expect(await page.getByTestId('incoming-calls').getAttribute('data-ringing')).toBe('1');

    // Before anyone answers: the caller's history, the flag first.
    const history = row.getByTestId('caller-history');
    await eventually(async () => expect(await history.getAttribute('data-loaded')).toBe('true'));
    const flags = history.getByTestId('caller-flags');
    await textOf(flags, codeLabel('personFlagKind', 'at_risk', 'ru'));
    await textOf(flags, reason);
    await textOf(history, tRu('telephony.caller.contacts', { n: 1 }));
    await textOf(history, codeLabel('contactCategory', 'labour_exploitation', 'ru'));
    // Flags first, then the earlier contacts.
    const told = (await history.textContent()) ?? '';
    expect(told.indexOf(reason)).toBeLessThan(told.indexOf(tRu('telephony.caller.contacts', { n: 1 })));
    // Nobody has answered: the call is still waiting in the queue.
    expect(await suite.app.db.query('SELECT state, operator_id FROM telephony_calls WHERE id = $1', [callId])).toEqual([
      { state: 'queued', operator_id: null },
    ]);

    // The caller hangs up: the row goes away.
    const { callSid, outcome } = callSidOf(await caller);
    expect(outcome).toBe('abandoned in the queue');
    await hidden(row);
    expect(await page.getByTestId(`incoming-call-${callId}`).count()).toBe(0);

    // In the database: the call was abandoned, its contact completed, a callback owed to the number.
    const call = await callBySid(callSid);
    expect(call).toMatchObject({ id: callId, state: 'abandoned', outcome: 'abandoned', operator_id: null, answered_at: null });
    const [contact] = await suite.app.db.query<{ status: string; completed_at: Date | null; channel: string; operator_id: string | null }>(
      'SELECT status, completed_at, channel, operator_id FROM contacts WHERE id = $1',
      [call.contact_id],
    );
    expect(contact).toMatchObject({ status: 'completed', channel: 'voice', operator_id: null });
    expect(contact.completed_at).toBeInstanceOf(Date);
    const owed = await suite.app.db.query<{ id: string; reason: string; status: string; contact_id: string }>(
      'SELECT id, reason, status, contact_id FROM callbacks WHERE source_call_id = $1',
      [callId],
    );
    expect(owed).toHaveLength(1);
    expect(owed[0]).toMatchObject({ reason: 'abandoned_call', contact_id: call.contact_id });
    expect(['scheduled', 'due']).toContain(owed[0].status);

    // The operator goes to the callbacks (keyboard): the owed callback is due now, with the flag.
    await tabTo(page, page.getByTestId('nav-callbacks'), 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/callbacks');
    const dueTab = page.getByTestId('callbacks-tab-due');
    await eventually(async () => expect(await dueTab.getAttribute('aria-selected')).toBe('true'));
    const callback = page.getByTestId(`callback-row-${owed[0].id}`);
    await visible(callback);
    await textOf(callback, codeLabel('callbackReason', 'abandoned_call', 'ru'));
    await textOf(callback, masked);
    await textOf(callback, codeLabel('personFlagKind', 'at_risk', 'ru'));
    await textOf(callback, tRu('callbacks.assignee.queue'));
    await visible(callback.getByTestId('callback-place'));
  });

  it('the softphone takes the answered call; the operator mutes, sends digits, holds, resumes and hangs up from the call bar', async () => {
    const operatorId = await userId(demoUser('operator'));
    const page = await consoleOf(demoUser('operator'));
    const softphone = page.getByTestId('softphone-status');
    await eventually(async () => expect(await softphone.getAttribute('data-status')).toBe('ready'));
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    await ok(operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } }));

    const { callSid, call } = await callerWaiting('+77015550707');
    await visible(page.getByTestId(`incoming-call-${call.id}`), 6_000);
    // The console rings aloud while the call waits and she is available; it stops once she answers.
    const panel = page.getByTestId('incoming-calls');
    await eventually(async () => expect(await panel.getAttribute('data-ring-tone')).toBe('on'));
    await page.getByTestId(`answer-call-${call.id}`).click();
    const f = intake(page);
    await callStateIs(f.callState, 'in_progress');
    await eventually(async () => expect(await softphone.getAttribute('data-status')).toBe('in_call'));
    expect(await page.evaluate(() => document.querySelector('[data-ring-tone="on"]'))).toBeNull();
    // The ring the API sends says which call it is for, so this console picks up only its own.
    const connect = provider()
      .operations()
      .filter((op) => op.kind === 'updateCall' && op.callSid === callSid)
      .at(-1);
    expect(connect?.kind === 'updateCall' && connect.twiml).toContain(`<Parameter name="mayakRingFor" value="call:${call.id}"/>`);
    expect(connect?.kind === 'updateCall' && connect.twiml).toContain(`<Identity>${consoleIdentity(operatorId)}</Identity>`);

    const controls = page.getByTestId('call-controls');
    const mute = controls.getByRole('button', { name: tRu('telephony.call.mute'), exact: true });
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    await mute.click();
    await eventually(async () => expect(await mute.getAttribute('aria-pressed')).toBe('true'));
    await mute.click();
    await eventually(async () => expect(await mute.getAttribute('aria-pressed')).toBe('false'));

    // The keypad, by keyboard: open it, press keys, close it with Escape.
    await pressOn(controls.getByTestId('call-keypad'));
    const keypad = page.getByRole('group', { name: tRu('telephony.call.keypad') });
    await visible(keypad);
    for (const digit of ['1', '2', '#']) await pressOn(keypad.getByRole('button', { name: tRu('telephony.call.sendDigit', { digit }), exact: true }));
    await textOf(page.getByTestId('keypad-sent'), tRu('telephony.call.sentDigits', { digits: '12#' }));
    await page.keyboard.press('Escape');
    await hidden(keypad);

    await controls.getByTestId('call-hold').click();
    await callStateIs(f.callState, 'on_hold');
    const held = provider()
      .operations()
      .filter((op) => op.kind === 'updateCall' && op.callSid === callSid)
      .at(-1);
    expect(held?.kind === 'updateCall' && held.twiml).toContain(`>hold-${call.id}</Enqueue>`);
    await controls.getByTestId('call-resume').click();
    await callStateIs(f.callState, 'in_progress');

    await controls.getByTestId('call-hang-up').click();
    await callStateIs(f.callState, 'completed');
    await textOf(f.callState, tRu('telephony.call.endedHint'));
    await eventually(async () => expect(await softphone.getAttribute('data-status')).toBe('ready'));
    expect(
      provider()
        .operations()
        .filter((op) => op.kind === 'hangUp' && op.callSid === callSid),
    ).toHaveLength(1);
    expect(await callBySid(callSid)).toMatchObject({ state: 'completed', outcome: 'answered' });
    // After-call work: out of the ring, with the time left shown, until she says she is ready.
    await eventually(async () => expect(await presence(page).group.getAttribute('data-status')).toBe('wrap_up'));
    await textOf(page.getByTestId('presence-wrap-up'), /\d:\d{2}/);
    await page.getByTestId('presence-ready').click();
    await eventually(async () => expect(await presence(page).group.getAttribute('data-status')).toBe('available'));
  });

  it('a Tajik-speaking caller rings first for the operator who speaks Tajik, then for everyone', async () => {
    // The operator says on her account page that she speaks Tajik; the case worker speaks Russian only.
    const page = await consoleOf(demoUser('operator'));
    await page.goto('/account');
    const languages = page.getByRole('region', { name: tRu('telephony.languages.title') });
    await languages.getByRole('checkbox', { name: languageLabel('tg', 'ru'), exact: true }).check();
    await languages.getByTestId('save-languages').click();
    await visible(page.getByText(tRu('telephony.languages.saved'), { exact: true }));
    const colleague = await consoleOf(demoUser('caseworker'));
    for (const email of [demoUser('operator'), demoUser('caseworker')]) {
      const client = await signedIn(suite.app.baseUrl, email);
      await ok(client.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } }));
    }

    // A caller chooses Tajik (5) in the menu.
    const run = await simulate(suite.app, ['call', '--from', '+77015550909', '--digits', '5', '--wait', '0'], 20_000);
    const { callSid } = callSidOf(run);
    const call = await callBySid(callSid);
    for (const console of [page, colleague]) await visible(console.getByTestId(`incoming-call-${call.id}`), 6_000);
    // Her console rings; the case worker's shows the call, says whom it rings for first, and stays quiet...
    await eventually(async () => expect(await page.getByTestId('incoming-calls').getAttribute('data-ring-tone')).toBe('on'));
    expect(await colleague.getByTestId('incoming-calls').getAttribute('data-ring-tone')).toBe('off');
    await textOf(colleague.getByTestId('incoming-call-speakers-first'), languageLabel('tg', 'ru'));
    // ... until the language's head start is over.
    await eventually(async () => expect(await colleague.getByTestId('incoming-calls').getAttribute('data-ring-tone')).toBe('on'), 8_000);
    await page.getByTestId(`answer-call-${call.id}`).click();
    await callStateIs(intake(page).callState, 'in_progress');
    expect(await callBySid(callSid)).toMatchObject({ state: 'in_progress', operator_id: await userId(demoUser('operator')) });
  });

  it('Alt+A answers a waiting call into the intake; the network ends it; the operator completes the contact by keyboard', async () => {
    const from = '+77015550202';
    const notes = 'Звонит из Актау: работодатель забрал паспорт, держит на объекте. Просит совета, как уйти.';
    const operatorId = await userId(demoUser('operator'));
    const page = await consoleOf(demoUser('operator'));
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    await ok(operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } }));

    const { callSid, call } = await callerWaiting(from);
    const row = page.getByTestId(`incoming-call-${call.id}`);
    await visible(row, 6_000);
    const answer = page.getByTestId(`answer-call-${call.id}`);
    expect(await answer.getAttribute('aria-keyshortcuts')).toBe('Alt+A');

    // Alt+A, wherever the focus is: the oldest ringing call is hers, and so is its contact.
    await page.keyboard.press('Alt+KeyA');
    await page.waitForURL(
      (url) => url.pathname === '/intake' && url.searchParams.get('contact') === call.contact_id && url.searchParams.get('call') === call.id,
    );
    const f = intake(page);
    await callStateIs(f.callState, 'in_progress');
    await textOf(f.callState, codeLabel('callState', 'in_progress', 'ru'));
    await hidden(row);
    await eventually(async () => expect(await presence(page).group.getAttribute('data-status')).toBe('busy'));
    expect(await callBySid(callSid)).toMatchObject({ state: 'in_progress', operator_id: operatorId });
    // The network was asked to put the caller through to her console.
    const connect = provider()
      .operations()
      .filter((op) => op.kind === 'updateCall' && op.callSid === callSid);
    expect(connect).toHaveLength(1);
    expect(connect[0].kind === 'updateCall' && connect[0].twiml).toContain(`<Identity>${consoleIdentity(operatorId)}</Identity>`);

    // The first field has focus once the contact is read; she goes on to the notes and types.
    await focused(f.phone);
    expect(await f.phone.inputValue()).toBe('+7 701 ••• •• 02');
    await tabTo(page, f.notes, 15);
    await page.keyboard.type(notes);
    await textOf(f.status, SAVED);

    // The caller hangs up: the network reports the end, the call bar says so.
    await hangUp(callSid, call.id, 42);
    await callStateIs(f.callState, 'completed');
    await textOf(f.callState, tRu('telephony.call.endedHint'));
    // After-call work: out of the ring until she completes the contact (or the office's time is up).
    await eventually(async () => expect(await presence(page).group.getAttribute('data-status')).toBe('wrap_up'));

    // Alt+Enter without a category: focus goes to the category, she chooses, Alt+Enter completes.
    await page.keyboard.press('Alt+Enter');
    await focused(f.category);
    await textOf(f.form, tRu('intake.categoryRequired'));
    await chooseByKeyboard(f.category, codeLabel('contactCategory', 'labour_exploitation', 'ru'));
    await page.keyboard.press('Alt+Enter');
    await visible(page.getByText(tRu('intake.completed'), { exact: true }).first());
    await eventually(async () => expect(await presence(page).group.getAttribute('data-status')).toBe('available'));
    await atPath(page, '/intake');
    expect(new URL(page.url()).search).toBe('');
    await eventually(async () => expect(await f.notes.inputValue()).toBe(''));

    const [contact] = await suite.app.db.query<{
      status: string;
      operator_id: string;
      notes: string;
      category: string;
      channel: string;
      phone_hash: string | null;
      completed_at: Date | null;
    }>('SELECT status, operator_id, notes, category, channel, phone_hash, completed_at FROM contacts WHERE id = $1', [call.contact_id]);
    expect(contact).toMatchObject({ status: 'completed', operator_id: operatorId, notes, category: 'labour_exploitation', channel: 'voice' });
    expect(contact.phone_hash).toBeTruthy();
    expect(contact.completed_at).toBeInstanceOf(Date);
    expect(await callBySid(callSid)).toMatchObject({ state: 'completed', outcome: 'answered', operator_id: operatorId, duration_seconds: 42 });
    expect(await suite.app.db.query('SELECT 1 FROM callbacks WHERE contact_id = $1', [call.contact_id])).toHaveLength(0);
  });

  it('a cold transfer hands the call and the notes typed so far to a supervisor, who opens the intake from the notice', async () => {
    const from = '+77015550303';
    const notes = 'Девушка 19 лет, обещали работу в Дубае, сейчас в аэропорту Алматы. Боится говорить.';
    const supervisorId = await userId(demoUser('supervisor'));
    const page = await consoleOf(demoUser('operator'));
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    await ok(operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } }));
    // The supervisor is in her own browser, available.
    const sup = await consoleOf(demoUser('supervisor'));
    await becomeAvailable(sup, demoUser('supervisor'));

    const { callSid, call } = await callerWaiting(from);
    // Both consoles ring; the operator answers with the button.
    await visible(sup.getByTestId(`incoming-call-${call.id}`), 6_000);
    await page.getByTestId(`answer-call-${call.id}`).click();
    await page.waitForURL((url) => url.pathname === '/intake' && url.searchParams.get('contact') === call.contact_id);
    const f = intake(page);
    await callStateIs(f.callState, 'in_progress');
    await focused(f.phone);
    // She types and transfers at once: the intake is saved before the call changes hands.
    await f.notes.fill(notes);

    await pressOn(page.getByTestId('transfer-button'));
    const dialog = page.getByRole('dialog', { name: tRu('telephony.transfer.title') });
    await visible(dialog);
    const form = dialog.getByTestId('transfer-dialog');
    expect(await form.getAttribute('data-step')).toBe('choose');
    const colleagues = form.getByTestId('transfer-colleagues');
    const supervisor = colleagues.getByRole('radio', { name: SUPERVISOR });
    await visible(supervisor);
    // Available colleagues come first.
    await eventually(async () => expect(await colleagues.locator('[data-status]').first().getAttribute('data-status')).toBe('available'));
    await supervisor.check();
    await form.getByRole('radio', { name: codeLabel('transferMode', 'cold', 'ru') }).check();
    const submit = form.getByTestId('transfer-submit');
    await textOf(submit, tRu('telephony.transfer.submitCold'));
    await submit.click();
    await hidden(dialog);

    // The operator's form is the supervisor's now: read-only, with a note saying so.
    const handed = page.getByTestId('intake-handed-over');
    await textOf(handed, tRu('intake.handedOver.title'));
    await textOf(handed, tRu('intake.handedOver.detail', { name: SUPERVISOR }));
    expect(await f.notes.inputValue()).toBe(notes);
    expect(await f.notes.isEditable()).toBe(false);
    await hidden(page.getByTestId('transfer-button'));
    expect(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('mayak.intake.draft.')))).toEqual([]);

    // The supervisor is told, and opens the intake from the notice: the notes are there.
    const notice = sup.getByRole('alert').filter({ hasText: tRu('telephony.transfer.receivedTitle') });
    await visible(notice);
    await textOf(notice, tRu('telephony.transfer.receivedNotice', { name: OPERATOR }));
    await notice.getByRole('button', { name: tRu('telephony.incoming.openIntake'), exact: true }).click();
    await sup.waitForURL(
      (url) => url.pathname === '/intake' && url.searchParams.get('contact') === call.contact_id && url.searchParams.get('call') === call.id,
    );
    await hidden(notice);
    const g = intake(sup);
    await eventually(async () => expect(await g.notes.inputValue()).toBe(notes));
    expect(await g.notes.isEditable()).toBe(true);
    await callStateIs(g.callState, 'in_progress');
    await visible(sup.getByTestId('transfer-button'));
    expect(await sup.getByTestId('intake-handed-over').count()).toBe(0);

    // In the database: the call and its contact are the supervisor's; the network was told to put the caller through to her.
    expect(await callBySid(callSid)).toMatchObject({ state: 'in_progress', outcome: 'transferred', operator_id: supervisorId });
    const [contact] = await suite.app.db.query<{ operator_id: string; notes: string; status: string }>(
      'SELECT operator_id, notes, status FROM contacts WHERE id = $1',
      [call.contact_id],
    );
    expect(contact).toEqual({ operator_id: supervisorId, notes, status: 'in_progress' });
    const connects = provider()
      .operations()
      .filter((op) => op.kind === 'updateCall' && op.callSid === callSid);
    expect(connects).toHaveLength(2);
    expect(connects[1].kind === 'updateCall' && connects[1].twiml).toContain(`<Identity>${consoleIdentity(supervisorId)}</Identity>`);

    // The caller hangs up; the supervisor's bar says the call is over.
    await hangUp(callSid, call.id, 95);
    await callStateIs(g.callState, 'completed');
    expect(await callBySid(callSid)).toMatchObject({ state: 'completed', outcome: 'transferred', duration_seconds: 95 });
  });
});
