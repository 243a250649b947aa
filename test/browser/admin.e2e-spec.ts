import type { Page } from 'playwright-core';
import { createTestClient } from '../support/client';
import { atPath, demoUser, hidden, signIn, signInToShell, tableRow, textOf, tRu, visible, consoleSuite } from '../support/console';

/** The Users screen as an administrator: create, refuse a weak password, deactivate. */
describe('Console users administration (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  /** Signs in as the Almaty administrator and opens Users from the navigation. */
  async function openUsersScreen(): Promise<Page> {
    const page = await open();
    await signInToShell(page, demoUser('admin'));
    await page.getByTestId('nav-users').click();
    await atPath(page, '/admin/users');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('users.title'));
    await visible(tableRow(page.getByTestId('users-table'), demoUser('admin')));
    return page;
  }

  /** Opens the "new user" dialog and fills it in (the password last, as given). */
  async function fillNewUser(page: Page, user: { email: string; name: string; password: string; role: string; office: string }) {
    await page.getByTestId('user-create').click();
    const dialog = page.getByRole('dialog', { name: tRu('users.create') });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: tRu('users.email') }).fill(user.email);
    await dialog.getByRole('textbox', { name: tRu('users.displayName') }).fill(user.name);
    await dialog.getByLabel(tRu('users.password')).fill(user.password);
    await dialog.getByRole('checkbox', { name: tRu(`roles.${user.role}`) }).check();
    await dialog.getByRole('checkbox', { name: user.office }).check();
    return dialog;
  }

  it('creates a user who appears in the list and can then sign in', async () => {
    const page = await openUsersScreen();
    const user = { email: 'asel.operator@mayak.test', name: 'Асель Новикова', password: 'тихий вечер над рекой', role: 'operator', office: 'Astana' };
    const dialog = await fillNewUser(page, user);
    await dialog.getByRole('button', { name: tRu('common.save'), exact: true }).click();
    await hidden(dialog);
    await visible(page.getByText(tRu('users.created'), { exact: true }));

    const row = tableRow(page.getByTestId('users-table'), user.email);
    await visible(row);
    await textOf(row, user.name);
    await textOf(row, tRu('roles.operator'));
    await textOf(row, 'Astana');
    await textOf(row, tRu('common.active'));
    await textOf(row, tRu('users.mfaOff'));

    // The new account works: sign in through the API as that person.
    const client = createTestClient(suite.app.baseUrl);
    const { data, error } = await client.login(user.email, user.password);
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ state: 'active', user: { email: user.email, displayName: user.name, roles: ['operator'] } });
    expect(data?.user.offices.map((office) => office.name)).toEqual(['Astana']);
  });

  it('shows a field error for a weak password and creates nothing', async () => {
    const page = await openUsersScreen();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/users') posts.push(request.url());
    });
    const email = 'weak.password@mayak.test';
    const dialog = await fillNewUser(page, { email, name: 'Слабый Пароль', password: 'password1234', role: 'case_worker', office: 'Almaty' });
    const save = dialog.getByRole('button', { name: tRu('common.save'), exact: true });
    const password = dialog.getByLabel(tRu('users.password'));

    await save.click();
    await visible(dialog.getByText(tRu('fieldErrors.too_common')));
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    // The message is tied to the field for screen readers.
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    const description = await page.evaluate(
      (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
      describedBy,
    );
    expect(description).toContain(tRu('fieldErrors.too_common'));

    await password.fill('короткий');
    await save.click();
    await visible(dialog.getByText(tRu('fieldErrors.too_short')));
    await visible(dialog);

    await dialog.getByRole('button', { name: tRu('common.cancel'), exact: true }).click();
    await hidden(dialog);
    expect(posts).toEqual([]);
    expect(await tableRow(page.getByTestId('users-table'), email).count()).toBe(0);
  });

  it('deactivates a user after confirmation: shown as inactive, signed out, unable to sign in', async () => {
    const target = { email: demoUser('caseworker', 'astana'), name: 'Ержан Кейс-менеджер' };
    // The case worker is at work in another browser.
    const theirs = await open();
    await signInToShell(theirs, target.email);

    const page = await openUsersScreen();
    const row = tableRow(page.getByTestId('users-table'), target.email);
    await textOf(row, tRu('common.active'));
    await row.getByRole('button', { name: tRu('users.deactivateNamed', { name: target.name }) }).click();

    const confirm = page.getByRole('dialog', { name: tRu('users.deactivate') });
    await visible(confirm);
    await textOf(confirm, tRu('users.deactivateConfirm', { name: target.name }));
    await confirm.getByRole('button', { name: tRu('users.deactivate'), exact: true }).click();
    await hidden(confirm);
    await visible(page.getByText(tRu('users.deactivated'), { exact: true }));

    await textOf(row, tRu('common.inactive'));
    await visible(row.getByRole('button', { name: tRu('users.activateNamed', { name: target.name }) }));
    expect(await row.getByRole('button', { name: tRu('users.deactivateNamed', { name: target.name }) }).count()).toBe(0);

    // Their open console is signed out ...
    await theirs.reload();
    await atPath(theirs, '/login');
    // ... and signing in again is refused with the reason.
    await signIn(theirs, target.email);
    await textOf(theirs.getByTestId('error-alert'), tRu('errors.account_disabled'));
    expect(await theirs.getByTestId('nav').count()).toBe(0);
  });
});
