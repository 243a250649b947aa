import type { Page } from 'playwright-core';
import { createTestClient } from '../support/client';
import { atPath, consoleSuite, demoUser, hidden, loginForm, passwordInput, signIn, signInToShell, tableRow, textOf, tRu, visible } from '../support/console';

/** The Users screen as an administrator: invite (the invited person chooses their password), deactivate. */
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

  /** Opens the "new user" dialog and fills it in: no password, the person chooses theirs. */
  async function fillNewUser(page: Page, user: { email: string; name: string; role: string; office: string }) {
    await page.getByTestId('user-create').click();
    const dialog = page.getByRole('dialog', { name: tRu('users.create') });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: tRu('users.email') }).fill(user.email);
    await dialog.getByRole('textbox', { name: tRu('users.displayName') }).fill(user.name);
    await textOf(dialog, tRu('users.invitationNote'));
    expect(await dialog.getByLabel(tRu('account.password.new')).count()).toBe(0);
    await dialog.getByRole('checkbox', { name: tRu(`roles.${user.role}`) }).check();
    await dialog.getByRole('checkbox', { name: user.office }).check();
    return dialog;
  }

  it('invites a user who is listed as invited; through the link handed over they choose a password (a weak one refused) and sign in', async () => {
    const page = await openUsersScreen();
    const user = { email: 'asel.operator@mayak.test', name: 'Асель Новикова', role: 'operator', office: 'Astana' };
    const dialog = await fillNewUser(page, user);
    await dialog.getByRole('button', { name: tRu('users.invite'), exact: true }).click();
    await hidden(dialog);

    // Mail is off in this suite: the administrator is given the link to pass on.
    const handover = page.getByRole('dialog', { name: tRu('users.linkTitle') });
    await visible(handover);
    const url = await handover.getByTestId('account-link-url').inputValue();
    expect(url).toMatch(/\/login\/link#[A-Za-z0-9_-]{43}$/);
    await handover.getByRole('button', { name: tRu('users.linkHandedOver'), exact: true }).click();
    await hidden(handover);

    const row = tableRow(page.getByTestId('users-table'), user.email);
    await visible(row);
    await textOf(row, user.name);
    await textOf(row, tRu('roles.operator'));
    await textOf(row, 'Astana');
    await textOf(row, tRu('users.invited'));
    await visible(row.getByRole('button', { name: tRu('users.inviteAgainNamed', { name: user.name }) }));
    expect(
      await createTestClient(suite.app.baseUrl)
        .login(user.email, 'тихий вечер над рекой')
        .then((r) => r.error),
    ).toMatchObject({ code: 'invalid_credentials' });

    // The invited person opens the link in their own browser.
    const theirs = await open();
    await theirs.goto(new URL(url).pathname + new URL(url).hash);
    const form = theirs.getByTestId('account-link-form');
    await visible(form);
    await textOf(theirs.getByRole('heading', { level: 1 }), tRu('auth.link.titleInvitation'));
    await textOf(form, tRu('auth.link.introInvitation', { name: user.name, email: user.email }));
    // The token left the address bar as soon as it was read.
    expect(new URL(theirs.url()).hash).toBe('');
    const password = passwordInput(form, tRu('account.password.new'));
    const repeat = passwordInput(form, tRu('account.password.repeat'));
    await password.fill('password1234');
    await repeat.fill('password1234');
    await form.getByRole('button', { name: tRu('auth.link.submit') }).click();
    await visible(form.getByText(tRu('fieldErrors.too_common')));
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    const description = await theirs.evaluate(
      (ids) =>
        ids
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(description).toContain(tRu('fieldErrors.too_common'));

    await password.fill('тихий вечер над рекой');
    await repeat.fill('тихий вечер над рекой');
    await form.getByRole('button', { name: tRu('auth.link.submit') }).click();
    await atPath(theirs, '/login');
    await textOf(theirs.getByTestId('login-notice'), tRu('auth.login.passwordSet'));
    const login = loginForm(theirs);
    expect(await login.email.inputValue()).toBe(user.email);
    await login.password.fill('тихий вечер над рекой');
    await login.submit.click();
    await visible(theirs.getByTestId('nav'));

    await page.reload();
    await textOf(tableRow(page.getByTestId('users-table'), user.email), tRu('common.active'));
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
