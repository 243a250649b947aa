import type { Page } from 'playwright-core';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { seriousAccessibilityFindings } from '../support/axe';
import { signedIn } from '../support/client';
import {
  atPath,
  consoleSuite,
  demoUser,
  eventually,
  focused,
  hidden,
  signInToShell,
  simulate,
  stopSimulations,
  tabTo,
  textOf,
  tRu,
  visible,
} from '../support/console';

const LEAFLET = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * A supervisor adds a leaflet to a knowledge-base article; an operator answering a WhatsApp
 * message finds it from the conversation and sends it, all by keyboard: WhatsApp receives it
 * as media from the line's public link, and the conversation says what was sent.
 */
describe('Sending a file from the knowledge base (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;
  afterEach(stopSimulations);

  async function signedInConsole(email: string): Promise<Page> {
    const page = await open();
    await signInToShell(page, email);
    return page;
  }

  it('a supervisor adds a leaflet to an article, and an operator sends it on WhatsApp by keyboard', async () => {
    const [article] = await suite.app.db.query<{ id: string; title: string }>(
      `SELECT id, title FROM knowledge_articles WHERE published AND locale = 'ru' ORDER BY created_at LIMIT 1`,
    );
    const supervisor = await signedInConsole(demoUser('supervisor'));
    await tabTo(supervisor, supervisor.getByTestId('nav-knowledge'), 40);
    await supervisor.keyboard.press('Enter');
    await atPath(supervisor, '/knowledge');
    const result = supervisor.getByTestId('knowledge-results').getByRole('button', { name: new RegExp(article.title) });
    await tabTo(supervisor, result, 60);
    await supervisor.keyboard.press('Enter');
    const files = supervisor.getByTestId('article-files');
    await visible(files);
    await textOf(files, tRu('knowledge.files.none'));
    // The file input takes the focus by Tab like any field; the operating system's picker is the browser's, so the file is given to it.
    const input = files.getByTestId('article-file-input');
    await tabTo(supervisor, input, 40);
    await input.setInputFiles({ name: 'Памятка мигранту.pdf', mimeType: 'application/pdf', buffer: LEAFLET });
    await supervisor.keyboard.press('Tab');
    await focused(files.getByTestId('article-file-upload'));
    await supervisor.keyboard.press('Enter');
    await textOf(files.getByTestId('article-file'), 'Памятка мигранту.pdf');
    expect(await seriousAccessibilityFindings(supervisor, 'main')).toEqual([]);

    const from = '+996555700301';
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    expect((await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
    const run = await simulate(suite.app, ['whatsapp', '--from', from, '--name', 'Айбек', '--body', 'Куда идти на регистрацию?'], 20_000);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const sid = /MessageSid ((?:SM|MM)[0-9a-f]{32})/.exec(run.stdout)![1];
    const [received] = await suite.app.db.query<{ conversation_id: string }>(
      'SELECT conversation_id FROM conversation_messages WHERE provider_message_id = $1',
      [sid],
    );

    const page = await signedInConsole(demoUser('operator'));
    await page.goto(`${suite.app.baseUrl}/messages/${received.conversation_id}`);
    const conversation = page.getByTestId('conversation-panel');
    await visible(conversation);
    await tabTo(page, conversation.getByTestId('send-file-open'), 60);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: tRu('conversations.sendFile.title') });
    await visible(dialog);
    // The search takes the focus; the leaflet is found by its name, chosen with the arrow keys' group.
    await focused(dialog.getByTestId('send-file-search'));
    await page.keyboard.type('мигранту');
    const option = dialog.getByRole('radio', { name: /Памятка мигранту\.pdf/ });
    await visible(option);
    await eventually(async () => expect(await dialog.getByTestId('send-file-option').count()).toBe(1));
    await page.keyboard.press('Tab');
    await focused(option);
    await page.keyboard.press('Space');
    expect(await option.isChecked()).toBe(true);
    await dialog.getByTestId('send-file-caption').focus();
    await page.keyboard.type('Здесь адреса ЦОН');
    await tabTo(page, dialog.getByTestId('send-file-send'), 10);
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await page.keyboard.press('Enter');
    await hidden(dialog);

    const sent = conversation.locator('[data-testid="conversation-message"][data-direction="outbound"]').last();
    await textOf(sent.getByTestId('sent-file'), /Памятка мигранту\.pdf/);
    await textOf(sent, /Здесь адреса ЦОН/);
    const [token] = await suite.app.db.query<{ share_token: string }>(`SELECT share_token FROM knowledge_files WHERE file_name = 'Памятка мигранту.pdf'`);
    const operation = (suite.app.app.get(TelephonyProvider) as LocalProvider)
      .operations()
      .filter((op) => op.kind === 'sendMessage')
      .at(-1)!;
    expect(operation.kind === 'sendMessage' && { to: operation.to, body: operation.body, mediaUrl: operation.mediaUrl }).toEqual({
      to: `whatsapp:${from}`,
      body: 'Здесь адреса ЦОН',
      mediaUrl: `${suite.app.app.get<AppConfig>(APP_CONFIG).publicUrl}/api/v1/knowledge/shared/${token.share_token}`,
    });
    // What WhatsApp's side fetches from that link is the leaflet itself.
    const fetched = await fetch(`${suite.app.baseUrl}/api/v1/knowledge/shared/${token.share_token}`);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(LEAFLET)).toBe(true);
  });
});
