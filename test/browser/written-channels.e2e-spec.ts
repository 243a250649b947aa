import { codeLabel } from '@mayak/domain';
import type { Page } from 'playwright-core';
import { AttachmentsService } from '#api/modules/messaging/attachments.service';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { seriousAccessibilityFindings } from '../support/axe';
import { signedIn } from '../support/client';
import {
  atPath,
  consoleSuite,
  demoUser,
  eventually,
  hidden,
  pressOn,
  signInToShell,
  simulate,
  stopSimulations,
  tabTo,
  textOf,
  tRu,
  visible,
} from '../support/console';

/**
 * WhatsApp in the console: the simulator posts what Twilio posts for a photo and a text from a
 * WhatsApp user; the operator finds the conversation marked WhatsApp, sees the photo named as a
 * photo, answers by keyboard (sent to the whatsapp: address from the line's WhatsApp sender), and
 * once WhatsApp's 24 hours are over the console says free text is closed and offers no box.
 */
describe('WhatsApp and Telegram conversations in the console (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;
  afterEach(stopSimulations);

  const HOTLINE = '+77000011616';
  const provider = () => suite.app.app.get(TelephonyProvider) as LocalProvider;

  async function consoleOf(email: string): Promise<Page> {
    const page = await open();
    const streamOpen = page.waitForResponse((r) => r.url().endsWith('/api/v1/events') && r.status() === 200, { timeout: 15_000 });
    await signInToShell(page, email);
    await streamOpen;
    return page;
  }

  async function whatsApp(args: string[]): Promise<string> {
    const run = await simulate(suite.app, ['whatsapp', ...args], 20_000);
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const sid = /MessageSid ((?:SM|MM)[0-9a-f]{32})/.exec(run.stdout)?.[1];
    expect(sid).toBeDefined();
    return sid!;
  }

  it('a WhatsApp photo and text arrive, the operator answers by keyboard on WhatsApp, and after 24 hours the console closes free text', async () => {
    const from = '+996555700101';
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    expect((await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
    const page = await consoleOf(demoUser('operator'));
    const photoSid = await whatsApp(['--from', from, '--name', 'Нурлан', '--media-type', 'image/jpeg']);
    await whatsApp(['--from', from, '--name', 'Нурлан', '--body', 'Это мой договор, паспорт у работодателя']);
    const [received] = await suite.app.db.query<{ conversation_id: string }>(
      'SELECT conversation_id FROM conversation_messages WHERE provider_message_id = $1',
      [photoSid],
    );
    expect(received).toBeDefined();

    const nav = page.getByTestId('nav-conversations');
    await eventually(async () => expect(Number(await nav.getAttribute('data-count'))).toBeGreaterThanOrEqual(1), 5_000);
    await tabTo(page, nav, 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/conversations');
    const thread = page.getByTestId(`conversation-item-${received.conversation_id}`);
    await visible(thread);
    await textOf(thread.getByTestId('channel-badge'), tRu('conversations.channel.whatsapp'));
    await pressOn(thread);
    await atPath(page, `/conversations/${received.conversation_id}`);

    const conversation = page.getByTestId('conversation-panel');
    await textOf(conversation.getByTestId('channel-badge'), tRu('conversations.channel.whatsapp'));
    const incoming = conversation.locator('[data-testid="conversation-message"][data-direction="inbound"]');
    await eventually(async () => expect(await incoming.count()).toBe(2));
    await textOf(incoming.first().getByTestId('message-content-kind'), tRu('conversations.content.image'));
    // The photo is fetched by the worker (its job run here); the console is told and shows it on request, audited.
    const attachment = incoming.first().getByTestId('attachment');
    expect(await attachment.getAttribute('data-status')).toBe('pending');
    const [file] = await suite.app.db.query<{ id: string }>(
      `SELECT a.id FROM message_attachments a JOIN conversation_messages m ON m.id = a.message_id WHERE m.provider_message_id = $1`,
      [photoSid],
    );
    expect(await suite.app.app.get(AttachmentsService).fetchAndStore(file.id)).toBe('stored');
    await eventually(async () => expect(await incoming.first().getByTestId('attachment').getAttribute('data-status')).toBe('stored'), 5_000);
    await hidden(conversation.getByTestId('attachment-image'));
    await pressOn(conversation.getByTestId('attachment-show'));
    await eventually(async () => expect(await conversation.getByTestId('attachment-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(16));
    expect(await conversation.getByTestId('attachment-image').getAttribute('alt')).toBe(tRu('conversations.file.photoAlt'));
    expect(
      await suite.app.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'messaging.attachment_viewed' AND entity_id = $1`, [file.id]),
    ).toEqual([{ n: 1 }]);
    await textOf(incoming.nth(1), 'Это мой договор, паспорт у работодателя');
    await visible(conversation.getByTestId('reply-window-open'));
    // The messages screen itself (the shell's navigation and presence switch are issue 19's contrast work).
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);

    // The operator answers with the office's quick reply: Alt+Q, a few letters, Enter, then a word of their own.
    const quick = 'Иностранный гражданин должен встать на учёт по месту пребывания в течение 3 рабочих дней.';
    await suite.app.db.query(
      `INSERT INTO quick_replies (office_id, language, title, body) SELECT office_id, 'ru', 'Регистрация мигранта', $1 FROM conversations WHERE id = $2`,
      [quick, received.conversation_id],
    );
    const box = conversation.getByTestId('conversation-reply');
    await box.focus();
    await page.keyboard.type('Здравствуйте! ');
    await page.keyboard.press('Alt+KeyQ');
    const picker = page.getByTestId('quick-reply-picker');
    await visible(picker);
    await page.keyboard.type('регистр');
    await textOf(picker.getByTestId('quick-reply-option').first(), 'Регистрация мигранта');
    // Once the dialog has finished fading in (axe reads colours as they are drawn).
    await eventually(async () => expect(await picker.evaluate((el) => getComputedStyle(el.closest('.mantine-Modal-content') ?? el).opacity)).toBe('1'));
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await page.keyboard.press('Enter');
    await hidden(picker);
    await eventually(async () => expect(await box.inputValue()).toBe(`Здравствуйте! ${quick}`));
    await page.keyboard.type(' Паспорт у вас не вправе забирать.');
    const reply = `Здравствуйте! ${quick} Паспорт у вас не вправе забирать.`;
    await page.keyboard.press('Control+Enter');
    await textOf(conversation.locator('[data-testid="conversation-message"][data-direction="outbound"]'), reply);
    const sent = provider()
      .operations()
      .filter((op) => op.kind === 'sendMessage')
      .at(-1);
    expect(sent).toMatchObject({ kind: 'sendMessage', to: `whatsapp:${from}`, from: `whatsapp:${HOTLINE}`, body: reply });

    // A day and a minute later (the person has not written since): templates only.
    await suite.app.db.query(`UPDATE conversations SET last_inbound_at = last_inbound_at - interval '24 hours 1 minute' WHERE id = $1`, [
      received.conversation_id,
    ]);
    await page.reload();
    await textOf(page.getByTestId('reply-window-closed'), tRu('conversations.window.closedTitle'));
    expect(await page.getByTestId('conversation-reply').isDisabled()).toBe(true);
    expect(await page.getByTestId('conversation-send').isDisabled()).toBe(true);
    await hidden(page.getByTestId('reply-window-open'));

    // An approved template is still allowed: chosen, its value filled in, previewed, sent.
    await suite.app.db.query(
      `INSERT INTO message_templates (language, name, content_sid, body) VALUES ('ru', 'Напоминание линии', 'HX${'d4'.repeat(16)}', 'Линия 11616 на связи: {{1}}. Ответьте, когда будет удобно.')`,
    );
    await pressOn(page.getByTestId('template-open'));
    const form = page.getByTestId('template-form');
    await visible(form);
    await form.getByTestId('template-select').selectOption({ label: 'Напоминание линии' });
    await form.getByTestId('template-value-1').fill('мы получили ваше фото');
    await textOf(form.getByTestId('template-preview'), 'Линия 11616 на связи: мы получили ваше фото. Ответьте, когда будет удобно.');
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await pressOn(form.getByTestId('template-send'));
    await hidden(form);
    await textOf(
      page.getByTestId('conversation-panel').locator('[data-testid="conversation-message"][data-direction="outbound"]').last(),
      'Линия 11616 на связи: мы получили ваше фото.',
    );
    const templated = provider()
      .operations()
      .filter((op) => op.kind === 'sendMessage')
      .at(-1);
    expect(templated).toMatchObject({ to: `whatsapp:${from}`, contentSid: `HX${'d4'.repeat(16)}`, contentVariables: { 1: 'мы получили ваше фото' } });
  });

  it('an administrator registers an approved WhatsApp template on the Offices screen', async () => {
    const page = await open();
    await signInToShell(page, demoUser('admin'));
    await page.goto('/admin/offices');
    const section = page.getByTestId('templates-section');
    await visible(section);
    await pressOn(section.getByTestId('template-admin-add'));
    const form = section.getByTestId('template-admin-form');
    await form.getByLabel(new RegExp(`^${tRu('templatesAdmin.name')}`)).fill('Мы перезвоним');
    await form.getByLabel(new RegExp(`^${tRu('templatesAdmin.sid')}`)).fill(`HX${'e5'.repeat(16)}`);
    await form.getByLabel(new RegExp(`^${tRu('quickReplies.body')}`)).fill('Мы перезвоним {{2}}');
    await pressOn(form.getByTestId('template-admin-save'));
    await textOf(form, tRu('templatesAdmin.placeholdersHint'));
    await form.getByLabel(new RegExp(`^${tRu('quickReplies.body')}`)).fill('Мы перезвоним {{1}}');
    await pressOn(form.getByTestId('template-admin-save'));
    await textOf(section.getByTestId('templates-table'), 'Мы перезвоним');
    expect(await suite.app.db.query(`SELECT name, active FROM message_templates WHERE content_sid = $1`, [`HX${'e5'.repeat(16)}`])).toEqual([
      { name: 'Мы перезвоним', active: true },
    ]);
    expect(await seriousAccessibilityFindings(page, '[data-testid="templates-section"]')).toEqual([]);
  });

  it('a Telegram user who wrote by SMS before is recognised once they share their number: the flag and the SMS conversation are there', async () => {
    const number = '+77011140001';
    const sms = await simulate(suite.app, ['sms', '--from', number, '--body', 'Пишу по SMS, телефон могут забрать'], 20_000);
    expect(sms.code).toBe(0);
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    expect(
      (await caseWorker.api.POST('/api/v1/people/caller-flags', { body: { phone: number, kind: 'at_risk', reason: 'Employer checks her phone' } })).response
        .status,
    ).toBe(201);
    const userId = '700200300';
    for (const args of [
      ['--body', 'Это я, теперь в Telegram'],
      ['--share-phone', number],
    ]) {
      const run = await simulate(suite.app, ['telegram', '--from-id', userId, '--name', 'Дильноза К.', ...args], 20_000);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    }
    const [row] = await suite.app.db.query<{ id: string }>(`SELECT id FROM conversations WHERE channel = 'telegram' ORDER BY created_at DESC LIMIT 1`);
    const page = await consoleOf(demoUser('operator'));
    await page.goto(`/conversations/${row.id}`);
    const conversation = page.getByTestId('conversation-panel');
    await textOf(conversation.getByTestId('channel-badge'), tRu('conversations.channel.telegram'));
    await textOf(conversation.locator('[data-testid="conversation-message"]').first(), 'Это я, теперь в Telegram');
    await textOf(conversation.getByTestId('message-content-kind'), tRu('conversations.content.contact'));
    const sameCaller = conversation.getByTestId('same-caller-sms');
    await textOf(sameCaller, tRu('conversations.channel.sms'));
    await textOf(conversation, codeLabel('personFlagKind', 'at_risk', 'ru'));
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
    await pressOn(sameCaller);
    await eventually(async () => expect(new URL(page.url()).pathname).not.toBe(`/conversations/${row.id}`));
    await textOf(page.getByTestId('conversation-panel').getByTestId('channel-badge'), tRu('conversations.channel.sms'));
    await textOf(page.getByTestId('conversation-panel'), 'Пишу по SMS, телефон могут забрать');
  });

  it('an operator takes a conversation, a colleague sees who answers it and cannot write in it, then it is handed to them', async () => {
    await whatsApp(['--from', '+996555700103', '--name', 'Жамшид', '--body', 'Кто-нибудь ответит?']);
    const [row] = await suite.app.db.query<{ id: string }>(`SELECT id FROM conversations WHERE channel = 'whatsapp' ORDER BY created_at DESC LIMIT 1`);
    const operator = await consoleOf(demoUser('operator'));
    await operator.goto(`/conversations/${row.id}`);
    const mine = operator.getByTestId('conversation-holder');
    await textOf(mine, tRu('conversations.holder.nobody'));
    await pressOn(mine.getByTestId('conversation-claim'));
    await textOf(mine, tRu('conversations.holder.me'));

    const colleague = await consoleOf(demoUser('caseworker'));
    await colleague.goto(`/conversations/${row.id}`);
    const theirs = colleague.getByTestId('conversation-holder');
    await textOf(theirs, tRu('conversations.holder.other', { name: 'Айгерим Оператор' }));
    await visible(colleague.getByTestId('conversation-held'));
    expect(await colleague.getByTestId('conversation-reply').isDisabled()).toBe(true);

    // The operator hands it over by keyboard.
    const [{ id: caseWorkerId }] = await suite.app.db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [demoUser('caseworker')]);
    await mine.getByTestId('conversation-assignee').selectOption(caseWorkerId);
    await pressOn(mine.getByTestId('conversation-assign'));
    await eventually(async () => expect(await operator.getByTestId('conversation-holder').getAttribute('data-holder')).toBe(caseWorkerId));
    // The colleague's console hears of it and lets them write.
    await eventually(async () => expect(await colleague.getByTestId('conversation-reply').isDisabled()).toBe(false), 8_000);
    await textOf(colleague.getByTestId('conversation-holder'), tRu('conversations.holder.me'));
    expect(await seriousAccessibilityFindings(colleague, 'main')).toEqual([]);
    // They record it as a contact of its channel in the intake, like a call.
    await pressOn(colleague.getByTestId('conversation-intake'));
    await eventually(async () => expect(new URL(colleague.url()).pathname).toBe('/intake'));
    const [conversationRow] = await suite.app.db.query<{ contact_id: string }>(`SELECT contact_id FROM conversations WHERE id = $1`, [row.id]);
    expect(new URL(colleague.url()).searchParams.get('contact')).toBe(conversationRow.contact_id);
    expect(await suite.app.db.query(`SELECT channel, status FROM contacts WHERE id = $1`, [conversationRow.contact_id])).toEqual([
      { channel: 'whatsapp', status: 'in_progress' },
    ]);
  });

  it('the conversation fits a phone with no serious accessibility finding', async () => {
    const from = '+996555700102';
    await whatsApp(['--from', from, '--lat', '43.2389', '--lon', '76.8897', '--address', 'ул. Абая 10']);
    const [row] = await suite.app.db.query<{ id: string }>(`SELECT c.id FROM conversations c WHERE c.channel = 'whatsapp' ORDER BY c.created_at DESC LIMIT 1`);
    const page = await open();
    await page.setViewportSize({ width: 390, height: 844 });
    await signInToShell(page, demoUser('operator'));
    await page.goto(`/conversations/${row.id}`);
    const conversation = page.getByTestId('conversation-panel');
    await textOf(conversation.getByTestId('message-content-kind'), tRu('conversations.content.location'));
    await textOf(conversation.getByTestId('message-location'), 'ул. Абая 10');
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
    const overflowing = await page
      .getByRole('main')
      .locator('textarea, button')
      .evaluateAll((elements) => elements.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).map((el) => el.outerHTML.slice(0, 80)));
    expect(overflowing).toEqual([]);
  });
});
