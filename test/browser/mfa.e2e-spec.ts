import type { Page } from 'playwright-core';
import { atPath, demoUser, hidden, passwordInput, signIn, textOf, tRu, visible, visibleNavItems, consoleSuite } from '../support/console';
import { DEMO_PASSWORD } from '../support/client';
import { totpCode } from '../support/totp';

/**
 * The second factor in Chromium, with supervisors and admins required to use one: enrolment
 * from the secret shown on screen, the recovery codes, then later sign-ins with a recovery
 * code and with the authenticator's code.
 */
describe('Console second factor (browser)', () => {
  const suite = consoleSuite({ MFA_REQUIRED_ROLES: 'supervisor,admin' });
  const open = suite.open;

  const codeField = (page: Page, labelKey: string) => page.getByRole('textbox', { name: tRu(labelKey) });
  const button = (page: Page, labelKey: string) => page.getByRole('button', { name: tRu(labelKey), exact: true });
  /** Enrolment starts only once the password is given again. */
  const givePasswordAgain = async (page: Page, password = DEMO_PASSWORD) => {
    await passwordInput(page, tRu('auth.stepUp.password')).fill(password);
    await button(page, 'auth.stepUp.continue').click();
  };

  it('a supervisor enrols, keeps the recovery codes, and passes the code step at later sign-ins', async () => {
    const email = demoUser('supervisor');
    const page = await open();

    // 1. Sign-in leads to enrolment, not into the console.
    await signIn(page, email);
    await atPath(page, '/login/enrol');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('auth.enrol.title'));
    expect(await page.getByTestId('nav').count()).toBe(0);
    // The session alone does not start it: the password is asked again, and a wrong one is refused.
    expect(await page.getByTestId('mfa-qr').count()).toBe(0);
    await givePasswordAgain(page, 'not-my-password');
    await textOf(page.getByTestId('error-alert'), tRu('errors.reauthentication_failed'));
    expect(await page.getByTestId('mfa-qr').count()).toBe(0);
    await givePasswordAgain(page);
    const qr = page.getByTestId('mfa-qr');
    await visible(qr);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await qr.getAttribute('alt')).toBe(tRu('auth.enrol.qrAlt'));
    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);

    // The console itself is closed until enrolment is done.
    await page.goto('/admin/users');
    await atPath(page, '/login/enrol');
    // The enrolment page started over; the secret to use is the one it shows now.
    await givePasswordAgain(page);
    await visible(page.getByTestId('mfa-qr'));
    const current = ((await page.getByTestId('mfa-secret').textContent()) ?? '').trim();
    expect(current).toMatch(/^[A-Z2-7]{16,}=*$/);

    // 2. A wrong code is refused with the translated message; the right one is accepted.
    await codeField(page, 'auth.enrol.code').fill('000000');
    await button(page, 'auth.enrol.submit').click();
    await textOf(page.getByTestId('error-alert'), tRu('errors.mfa_invalid_code'));

    await codeField(page, 'auth.enrol.code').fill(totpCode(current, suite.app.clock));
    await button(page, 'auth.enrol.submit').click();

    // 3. Ten recovery codes, shown once, until the user says they are saved.
    const list = page.getByTestId('recovery-codes');
    await visible(list);
    await textOf(page.getByRole('heading', { level: 1 }), tRu('auth.enrol.recoveryTitle'));
    const codes = (await list.getByRole('listitem').allTextContents()).map((code) => code.trim());
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    expect(await page.getByTestId('nav').count()).toBe(0);
    await page.getByTestId('recovery-codes-saved').click();

    // 4. Signed in, with the supervisor's navigation.
    await atPath(page, '/');
    expect(await visibleNavItems(page)).toEqual([
      'nav-home',
      'nav-dashboard',
      'nav-intake',
      'nav-contacts',
      'nav-cases',
      'nav-people',
      'nav-callbacks',
      'nav-conversations',
      'nav-referrals',
      'nav-alerts',
      'nav-exports',
      'nav-directory',
      'nav-knowledge',
      'nav-quick-replies',
      'nav-users',
      'nav-offices',
      'nav-audit',
      'nav-account',
    ]);
    await textOf(page.getByRole('main'), tRu('home.mfaEnrolled'));

    // 5. Sign out; signing in again asks for the code. A recovery code gets through.
    await page.getByTestId('sign-out').click();
    await atPath(page, '/login');
    await signIn(page, email);
    await atPath(page, '/login/mfa');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('auth.mfa.title'));
    expect(await page.getByTestId('nav').count()).toBe(0);
    await page.getByTestId('mfa-toggle-recovery').click();
    await codeField(page, 'auth.mfa.recoveryCode').fill(codes[3]);
    await button(page, 'auth.mfa.submit').click();
    await atPath(page, '/');
    await visible(page.getByTestId('nav-users'));

    // 6. Once more, now with the app's code. The enrolment used the current 30-second step and
    // the API never takes a step twice, so the app's next code (its clock a step ahead; the
    // API allows one step of drift) is the one that works without waiting half a minute.
    await page.getByTestId('sign-out').click();
    await atPath(page, '/login');
    await signIn(page, email);
    await atPath(page, '/login/mfa');
    const code = codeField(page, 'auth.mfa.code');
    await code.fill('123456');
    await button(page, 'auth.mfa.submit').click();
    await textOf(page.getByTestId('error-alert'), tRu('errors.mfa_invalid_code'));
    await code.fill(totpCode(current, suite.app.clock, 1));
    await button(page, 'auth.mfa.submit').click();
    await atPath(page, '/');
    await hidden(page.getByTestId('error-alert'));
    expect(await visibleNavItems(page)).toEqual([
      'nav-home',
      'nav-dashboard',
      'nav-intake',
      'nav-contacts',
      'nav-cases',
      'nav-people',
      'nav-callbacks',
      'nav-conversations',
      'nav-referrals',
      'nav-alerts',
      'nav-exports',
      'nav-directory',
      'nav-knowledge',
      'nav-quick-replies',
      'nav-users',
      'nav-offices',
      'nav-audit',
      'nav-account',
    ]);
  });

  it('a used recovery code is refused the second time', async () => {
    const page = await open();
    await signIn(page, demoUser('admin', 'astana'));
    await atPath(page, '/login/enrol');
    await givePasswordAgain(page);
    await visible(page.getByTestId('mfa-qr'));
    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').trim();
    await codeField(page, 'auth.enrol.code').fill(totpCode(secret, suite.app.clock));
    await button(page, 'auth.enrol.submit').click();
    const list = page.getByTestId('recovery-codes');
    await visible(list);
    const codes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await page.getByTestId('recovery-codes-saved').click();
    await atPath(page, '/');
    expect(await visibleNavItems(page)).toEqual([
      'nav-home',
      'nav-dashboard',
      'nav-alerts',
      'nav-directory',
      'nav-knowledge',
      'nav-quick-replies',
      'nav-users',
      'nav-offices',
      'nav-retention',
      'nav-queues',
      'nav-person-merges',
      'nav-audit',
      'nav-account',
    ]);

    for (const expectAccepted of [true, false]) {
      const fresh = await open();
      await signIn(fresh, demoUser('admin', 'astana'));
      await atPath(fresh, '/login/mfa');
      await fresh.getByTestId('mfa-toggle-recovery').click();
      await codeField(fresh, 'auth.mfa.recoveryCode').fill(codes[0]);
      await button(fresh, 'auth.mfa.submit').click();
      if (expectAccepted) {
        await atPath(fresh, '/');
        await visible(fresh.getByTestId('nav'));
      } else {
        await textOf(fresh.getByTestId('error-alert'), tRu('errors.mfa_invalid_code'));
        expect(new URL(fresh.url()).pathname).toBe('/login/mfa');
        expect(await fresh.getByTestId('nav').count()).toBe(0);
      }
    }
  });
});
