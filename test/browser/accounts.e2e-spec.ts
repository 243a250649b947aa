import type { Page } from 'playwright-core';
import { seriousAccessibilityFindings } from '../support/axe';
import {
  atPath,
  demoUser,
  label,
  loginForm,
  passwordInput,
  pressOn,
  signInToShell,
  tableRow,
  textOf,
  tRu,
  visible,
  type ConsoleLocale,
} from '../support/console';
import { consoleSuiteWithMail } from '../support/console-mail';
import type { ReceivedMail } from '../support/mail-inbox';

/**
 * A forgotten password, from the sign-in page to the mail and back, by the keyboard, in the
 * person's language; and an administrator sending someone a reset instead of choosing their
 * password for them. Mail goes over real SMTP to a loopback server.
 */
describe('Console accounts: a forgotten password (browser)', () => {
  const suite = consoleSuiteWithMail();

  /** Sends what waits until a mail to the address has come; the reset request is handled just after its answer. */
  async function mailTo(address: string, count = 1): Promise<ReceivedMail> {
    for (let round = 0; round < 50 && suite.inbox.to(address).length < count; round++) {
      await suite.sendWaitingMails();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const mails = await suite.inbox.waitFor(address, count, 5_000);
    return mails[count - 1];
  }

  const pathOf = (mail: ReceivedMail) => {
    const match = /https:\/\/hotline\.example\.org(\/login\/link#[A-Za-z0-9_-]{43})/.exec(mail.text);
    if (!match) throw new Error(`no link in ${mail.text}`);
    return match[1];
  };

  async function chooseLanguage(page: Page, locale: ConsoleLocale) {
    await page.getByTestId('language-switch').selectOption(locale);
    await textOf(page.getByRole('heading', { level: 1 }), label(locale, 'auth.login.title'));
  }

  it('a case worker who forgot their password asks for a link by the keyboard, gets it in their mail, chooses a new one and signs in', async () => {
    const email = demoUser('caseworker');
    const page = await suite.open();
    await page.goto('/login');
    await pressOn(page.getByTestId('login-forgot'));
    await atPath(page, '/login/forgot');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('auth.forgot.title'));
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
    const address = page.getByRole('textbox', { name: tRu('auth.login.email') });
    await address.focus();
    await page.keyboard.type(email.toUpperCase());
    await page.keyboard.press('Enter');
    await textOf(page.getByTestId('reset-requested'), tRu('auth.forgot.sent'));

    const mail = await mailTo(email);
    expect(mail.subject).toBe('«Маяк»: новый пароль');
    const link = pathOf(mail);

    await page.goto(link);
    const form = page.getByTestId('account-link-form');
    await visible(form);
    await textOf(page.getByRole('heading', { level: 1 }), tRu('auth.link.titleReset'));
    await textOf(form, tRu('auth.link.introReset', { email }));
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
    await passwordInput(form, tRu('account.password.new')).fill('ночной маяк у моря');
    await passwordInput(form, tRu('account.password.repeat')).fill('ночной маяк у мopя'); // a Latin "o" and "p": not the same
    await pressOn(form.getByRole('button', { name: tRu('auth.link.submit') }));
    await visible(form.getByText(tRu('fieldErrors.passwordsDiffer')));
    await passwordInput(form, tRu('account.password.repeat')).fill('ночной маяк у моря');
    await pressOn(form.getByRole('button', { name: tRu('auth.link.submit') }));

    await atPath(page, '/login');
    await textOf(page.getByTestId('login-notice'), tRu('auth.login.passwordSet'));
    const login = loginForm(page);
    expect(await login.email.inputValue()).toBe(email);
    await login.password.fill('ночной маяк у моря');
    await pressOn(login.submit);
    await visible(page.getByTestId('nav'));

    // The same link, opened again: it says it no longer works and offers a new one.
    const again = await suite.open();
    await again.goto(link);
    await visible(again.getByTestId('account-link-invalid'));
    await textOf(again.getByRole('heading', { level: 1 }), tRu('auth.link.invalidTitle'));
    await visible(again.getByRole('link', { name: tRu('auth.link.askNew') }));
    const [used] = await suite.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.password_set_by_link'`);
    expect(used.n).toBe(1);
  });

  it.each(['kk', 'en'] as const)('the pages speak %s and fit a phone', async (locale) => {
    const page = await suite.open();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/login');
    await chooseLanguage(page, locale);
    await page.getByRole('link', { name: label(locale, 'auth.login.forgot') }).click();
    await textOf(page.getByRole('heading', { level: 1 }), label(locale, 'auth.forgot.title'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
    await page.getByRole('textbox', { name: label(locale, 'auth.login.email') }).fill(`nobody.${locale}@mayak.test`);
    await page.getByRole('button', { name: label(locale, 'auth.forgot.submit') }).click();
    await textOf(page.getByTestId('reset-requested'), label(locale, 'auth.forgot.sent'));

    await page.goto('/login/link#' + 'A'.repeat(43));
    await textOf(page.getByRole('heading', { level: 1 }), label(locale, 'auth.link.invalidTitle'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
  });

  it('an administrator sends a colleague a reset link from the list instead of choosing their password', async () => {
    const target = demoUser('operator', 'astana');
    const page = await suite.open();
    await signInToShell(page, demoUser('admin'));
    await page.getByTestId('nav-users').click();
    await atPath(page, '/admin/users');
    const row = tableRow(page.getByTestId('users-table'), target);
    await visible(row);
    const [{ display_name: name }] = await suite.app.db.query<{ display_name: string }>(`SELECT display_name FROM users WHERE email = $1`, [target]);
    await pressOn(row.getByRole('button', { name: tRu('users.sendResetNamed', { name }) }));
    await visible(page.getByText(tRu('users.resetMailed', { email: target }), { exact: true }));
    const mail = await mailTo(target);
    expect(mail.subject).toBe('«Маяк»: новый пароль');
    const [sent] = await suite.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'users.password_reset_sent'`);
    expect(sent.n).toBe(1);
  });
});
