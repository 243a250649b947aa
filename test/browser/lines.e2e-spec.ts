import { seriousAccessibilityFindings } from '../support/axe';
import { atPath, consoleSuite, demoUser, hidden, signInToShell, textOf, tRu, visible } from '../support/console';

const HOTLINE = '+77000011616';

/** An administrator sets the line's opening hours, a public holiday and forwarding after hours. */
describe('Console lines and opening hours (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  it('an administrator sets weekday hours, a holiday and forwarding; the table says so', async () => {
    const page = await open();
    await signInToShell(page, demoUser('admin'));
    await page.getByTestId('nav-offices').click();
    await atPath(page, '/admin/offices');
    const row = page.getByTestId(`line-${HOTLINE}`);
    await visible(row);
    await textOf(row, tRu('lines.aroundTheClock'));
    await textOf(row, tRu('lines.open'));

    await page.getByTestId(`line-edit-${HOTLINE}`).click();
    const dialog = page.getByRole('dialog', { name: tRu('lines.editTitle', { number: HOTLINE }) });
    await visible(dialog);
    await dialog.getByRole('checkbox', { name: tRu('lines.aroundTheClock') }).uncheck();
    for (const day of [1, 2, 3, 4, 5]) await dialog.getByRole('checkbox', { name: tRu(`lines.weekdaysLong.${day}`), exact: true }).check();
    await dialog.getByRole('textbox', { name: tRu('lines.toDay', { day: tRu('lines.weekdaysLong.5') }) }).fill('16:00');
    await dialog.getByTestId('line-holidays').fill('2026-12-16\n2026-12-17');
    await dialog.getByRole('combobox', { name: tRu('lines.afterHours') }).selectOption('forward');
    await dialog.getByTestId('line-forward-to').fill('+7 717 200 0000');
    // The form itself (the shared light badges' and navigation's contrast is left to issue 19, console-wide).
    expect(await seriousAccessibilityFindings(page, '[data-testid="line-form"]')).toEqual([]);
    await dialog.getByTestId('line-save').click();
    await hidden(dialog);

    await textOf(row, `${tRu('lines.weekdays.1')} 09:00–18:00`);
    await textOf(row, `${tRu('lines.weekdays.5')} 09:00–16:00`);
    await textOf(row, tRu('lines.holidaysCount', { n: 2 }));
    await textOf(row, tRu('lines.forwardTo', { number: '+77172000000' }));
    const [saved] = await suite.app.db.query<{ opening_hours: { periods: unknown[]; holidays: string[] }; after_hours: string }>(
      `SELECT opening_hours, after_hours FROM telephony_lines WHERE line_number = $1`,
      [HOTLINE],
    );
    expect(saved.opening_hours.periods).toHaveLength(5);
    expect(saved.opening_hours.holidays).toEqual(['2026-12-16', '2026-12-17']);
    expect(saved.after_hours).toBe('forward');
  });

  it('a supervisor sees the hours but cannot change them', async () => {
    const page = await open();
    await signInToShell(page, demoUser('supervisor'));
    await page.getByTestId('nav-offices').click();
    await visible(page.getByTestId(`line-${HOTLINE}`));
    expect(await page.getByTestId(`line-edit-${HOTLINE}`).count()).toBe(0);
  });
});
