import type { Page } from 'playwright-core';
import { seriousAccessibilityFindings } from '../support/axe';
import { DEMO_PASSWORD } from '../support/client';
import {
  atPath,
  consoleSuite,
  demoUser,
  eventually,
  focused,
  label,
  loginForm,
  passwordInput,
  signIn,
  signInToShell,
  tabTo,
  textOf,
  tRu,
  visible,
  type ConsoleLocale,
} from '../support/console';
import { totpCode } from '../support/totp';

/**
 * My account: one's own password and second factor, each change behind the password given
 * again; and the sign-in form letting the password with the app's code in while guesses
 * elsewhere hold the password alone back. TRUST_PROXY lets a test's guesses come from
 * another address than the browser's.
 */
describe('Console account security (browser)', () => {
  const suite = consoleSuite({ TRUST_PROXY: 'true', MFA_REQUIRED_ROLES: '' });
  const open = suite.open;
  const NEW_PASSWORD = 'steppe-wind-lantern-2026';

  const passwordField = passwordInput;
  const button = (page: Page, text: string) => page.getByRole('button', { name: text, exact: true });

  it('an operator changes their password with the keyboard alone; their other sessions end', async () => {
    const email = demoUser('operator');
    const elsewhere = await open();
    await signInToShell(elsewhere, email);
    const page = await open();
    await signInToShell(page, email);

    // From the navigation to the form, keyboard only.
    await tabTo(page, page.getByTestId('nav-account'), 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/account');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('account.title'));
    const current = passwordField(page, tRu('account.password.current'));
    await tabTo(page, current, 40);
    await page.keyboard.type('not-my-password');
    await tabTo(page, passwordField(page, tRu('account.password.new')), 3);
    await page.keyboard.type(NEW_PASSWORD);
    await tabTo(page, passwordField(page, tRu('account.password.repeat')), 3);
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await textOf(page.getByTestId('error-alert'), tRu('errors.reauthentication_failed'));

    for (let presses = 0; presses < 6 && !(await current.evaluate((el) => el === document.activeElement)); presses++) await page.keyboard.press('Shift+Tab');
    await focused(current);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await visible(page.getByText(tRu('account.password.changed')));
    // Still signed in here; the other browser is signed out.
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(200);
    expect((await elsewhere.request.get('/api/v1/auth/me')).status()).toBe(401);

    const again = await open();
    await signIn(again, email);
    await textOf(again.getByTestId('error-alert'), tRu('errors.invalid_credentials'));
    await signInToShell(again, email, NEW_PASSWORD);
  });

  it('a case worker sets up a second factor and renews the recovery codes, in Kazakh', async () => {
    const locale: ConsoleLocale = 'kk';
    const k = (key: string, vars?: Record<string, string | number>) => label(locale, key, vars);
    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.getByTestId('language-switch').selectOption(locale);
    await page.getByTestId('nav-account').click();
    await atPath(page, '/account');
    await textOf(page.getByRole('heading', { level: 1 }), k('account.title'));
    await textOf(page.getByTestId('second-factor-status'), k('account.secondFactor.notEnrolled'));

    await page.getByTestId('start-enrolment').click();
    expect(await page.getByTestId('mfa-qr').count()).toBe(0);
    await passwordField(page, k('auth.stepUp.password')).fill(DEMO_PASSWORD);
    await button(page, k('auth.stepUp.continue')).click();
    await visible(page.getByTestId('mfa-qr'));
    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').trim();
    await page.getByRole('textbox', { name: k('auth.enrol.code') }).fill(totpCode(secret, suite.app.clock));
    await button(page, k('auth.enrol.submit')).click();
    await visible(page.getByTestId('recovery-codes'));
    const first = (await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(first).toHaveLength(10);
    await page.getByTestId('recovery-codes-saved').click();
    await textOf(page.getByTestId('second-factor-status'), k('account.secondFactor.codesLeft', { count: 10 }));

    // New codes need the password and a code from the app; the next step's code, as the last one was used.
    await passwordField(page, k('auth.stepUp.password')).fill(DEMO_PASSWORD);
    await page.getByRole('textbox', { name: k('auth.enrol.code') }).fill('000000');
    await page.getByTestId('renew-recovery-codes').click();
    await textOf(page.getByTestId('error-alert'), k('errors.reauthentication_failed'));
    await passwordField(page, k('auth.stepUp.password')).fill(DEMO_PASSWORD);
    await page.getByRole('textbox', { name: k('auth.enrol.code') }).fill(totpCode(secret, suite.app.clock, 1));
    await page.getByTestId('renew-recovery-codes').click();
    await visible(page.getByTestId('recovery-codes'));
    const renewed = (await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(renewed).toHaveLength(10);
    expect(renewed.filter((code) => first.includes(code))).toEqual([]);
    await page.getByTestId('recovery-codes-saved').click();
    await textOf(page.getByTestId('second-factor-status'), k('account.secondFactor.codesLeft', { count: 10 }));
  });

  it('signs in with the password and the app code while guesses elsewhere hold the password alone back', async () => {
    const email = demoUser('supervisor', 'astana');
    // The supervisor has a second factor (set up through the API, as the test above did in the console).
    const setUp = await open();
    await signInToShell(setUp, email);
    const start = await setUp.request.post('/api/v1/auth/mfa/enrolment', {
      data: { password: DEMO_PASSWORD },
      headers: { 'x-csrf-token': await csrfOf(setUp) },
    });
    const { secret } = (await start.json()) as { secret: string };
    const confirmed = await setUp.request.post('/api/v1/auth/mfa/enrolment/confirm', {
      data: { code: totpCode(secret, suite.app.clock) },
      headers: { 'x-csrf-token': await csrfOf(setUp) },
    });
    expect(confirmed.status()).toBe(200);

    // Someone elsewhere guesses five times.
    for (let i = 0; i < 5; i++) {
      const guess = await fetch(`${suite.app.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
        body: JSON.stringify({ email, password: `guess-${i}` }),
      });
      expect(guess.status).toBe(401);
    }

    const page = await open();
    await signIn(page, email);
    await textOf(page.getByTestId('login-with-code'), tRu('auth.login.withCodeIntro'));
    const form = loginForm(page);
    await form.password.fill(DEMO_PASSWORD);
    await page.getByRole('textbox', { name: tRu('auth.login.code') }).fill(totpCode(secret, suite.app.clock, 1));
    await form.submit.click();
    // In at once: the code was checked with the password, so no second step.
    await atPath(page, '/');
    await visible(page.getByTestId('nav'));
  });

  it('an operator sets the ring volume, checks the microphone and chooses it, all kept in this browser', async () => {
    const page = await open();
    await signInToShell(page, demoUser('operator', 'astana'));
    await page.goto('/account');
    const sound = page.getByRole('region', { name: tRu('account.sound.title') });
    await visible(sound);
    // Volume by keyboard: the slider's thumb, arrow keys.
    const volume = sound.getByRole('slider');
    expect(await volume.getAttribute('aria-valuenow')).toBe('60');
    await volume.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await eventually(async () => expect(await volume.getAttribute('aria-valuenow')).toBe('40'));
    await eventually(async () => expect(await page.evaluate(() => window.localStorage.getItem('mayak.softphone.ringVolume'))).toBe('40'));
    await sound.getByTestId('ring-sample').click();

    // The (fake) microphone is heard; its name appears once the browser allowed it, and the choice is kept.
    await sound.getByTestId('microphone-check').click();
    const result = sound.getByTestId('microphone-result');
    await visible(result, 10_000);
    expect(await result.getAttribute('data-result')).toBe('heard');
    await textOf(result, tRu('account.sound.result.heard'));
    const select = sound.getByTestId('microphone-select');
    const options = await select.locator('option').evaluateAll((nodes) => nodes.map((n) => (n as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(1);
    await select.selectOption(options[1]);
    expect(await page.evaluate(() => window.localStorage.getItem('mayak.softphone.inputDevice'))).toBe(options[1]);
    await page.reload();
    await visible(page.getByTestId('microphone-select'));
    expect(await page.getByRole('slider').getAttribute('aria-valuenow')).toBe('40');
  });

  for (const viewport of [
    { name: 'a 1366×768 screen', width: 1366, height: 768 },
    { name: 'a phone', width: 390, height: 844 },
  ]) {
    it(`my account has no serious accessibility finding and fits ${viewport.name}`, async () => {
      const page = await open();
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await signIn(page, demoUser('caseworker', 'astana'));
      await atPath(page, '/');
      await page.goto('/account');
      await textOf(page.getByRole('heading', { level: 1 }), tRu('account.title'));
      await visible(page.getByTestId('change-password'));
      expect(await seriousAccessibilityFindings(page)).toEqual([]);
      // Every field and button of the page is within the screen's width.
      const overflowing = await page
        .getByRole('main')
        .locator('input, button')
        .evaluateAll((elements) => elements.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).map((el) => el.outerHTML.slice(0, 80)));
      expect(overflowing).toEqual([]);
      await page.getByTestId('change-password').focus();
      await focused(page.getByTestId('change-password'));
    });
  }
});

/** The CSRF token the console holds: the API hands it out with the session description. */
async function csrfOf(page: Page): Promise<string> {
  const me = await page.request.get('/api/v1/auth/me');
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}
