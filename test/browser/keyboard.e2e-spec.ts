import type { Page } from 'playwright-core';
import {
  atPath,
  DEMO_PASSWORD,
  demoUser,
  focused,
  hidden,
  isFocused,
  loginForm,
  tabTo,
  tableRow,
  textOf,
  tRu,
  visible,
  consoleSuite,
} from '../support/console';

/**
 * Everything here is done with `page.keyboard` only (Tab, typing, Enter, Space, Escape):
 * no clicks, no `fill`. Locators are used only to check where focus is and what is shown.
 */
describe('Console with the keyboard alone (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  /** The skip link is the first Tab stop; following it puts the next Tab inside the main region. */
  async function skipToContent(page: Page): Promise<void> {
    await page.keyboard.press('Tab');
    const skip = page.getByTestId('skip-link');
    await focused(skip);
    await textOf(skip, tRu('app.skipToContent'));
    // Hidden off-screen until focused; now it is on screen for the keyboard user to see.
    expect(await skip.evaluate((el) => el.getBoundingClientRect().bottom > 0)).toBe(true);
    await page.keyboard.press('Enter');
    await focused(page.locator('#main-content'));
  }

  it('signs in, opens Offices and creates an office; Escape closes the dialog', async () => {
    const page = await open();
    await page.goto('/login');
    const form = loginForm(page);
    await visible(form.email);

    // Sign in: skip link, then the form, typed.
    await skipToContent(page);
    await page.keyboard.press('Tab');
    await focused(form.email);
    await page.keyboard.type(demoUser('admin'));
    await page.keyboard.press('Tab');
    await focused(form.password);
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await atPath(page, '/');
    await visible(page.getByTestId('nav'));

    // The navigation: Tab to "Offices", Enter.
    const officesLink = page.getByTestId('nav-offices');
    await tabTo(page, officesLink);
    await page.keyboard.press('Enter');
    await atPath(page, '/admin/offices');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('offices.title'));
    // After moving between pages focus goes to the content, so the next Tab is the page's first control.
    const create = page.getByTestId('office-create');
    await visible(create);
    await focused(page.locator('#main-content'));
    await page.keyboard.press('Tab');
    await focused(create);

    // Open the dialog with Enter; focus starts in its first field.
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: tRu('offices.create') });
    await visible(dialog);
    const name = dialog.getByRole('textbox', { name: tRu('offices.name') });
    await focused(name);
    await page.keyboard.type('Шымкент');
    await page.keyboard.press('Tab');
    await focused(dialog.getByRole('textbox', { name: tRu('offices.code') }));
    await page.keyboard.type('cit');
    // The time zone keeps its default; the after-call work is set to 90 seconds; Enter in a field submits the form.
    const wrapUp = dialog.getByRole('textbox', { name: tRu('offices.wrapUpSeconds') });
    await tabTo(page, wrapUp, 4);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('90');
    await page.keyboard.press('Enter');
    await hidden(dialog);

    const table = page.getByTestId('offices-table');
    const row = tableRow(table, 'Шымкент');
    await visible(row);
    await textOf(row, 'CIT');
    await textOf(row, 'Asia/Almaty');
    await textOf(row, tRu('offices.wrapUpValue', { seconds: 90 }));
    await textOf(row, tRu('common.active'));
    await visible(page.getByText(tRu('offices.created'), { exact: true }));
    // Focus went back to the button that opened the dialog.
    await focused(create);

    // Space opens it too; Escape closes it without saving, focus returns to the button.
    await page.keyboard.press('Space');
    await visible(dialog);
    await focused(name);
    await page.keyboard.type('Не сохранять');
    await page.keyboard.press('Escape');
    await hidden(dialog);
    await focused(create);
    expect(await tableRow(table, 'Не сохранять').count()).toBe(0);
  });

  it('on a signed-in page too, the skip link is the first Tab stop and leads past the navigation', async () => {
    const page = await open();
    await page.goto('/login');
    // Keyboard sign-in again, this time without the skip link (Tab through the header).
    const form = loginForm(page);
    await tabTo(page, form.email, 5);
    await page.keyboard.type(demoUser('admin', 'astana'));
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await atPath(page, '/');

    await page.goto('/admin/offices');
    const create = page.getByTestId('office-create');
    await visible(create);
    await skipToContent(page);
    await page.keyboard.press('Tab');
    await focused(create);
    expect(await isFocused(page.getByTestId('nav-home'))).toBe(false);

    // A confirm dialog also closes with Escape, and nothing changes.
    const deactivate = page.getByRole('button', { name: tRu('offices.deactivateNamed', { name: 'Astana' }) });
    await tabTo(page, deactivate, 40);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: tRu('offices.deactivate') });
    await visible(confirm);
    await textOf(confirm, tRu('offices.deactivateConfirm', { name: 'Astana' }));
    await page.keyboard.press('Escape');
    await hidden(confirm);
    await focused(deactivate);
    await textOf(tableRow(page.getByTestId('offices-table'), 'Astana'), tRu('common.active'));
  });
});
