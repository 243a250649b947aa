import { seriousAccessibilityFindings } from '../support/axe';
import { signedIn } from '../support/client';
import { consoleSuite, demoUser, eventually, hidden, label, signInToShell, tableRow, textOf, tRu, visible } from '../support/console';

/**
 * One way to write a phone number and a date, whatever the screen, the browser or who looks:
 * a revealed number is grouped as its mask is, and dates are typed and shown day first in the
 * console's language (never the browser's month-first order).
 */
describe('Numbers and dates written one way (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  it('a number reads the same masked, revealed from the list, on the contact page and to a supervisor', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const logged = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', category: 'labour_exploitation', callerType: 'victim', phone: '8 (701) 555-12-34', notes: 'Звонит с чужого телефона' },
    });
    expect(logged.response.status).toBe(201);
    const masked = '+7 701 ••• •• 34';
    const written = '+7 701 555 12 34';

    const page = await open();
    await signInToShell(page, demoUser('operator'));
    await page.goto('/contacts');
    const row = tableRow(page.getByTestId('contacts-table'), masked);
    await visible(row);
    await row.getByRole('button', { name: tRu('people.reveal.button') }).click();
    const dialog = page.getByRole('dialog', { name: tRu('people.reveal.title') });
    await dialog.getByRole('textbox', { name: tRu('people.reveal.reason'), exact: true }).fill('Клиент просит перезвонить');
    await dialog.getByRole('button', { name: tRu('people.reveal.submit'), exact: true }).click();
    await hidden(dialog);
    await textOf(page.getByTestId('contacts-table'), written);
    expect(await page.getByTestId('contacts-table').textContent()).not.toContain('+77015551234');

    await page.goto(`/contacts/${logged.data!.id}`);
    await textOf(page.getByTestId('contact-phone'), masked);

    // A supervisor sees numbers in full, written the same way.
    const supervisor = await open();
    await signInToShell(supervisor, demoUser('supervisor'));
    await supervisor.goto(`/contacts/${logged.data!.id}`);
    await textOf(supervisor.getByTestId('contact-phone'), written);
  });

  it('dates are typed and shown day first in Russian, Kazakh and English, whatever the browser', async () => {
    const page = await open();
    await signInToShell(page, demoUser('supervisor'));
    await page.goto('/contacts');
    const from = page.getByLabel(tRu('common.from'), { exact: true });
    await visible(from);

    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/contacts?') && new URL(r.url()).searchParams.has('from'));
    await from.fill('03.12.2026');
    await page.keyboard.press('Escape');
    const dayStart = await page.evaluate(() => new Date('2026-12-03T00:00:00').toISOString());
    expect(new URL((await asked).url()).searchParams.get('from')).toBe(dayStart);
    await from.blur();
    expect(await from.inputValue()).toBe('03.12.2026');
    expect(await seriousAccessibilityFindings(page)).toEqual([]);

    // Month first (12/31) is not a day in this console: refused, the last good day stays.
    await from.fill('12/31/2026');
    await from.blur();
    await eventually(async () => expect(await from.inputValue()).toBe('03.12.2026'));

    for (const [locale, shown] of [
      ['en', '03/12/2026'],
      ['kk', '03.12.2026'],
    ] as const) {
      await page.getByTestId('language-switch').selectOption(locale);
      const field = page.getByLabel(label(locale, 'common.from'), { exact: true });
      await eventually(async () => expect(await field.inputValue()).toBe(shown));
    }

    // The calendar speaks the language too, and the week starts on Monday.
    const weekdays = async (locale: 'en' | 'kk') => {
      await page.getByTestId('language-switch').selectOption(locale);
      const field = page.getByLabel(label(locale, 'common.from'), { exact: true });
      await field.click();
      const dropdown = page.locator('.mantine-Popover-dropdown');
      await visible(dropdown);
      const days = await dropdown.locator('thead th').allTextContents();
      await page.keyboard.press('Escape');
      await hidden(dropdown);
      return days;
    };
    expect(await weekdays('en')).toEqual(['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su']);
    const kazakh = await weekdays('kk');
    expect(kazakh).toHaveLength(7);
    expect(kazakh.filter((day) => ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'].includes(day))).toEqual([]);
  });
});
