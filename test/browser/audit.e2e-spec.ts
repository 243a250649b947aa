import { seriousAccessibilityFindings } from '../support/axe';
import { chooseByKeyboard, consoleSuite, demoUser, eventually, signInToShell, tabTo, textOf, tRu, visible } from '../support/console';

/** A supervisor reads the audit log in words, and finds who did what to which record. */
describe('Audit log (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  it('names every action and kind of record, and filters by person and action', async () => {
    const page = await open();
    await signInToShell(page, demoUser('supervisor'));
    await page.goto('/contacts');
    await visible(page.getByRole('heading', { level: 1 }));
    await page.goto('/audit');
    const table = page.getByTestId('audit-table');
    await visible(table);
    // Action codes never reach the reader: each is named.
    const named = await table.locator('[data-action]').evaluateAll((cells) => cells.map((c) => ({ code: c.getAttribute('data-action'), text: c.textContent })));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => n.text === n.code)).toEqual([]);

    const [me] = await suite.app.db.query<{ display_name: string }>(`SELECT display_name FROM users WHERE email = $1`, [demoUser('supervisor')]);
    await tabTo(page, page.getByTestId('audit-filter-actor'), 40);
    await chooseByKeyboard(page.getByTestId('audit-filter-actor'), new RegExp(me.display_name));
    await tabTo(page, page.getByTestId('audit-filter-action'), 5);
    await chooseByKeyboard(page.getByTestId('audit-filter-action'), tRu('audit.actions.contacts.listed'));
    await tabTo(page, page.getByRole('button', { name: tRu('common.apply') }), 20);
    await page.keyboard.press('Enter');
    await eventually(async () => {
      const actions = await table.locator('[data-action]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-action')));
      expect(actions.length).toBeGreaterThan(0);
      expect(new Set(actions)).toEqual(new Set(['contacts.listed']));
    });
    await textOf(table, tRu('audit.actions.contacts.listed'));
    await textOf(table, demoUser('supervisor'));
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
  });
});
