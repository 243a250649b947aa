import { seriousAccessibilityFindings } from '../support/axe';
import { atPath, consoleSuite, demoUser, hidden, label, signInToShell, tabTo, textOf, tRu, visible } from '../support/console';

/**
 * A supervisor keeps the office's quick replies on their screen, by keyboard: writes one,
 * finds it, edits it and removes it; the screen in Kazakh and English, on a phone, with axe.
 */
describe('Quick replies screen (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  it('a supervisor writes, edits and removes a quick reply by keyboard', async () => {
    const page = await open();
    await signInToShell(page, demoUser('supervisor'));
    const nav = page.getByTestId('nav-quick-replies');
    await tabTo(page, nav, 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/quick-replies');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('quickReplies.title'));

    await tabTo(page, page.getByTestId('quick-reply-create'), 40);
    await page.keyboard.press('Enter');
    const form = page.getByTestId('quick-reply-form');
    await visible(form);
    // The title field takes the focus; the language defaults to the console's (Russian).
    await page.keyboard.type('Патент на работу');
    await form.getByLabel(new RegExp(`^${tRu('quickReplies.body')}`)).focus();
    await page.keyboard.type('Патент оформляется через ЦОН или eGov, стоимость зависит от региона.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await hidden(form);
    const table = page.getByTestId('quick-replies-table');
    await textOf(table, 'Патент на работу');
    const [stored] = await suite.app.db.query<{ id: string; language: string; body: string }>(
      `SELECT id, language, body FROM quick_replies WHERE title = 'Патент на работу'`,
    );
    expect(stored).toMatchObject({ language: 'ru', body: 'Патент оформляется через ЦОН или eGov, стоимость зависит от региона.' });

    const row = page.getByTestId(`quick-reply-${stored.id}`);
    await tabTo(page, row.getByRole('button', { name: tRu('quickReplies.editNamed', { title: 'Патент на работу' }) }), 60);
    await page.keyboard.press('Enter');
    await visible(form);
    const body = form.getByLabel(new RegExp(`^${tRu('quickReplies.body')}`));
    await body.fill('Патент оформляется через ЦОН.');
    await form.getByTestId('quick-reply-save').press('Enter');
    await hidden(form);
    await textOf(row, 'Патент оформляется через ЦОН.');
    expect((await suite.app.db.query(`SELECT version FROM quick_replies WHERE id = $1`, [stored.id]))[0]).toEqual({ version: 2 });

    await tabTo(page, row.getByRole('button', { name: tRu('quickReplies.removeNamed', { title: 'Патент на работу' }) }), 60);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: tRu('quickReplies.removeTitle') });
    await visible(confirm);
    await page.keyboard.press('Enter');
    await hidden(row);
    expect(await suite.app.db.query(`SELECT id FROM quick_replies WHERE id = $1`, [stored.id])).toEqual([]);
  });

  for (const [name, width, height] of [
    ['in Kazakh at 1366×768', 1366, 768],
    ['in English on a phone', 390, 844],
  ] as const) {
    it(`shows the screen ${name} with no serious accessibility finding`, async () => {
      const page = await open();
      await signInToShell(page, demoUser('supervisor'));
      const locale = name.includes('Kazakh') ? 'kk' : 'en';
      // The language is chosen on a wide screen (on a phone it is in the menu, see phone.e2e-spec).
      await page.getByTestId('language-switch').selectOption(locale);
      await page.setViewportSize({ width, height });
      await page.goto('/quick-replies');
      await textOf(page.getByRole('heading', { level: 1 }), label(locale, 'quickReplies.title'));
      await visible(page.getByTestId('quick-replies-table'));
      expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
    });
  }
});
