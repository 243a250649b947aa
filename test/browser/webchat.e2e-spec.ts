import type { Page } from 'playwright-core';
import { seriousAccessibilityFindings } from '../support/axe';
import { signedIn } from '../support/client';
import { atPath, consoleSuite, demoUser, eventually, pressOn, signInToShell, textOf, tRu, visible } from '../support/console';

const EXIT = 'https://weather.example.org/today';

/**
 * The web chat on the hotline's page (the demo page Mayak serves): a visitor writes by keyboard,
 * an operator answers from the console, the visitor reads it; quick exit (Esc twice) ends the
 * chat, leaves for an ordinary page that Back does not undo, and leaves nothing in the browser.
 */
describe('Web chat widget (browser)', () => {
  const suite = consoleSuite({ WEBCHAT_EXIT_URL: EXIT });
  const open = suite.open;

  /** The neutral page quick exit goes to, answered here (no network). */
  async function serveExitPage(page: Page): Promise<void> {
    await page
      .context()
      .route('https://weather.example.org/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><p>Sunny</p>' }),
      );
  }

  it('a visitor writes, an operator answers, the visitor reads it; quick exit leaves nothing behind', async () => {
    const visitor = await open();
    await serveExitPage(visitor);
    await visitor.goto('/webchat/demo.html');
    const launcher = visitor.getByTestId('webchat-launcher');
    await visible(launcher);
    await textOf(launcher, 'Написать на линию 11616');
    await launcher.focus();
    await visitor.keyboard.press('Enter');
    const panel = visitor.getByTestId('webchat-panel');
    await visible(panel);
    // The message box takes the focus; Ctrl+Enter sends.
    await eventually(async () =>
      expect(
        await visitor.evaluate(() => (document.querySelector('[data-mayak-webchat]')?.shadowRoot?.activeElement as HTMLElement | null)?.dataset.testid),
      ).toBe('webchat-message'),
    );
    await visitor.keyboard.type('Здравствуйте, мне нужна помощь, но говорить я не могу');
    await visitor.keyboard.press('Control+Enter');
    const mine = panel.locator('[data-testid="webchat-entry"][data-from="visitor"]');
    await eventually(async () => expect(await mine.getAttribute('data-state')).toBe('sent'));
    expect(await seriousAccessibilityFindings(visitor, '[data-mayak-webchat]')).toEqual([]);

    const [session] = await suite.app.db.query<{ id: string; conversation_id: string }>(
      `SELECT id, conversation_id FROM webchat_sessions WHERE conversation_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
    );
    const operator = await open();
    await signInToShell(operator, demoUser('operator'));
    await operator.goto(`/conversations/${session.conversation_id}`);
    const conversation = operator.getByTestId('conversation-panel');
    await textOf(conversation.getByTestId('channel-badge'), tRu('conversations.channel.webchat'));
    await textOf(conversation, 'Здравствуйте, мне нужна помощь, но говорить я не могу');
    await conversation.getByTestId('conversation-reply').fill('Мы с вами. Вы сейчас в безопасности? Можно отвечать коротко.');
    await pressOn(conversation.getByTestId('conversation-send'));
    await textOf(conversation.locator('[data-testid="conversation-message"][data-direction="outbound"]'), 'Мы с вами.');

    // The widget asks every 3 s.
    await textOf(panel.locator('[data-testid="webchat-entry"][data-from="line"]'), 'Мы с вами. Вы сейчас в безопасности?', 10_000);

    // A leaflet from the knowledge base reaches the visitor as a link, with a word that opening it leaves a copy.
    const supervisor = await signedIn(suite.app.baseUrl, demoUser('supervisor'));
    const [article] = await suite.app.db.query<{ id: string }>(`SELECT id FROM knowledge_articles WHERE published ORDER BY created_at LIMIT 1`);
    const added = await fetch(`${suite.app.baseUrl}/api/v1/knowledge/files?articleId=${article.id}&name=${encodeURIComponent('Куда обратиться.pdf')}`, {
      method: 'POST',
      body: new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n')),
      headers: {
        'content-type': 'application/pdf',
        cookie: `mayak_session=${supervisor.jar.get('mayak_session')}`,
        'x-csrf-token': supervisor.csrfToken ?? '',
      },
    });
    expect(added.status).toBe(201);
    const staff = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const fileId = ((await added.json()) as { id: string }).id;
    expect(
      (await staff.api.POST('/api/v1/conversations/{id}/files', { params: { path: { id: session.conversation_id } }, body: { fileId } })).response.status,
    ).toBe(201);
    const link = panel.getByTestId('webchat-file');
    await textOf(link, 'Куда обратиться.pdf', 10_000);
    expect(await link.getAttribute('href')).toMatch(/\/api\/v1\/knowledge\/shared\/[A-Za-z0-9_-]{32}$/);
    expect(await seriousAccessibilityFindings(visitor, '[data-mayak-webchat]')).toEqual([]);

    // Quick exit: Esc twice.
    await visitor.keyboard.press('Escape');
    await visitor.keyboard.press('Escape');
    await eventually(async () => expect(visitor.url()).toBe(EXIT));
    await eventually(async () =>
      expect(
        (await suite.app.db.query<{ ended: boolean }>(`SELECT ended_at IS NOT NULL AS ended FROM webchat_sessions WHERE id = $1`, [session.id]))[0].ended,
      ).toBe(true),
    );
    // Back does not return to the chat page.
    await visitor.goBack().catch(() => undefined);
    expect(visitor.url()).not.toContain('/webchat/demo.html');

    // Nothing of the chat in the browser profile: no cookie, no storage of any kind, for Mayak's origin.
    expect(await visitor.context().cookies()).toEqual([]);
    const check = await visitor.context().newPage();
    await check.goto('/webchat/demo.html');
    const left = await check.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
      cookie: document.cookie,
    }));
    expect(left).toEqual({ local: 0, session: 0, databases: 0, caches: 0, cookie: '' });
    // A new visit starts a new, empty chat.
    await check.getByTestId('webchat-launcher').click();
    await visible(check.getByTestId('webchat-panel'));
    expect(await check.getByTestId('webchat-entry').count()).toBe(0);
  });

  it('speaks the visitor’s language and fits a phone', async () => {
    const visitor = await open();
    await visitor.setViewportSize({ width: 390, height: 844 });
    await visitor.goto('/webchat/demo.html');
    await visitor.getByTestId('webchat-launcher').click();
    const panel = visitor.getByTestId('webchat-panel');
    await visible(panel);
    await panel.getByTestId('webchat-language').selectOption('uz');
    await textOf(panel.getByTestId('webchat-quick-exit'), 'Tezkor chiqish');
    expect(await panel.getAttribute('lang')).toBe('uz');
    const box = await panel.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityFindings(visitor, '[data-mayak-webchat]')).toEqual([]);
    await atPath(visitor, '/webchat/demo.html');
  });
});
