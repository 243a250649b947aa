import { consoleIdentity } from '@mayak/domain';
import type { Locator, Page } from 'playwright-core';
import { codeLabel, zonedParts } from '@mayak/domain';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { signedIn } from '../support/client';
import {
  atPath,
  chooseByKeyboard,
  consoleSuite,
  demoUser,
  eventually,
  hidden,
  label,
  pressOn,
  shownDate,
  signInToShell,
  simulate,
  stopSimulations,
  tabTo,
  textOf,
  tRu,
  visible,
  type ConsoleLocale,
} from '../support/console';

/**
 * Callbacks and text messages in the console, with the local adapter recording what would
 * have gone to Twilio and the simulator (tools/simulate/cli.mjs) delivering texts: a case
 * worker schedules a callback inside the client's safe window (the dialog offers the next
 * safe time), calls now and records the outcome; an operator answers a text with Ctrl+Enter;
 * both pages in Kazakh and English. What the user sees is checked, then the database.
 */
describe('Console callbacks and messages (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;
  afterEach(stopSimulations);

  const HOTLINE = '+77000011616';
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

  /** Signs in and waits for the console's event stream (texts and due callbacks arrive on it). */
  async function consoleOf(email: string): Promise<Page> {
    const page = await open();
    const streamOpen = page.waitForResponse((r) => r.url().endsWith('/api/v1/events') && r.status() === 200, { timeout: 15_000 });
    await signInToShell(page, email);
    await streamOpen;
    return page;
  }

  /** A form field by its label; a required field's label ends with Mantine's " *". */
  function field(scope: Locator, text: string): Locator {
    return scope.getByLabel(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
  }

  const pad = (n: number) => String(n).padStart(2, '0');
  /** The calendar day `days` after today on the clock of `timeZone`, as an `<input type="datetime-local">` value at `time`. */
  function localInput(timeZone: string, days: number, time: string): string {
    const today = zonedParts(suite.app.clock.now(), timeZone);
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
    return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T${time}`;
  }

  it('a case worker schedules a callback at the next safe time, calls now from the callbacks page and records "reached"', async () => {
    const phone = '+77015550404';
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const workerId = await userId(demoUser('caseworker'));
    const contact = await ok(
      operator.api.POST('/api/v1/contacts', {
        body: { channel: 'voice', phone, category: 'labour_exploitation', callerType: 'victim', notes: 'Работает на складе, телефон забирают вечером.' },
      }),
    );
    const { case: opened } = await ok(
      operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { type: 'labour_exploitation', version: contact.version, assigneeId: workerId },
      }),
    );

    const page = await consoleOf(demoUser('caseworker'));
    await page.goto(`/cases/${opened.id}`);
    const section = page.getByTestId('case-callbacks');
    await visible(section);
    await pressOn(section.getByTestId('schedule-callback-button'));
    const dialog = page.getByRole('dialog', { name: tRu('callbacks.schedule.title') });
    await visible(dialog);
    const form = dialog.getByTestId('schedule-callback-dialog');

    // The client can talk only today (their weekday), at any hour: the window in the client's zone.
    const zone = await form.getByRole('combobox', { name: tRu('callbacks.timeZone') }).inputValue();
    expect(zone).toBe('Asia/Almaty');
    const today = zonedParts(suite.app.clock.now(), zone).weekday;
    for (let day = 1; day <= 7; day++) {
      const box = form.getByRole('checkbox', { name: tRu(`callbacks.weekdays.long.${day}`), exact: true });
      if (day === today) await box.check();
      else await box.uncheck();
    }
    await field(form, tRu('callbacks.window.start')).fill('00:00');
    await field(form, tRu('callbacks.window.end')).fill('23:59');

    // Tomorrow at noon is outside the window: said at once, with the next safe time offered.
    const due = field(form, tRu('callbacks.dueAt', { zone }));
    await due.fill(localInput(zone, 1, '12:00'));
    await textOf(form, tRu('callbacks.outsideWindow'));
    const suggestion = form.getByTestId('next-safe-time');
    await textOf(suggestion, tRu('callbacks.nextSafeTime', { time: '' }).trim());
    await suggestion.getByRole('button', { name: tRu('callbacks.useNextSafeTime') }).click();
    // A week from today, when the window opens.
    const nextSafe = localInput(zone, 7, '00:00');
    await eventually(async () => expect(await due.inputValue()).toBe(shownDate(nextSafe)));
    await hidden(suggestion);
    expect(await form.getByText(tRu('callbacks.outsideWindow')).count()).toBe(0);

    // The case was opened from a call with a number: left empty, the callback uses that number.
    const number = field(form, tRu('callbacks.phone'));
    expect(await number.getAttribute('required')).toBeNull();
    expect(await number.inputValue()).toBe('');

    // Nobody has asked the client yet whether they may be called back: that answer comes first.
    await pressOn(form.getByTestId('schedule-callback-submit'));
    await textOf(form, tRu('callbacks.consent.required'));
    expect(await suite.app.db.query('SELECT 1 FROM callbacks WHERE case_id = $1', [opened.id])).toHaveLength(0);
    await form.getByRole('checkbox', { name: tRu('callbacks.consent.askNow') }).check();
    await pressOn(form.getByTestId('schedule-callback-submit'));
    await hidden(dialog);

    const [saved] = await suite.app.db.query<{
      id: string;
      status: string;
      reason: string;
      due_at: Date;
      safe_days: number[];
      safe_start_minute: number;
      safe_end_minute: number;
      time_zone: string;
      assignee_id: string;
      phone_hash: string;
    }>(
      'SELECT id, status, reason, due_at, safe_days, safe_start_minute, safe_end_minute, time_zone, assignee_id, phone_hash FROM callbacks WHERE case_id = $1',
      [opened.id],
    );
    expect(saved).toMatchObject({
      status: 'scheduled',
      reason: 'scheduled',
      safe_days: [today],
      safe_start_minute: 0,
      safe_end_minute: 23 * 60 + 59,
      time_zone: zone,
      assignee_id: workerId,
    });
    const dueParts = zonedParts(saved.due_at, zone);
    expect(dueParts.weekday).toBe(today);
    expect(dueParts.minute).toBe(0);
    expect(saved.due_at.getTime()).toBeGreaterThan(suite.app.clock.nowMs() + 6 * 86_400_000);
    const [{ phone_hash: contactHash }] = await suite.app.db.query<{ phone_hash: string }>('SELECT phone_hash FROM contacts WHERE id = $1', [contact.id]);
    expect(saved.phone_hash).toBe(contactHash);

    // The case lists it ...
    const caseRow = section.getByTestId(`callback-row-${saved.id}`);
    await visible(caseRow);
    await textOf(caseRow, codeLabel('callbackReason', 'scheduled', 'ru'));
    await eventually(async () => expect(await caseRow.getByTestId('callback-status').getAttribute('data-status')).toBe('scheduled'));

    // ... and so does the callbacks page, under "upcoming".
    await page.getByTestId('nav-callbacks').click();
    await atPath(page, '/callbacks');
    await page.getByTestId('callbacks-tab-upcoming').click();
    const row = page.getByTestId(`callback-row-${saved.id}`);
    await visible(row);
    await textOf(row, codeLabel('callbackReason', 'scheduled', 'ru'));
    await textOf(row, opened.reference);
    await textOf(row, 'Сауле Кейс-менеджер');
    await textOf(row, tRu('callbacks.attemptsOf', { n: 0, max: 3 }));

    // Call now: the network rings her console first and then dials the client showing the hotline's number.
    const before = provider().operations().length;
    await row.getByTestId('callback-place').click();
    await visible(page.getByText(tRu('callbacks.actions.placed'), { exact: true }).first());
    const placed = await eventually(() => {
      const calls = provider()
        .operations()
        .slice(before)
        .filter((op) => op.kind === 'createCall');
      expect(calls).toHaveLength(1);
      return calls[0];
    });
    expect(placed).toMatchObject({ kind: 'createCall', to: expect.stringContaining(`client:${consoleIdentity(workerId)}?mayakRingFor=`), from: HOTLINE });
    if (placed.kind !== 'createCall') throw new Error('not a call');
    expect(placed.twiml).toContain(`callerId="${HOTLINE}"`);
    expect(placed.twiml).toContain(`<Number>${phone}</Number>`);
    expect(placed.statusCallbackUrl).toMatch(/\/api\/v1\/telephony\/twilio\/voice\/status$/);

    // It is no longer upcoming: it is being made, under "due now".
    await hidden(row);
    await page.getByTestId('callbacks-tab-due').click();
    await visible(row);
    await eventually(async () => expect(await row.getByTestId('callback-status').getAttribute('data-status')).toBe('in_progress'));
    await textOf(row, tRu('callbacks.attemptsOf', { n: 1, max: 3 }));

    // Record the outcome, by keyboard: reached.
    await pressOn(row.getByTestId('callback-outcome'));
    const outcome = page.getByTestId('callback-outcome-form');
    await visible(outcome);
    const select = outcome.getByRole('combobox', { name: tRu('callbacks.outcome.label') });
    await chooseByKeyboard(select, codeLabel('callbackOutcome', 'reached', 'ru'));
    await pressOn(outcome.getByRole('button', { name: tRu('callbacks.outcome.submit'), exact: true }));
    await hidden(outcome);
    await visible(page.getByText(tRu('callbacks.outcome.saved', { status: codeLabel('callbackStatus', 'completed', 'ru') }), { exact: true }).first());
    await hidden(row);
    await page.getByTestId('callbacks-tab-closed').click();
    await visible(row);
    await eventually(async () => expect(await row.getByTestId('callback-status').getAttribute('data-status')).toBe('completed'));

    const [done] = await suite.app.db.query<{ status: string; last_outcome: string; attempts: number; placed_by_id: string; finished_at: Date | null }>(
      'SELECT status, last_outcome, attempts, placed_by_id, finished_at FROM callbacks WHERE id = $1',
      [saved.id],
    );
    expect(done).toMatchObject({ status: 'completed', last_outcome: 'reached', attempts: 1, placed_by_id: workerId });
    expect(done.finished_at).toBeInstanceOf(Date);
    const attempts = await suite.app.db.query<{ number: number; operator_id: string; call_sid: string; outcome: string }>(
      'SELECT number, operator_id, call_sid, outcome FROM callback_attempts WHERE callback_id = $1',
      [saved.id],
    );
    expect(attempts).toEqual([{ number: 1, operator_id: workerId, call_sid: placed.sid, outcome: 'reached' }]);

    // Back on the case: nothing open is left.
    await page.goto(`/cases/${opened.id}`);
    await visible(page.getByTestId('case-callbacks'));
    await eventually(async () => expect(await page.getByTestId(`callback-row-${saved.id}`).count()).toBe(0));
  });

  it('says a client who withdrew consent may not be called back, and offers nothing to send', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const worker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const workerId = await userId(demoUser('caseworker'));
    const contact = await ok(operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: '+77015550405', category: 'labour_exploitation' } }));
    const { case: opened } = await ok(
      operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { type: 'labour_exploitation', version: contact.version, assigneeId: workerId },
      }),
    );
    const given = await ok(
      worker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: opened.id } }, body: { purpose: 'contact_back', channel: 'verbal_on_call' } }),
    );
    const consent = given.consents.find((c) => c.purpose === 'contact_back')!;
    await ok(worker.api.POST('/api/v1/cases/{id}/consents/{consentId}/withdraw', { params: { path: { id: opened.id, consentId: consent.id } } }));

    const page = await consoleOf(demoUser('caseworker'));
    await page.goto(`/cases/${opened.id}`);
    const section = page.getByTestId('case-callbacks');
    await pressOn(section.getByTestId('schedule-callback-button'));
    const dialog = page.getByRole('dialog', { name: tRu('callbacks.schedule.title') });
    const refused = dialog.getByTestId('callback-consent-refused');
    await textOf(refused, tRu('callbacks.consent.refusedTitle'));
    expect(await refused.getAttribute('role')).toBe('alert');
    expect(await dialog.getByTestId('schedule-callback-submit').isDisabled()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: tRu('callbacks.consent.askNow') }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await hidden(dialog);
  });

  it('a text arrives: the navigation counts it, the operator answers with Ctrl+Enter and the reply goes out', async () => {
    const from = '+77015550505';
    const masked = '+7 701 ••• •• 05';
    const text = 'Здравствуйте, мне нужна помощь, не могу говорить по телефону';
    const reply = 'Здравствуйте! Мы на связи. Напишите, где вы находитесь и когда вам удобно поговорить.';
    const operatorId = await userId(demoUser('operator'));
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    await ok(operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } }));
    const page = await consoleOf(demoUser('operator'));
    const nav = page.getByTestId('nav-conversations');
    await visible(nav);
    expect(await nav.getAttribute('data-count')).toBeNull();

    const run = await simulate(suite.app, ['sms', '--from', from, '--body', text], 20_000);
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const messageSid = /MessageSid (SM[0-9a-f]{32})/.exec(run.stdout)?.[1];
    expect(messageSid).toBeDefined();
    const [received] = await suite.app.db.query<{ thread_id: string; contact_id: string }>(
      'SELECT conversation_id AS thread_id, contact_id FROM conversation_messages WHERE provider_message_id = $1',
      [messageSid],
    );
    expect(received).toBeDefined();

    // The navigation counts the waiting thread at once (the event stream, not the one-minute poll).
    await eventually(async () => expect(await nav.getAttribute('data-count')).toBe('1'), 5_000);
    await textOf(page.getByTestId('nav-conversations-badge'), '1');
    expect(await nav.getAttribute('aria-label')).toBe(tRu('nav.withCount', { label: tRu('nav.conversations'), n: '1' }));

    // To the messages by keyboard, then the thread.
    await tabTo(page, nav, 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/conversations');
    const thread = page.getByTestId(`conversation-item-${received.thread_id}`);
    await visible(thread);
    expect(await thread.getAttribute('data-unanswered')).toBe('1');
    await textOf(thread, masked);
    await textOf(thread, tRu('conversations.unansweredCount', { n: 1 }));
    await textOf(thread, tRu('conversations.lastFromClient'));
    await pressOn(thread);
    await atPath(page, `/conversations/${received.thread_id}`);
    const conversation = page.getByTestId('conversation-panel');
    await textOf(conversation, masked);
    const incoming = conversation.locator('[data-testid="conversation-message"][data-direction="inbound"]');
    await textOf(incoming, text);
    expect(await incoming.getAttribute('data-status')).toBe('received');
    await textOf(incoming, tRu('conversations.client'));

    // The reply, sent with Ctrl+Enter from the text box.
    const box = conversation.getByTestId('conversation-reply');
    expect(await box.getAttribute('aria-keyshortcuts')).toBe('Control+Enter Alt+Q');
    await box.focus();
    await page.keyboard.type(reply);
    await page.keyboard.press('Control+Enter');
    const outgoing = conversation.locator('[data-testid="conversation-message"][data-direction="outbound"]');
    await textOf(outgoing, reply);
    expect(await outgoing.getAttribute('data-status')).toBe('queued');
    await textOf(outgoing, tRu('conversations.status.queued'));
    await textOf(outgoing, 'Айгерим Оператор');
    await eventually(async () => expect(await box.inputValue()).toBe(''));
    // Oldest at the top: the reply comes after the client's text.
    expect(await conversation.getByTestId('conversation-message').evaluateAll((items) => items.map((i) => i.getAttribute('data-direction')))).toEqual([
      'inbound',
      'outbound',
    ]);

    // Nothing waits for an answer any more.
    await eventually(async () => expect(await nav.getAttribute('data-count')).toBeNull());
    await hidden(page.getByTestId('nav-conversations-badge'));
    await hidden(thread);

    // The network was asked to send it, from the line the client wrote to.
    const sent = provider()
      .operations()
      .filter((op) => op.kind === 'sendMessage');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'sendMessage', to: from, from: HOTLINE, body: reply });
    const rows = await suite.app.db.query<{ direction: string; status: string; message_sid: string | null; sent_by_id: string | null; contact_id: string }>(
      'SELECT direction, status, provider_message_id AS message_sid, sent_by_id, contact_id FROM conversation_messages WHERE conversation_id = $1 ORDER BY created_at',
      [received.thread_id],
    );
    expect(rows).toEqual([
      { direction: 'inbound', status: 'received', message_sid: messageSid, sent_by_id: null, contact_id: received.contact_id },
      {
        direction: 'outbound',
        status: 'queued',
        message_sid: sent[0].kind === 'sendMessage' ? sent[0].sid : '',
        sent_by_id: operatorId,
        contact_id: received.contact_id,
      },
    ]);
    expect(await suite.app.db.query('SELECT unanswered, last_direction FROM conversations WHERE id = $1', [received.thread_id])).toEqual([
      { unanswered: 0, last_direction: 'outbound' },
    ]);
    // Whoever answers the conversation owns its contact; the bodies are stored encrypted.
    expect(await suite.app.db.query('SELECT operator_id, channel FROM contacts WHERE id = $1', [received.contact_id])).toEqual([
      { operator_id: operatorId, channel: 'sms' },
    ]);
    const [raw] = await suite.app.db.query<{ raw: string }>(
      "SELECT string_agg(row_to_json(s)::text, '') AS raw FROM conversation_messages s WHERE conversation_id = $1",
      [received.thread_id],
    );
    expect(raw.raw).not.toContain('помощь');
    expect(raw.raw).not.toContain('на связи');
  });

  it('shows the callbacks and messages pages in Kazakh and English', async () => {
    const page = await consoleOf(demoUser('operator'));
    const languages = page.getByTestId('language-switch');
    const check = async (locale: ConsoleLocale) => {
      await languages.selectOption(locale);
      await page.getByTestId('nav-callbacks').click();
      await atPath(page, '/callbacks');
      const callbacks = page.getByTestId('callbacks-page');
      await textOf(callbacks.getByRole('heading', { level: 1 }), label(locale, 'callbacks.title'));
      await textOf(page.getByTestId('callbacks-tab-due'), label(locale, 'callbacks.tabs.due'));
      await textOf(page.getByTestId('callbacks-tab-upcoming'), label(locale, 'callbacks.tabs.upcoming'));
      await visible(callbacks.getByRole('combobox', { name: label(locale, 'callbacks.filters.whose'), exact: true }));
      await visible(page.getByRole('table', { name: label(locale, 'callbacks.captions.due') }));
      await textOf(page.getByTestId('nav-callbacks'), label(locale, 'nav.callbacks'));

      await page.getByTestId('nav-conversations').click();
      await atPath(page, '/conversations');
      const messages = page.getByTestId('messages-page');
      await textOf(messages.getByRole('heading', { level: 1 }), label(locale, 'conversations.title'));
      await textOf(messages, label(locale, 'conversations.list'));
      await visible(messages.getByRole('checkbox', { name: label(locale, 'conversations.unansweredOnly'), exact: true }));
      await textOf(messages, label(locale, 'conversations.choose'));
      await textOf(page.getByTestId('nav-conversations'), label(locale, 'nav.conversations'));
    };
    await check('kk');
    expect(label('kk', 'callbacks.title')).not.toBe(label('ru', 'callbacks.title'));
    await check('en');
    expect(label('en', 'conversations.list')).not.toBe(label('kk', 'conversations.list'));
    // Back to Russian: the choice is saved in the operator's profile.
    await languages.selectOption('ru');
    await textOf(page.getByTestId('messages-page').getByRole('heading', { level: 1 }), tRu('conversations.title'));
  });
});
