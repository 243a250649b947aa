import {
  atPath,
  demoUser,
  eventually,
  hidden,
  label,
  loginForm,
  signIn,
  signInToShell,
  textOf,
  tRu,
  visible,
  visibleNavItems,
  consoleSuite,
} from '../support/console';

/**
 * Sign-in through the form in Chromium, the navigation each role is given, the no-access
 * page, a refused password, and the language switch. One app (MFA not required) for the file.
 */
describe('Console sign-in (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  const cases = [
    {
      role: 'operator',
      email: demoUser('operator'),
      name: 'Айгерим Оператор',
      roleLabel: tRu('roles.operator'),
      nav: [
        'nav-home',
        'nav-intake',
        'nav-contacts',
        'nav-cases',
        'nav-people',
        'nav-callbacks',
        'nav-conversations',
        'nav-referrals',
        'nav-alerts',
        'nav-directory',
        'nav-knowledge',
        'nav-account',
      ],
    },
    {
      role: 'case worker',
      email: demoUser('caseworker'),
      name: 'Сауле Кейс-менеджер',
      roleLabel: tRu('roles.case_worker'),
      nav: [
        'nav-home',
        'nav-intake',
        'nav-contacts',
        'nav-cases',
        'nav-people',
        'nav-callbacks',
        'nav-conversations',
        'nav-referrals',
        'nav-alerts',
        'nav-directory',
        'nav-knowledge',
        'nav-account',
      ],
    },
    {
      role: 'supervisor',
      email: demoUser('supervisor'),
      name: 'Гульнара Супервайзер',
      roleLabel: tRu('roles.supervisor'),
      nav: [
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
      ],
    },
    {
      role: 'admin',
      email: demoUser('admin'),
      name: 'Алма Администратор',
      roleLabel: tRu('roles.admin'),
      nav: [
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
      ],
    },
  ];

  it.each(cases)('$role signs in through the form and sees only the navigation their permissions allow', async ({ email, name, roleLabel, nav }) => {
    const page = await open();
    await signInToShell(page, email);
    await atPath(page, '/');

    expect(await visibleNavItems(page)).toEqual(nav);
    // The links read as words, in the default language.
    const navText = await page.getByTestId('nav').textContent();
    for (const id of nav) expect(navText).toContain(tRu(`nav.${id.slice('nav-'.length)}`));
    await textOf(page.getByTestId('home-roles'), roleLabel);
    await textOf(page.getByRole('heading', { level: 1 }), tRu('home.greeting', { name }));
    await textOf(page.getByTestId('current-user'), name);
  });

  it('a supervisor can read the users of their office but is not offered to change them', async () => {
    const page = await open();
    await signInToShell(page, demoUser('supervisor'));
    await page.getByTestId('nav-users').click();
    await atPath(page, '/admin/users');
    const table = page.getByTestId('users-table');
    await textOf(table, demoUser('operator'));
    expect(await table.textContent()).not.toContain(demoUser('operator', 'astana'));
    expect(await page.getByTestId('user-create').count()).toBe(0);
    expect(await page.getByTestId('users-table').getByRole('button').count()).toBe(0);
  });

  it('an operator opening /admin/users directly sees "no access" and none of the data', async () => {
    const page = await open();
    await signInToShell(page, demoUser('operator'));
    const userListCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/v1/users')) userListCalls.push(request.url());
    });

    await page.goto('/admin/users');
    const noAccess = page.getByTestId('no-access');
    await visible(noAccess);
    await textOf(noAccess, tRu('access.noAccess'));
    await textOf(noAccess, tRu('access.noAccessDetail'));
    expect(await page.getByTestId('users-table').count()).toBe(0);
    expect(await page.getByTestId('user-create').count()).toBe(0);
    const shown = (await page.locator('body').textContent()) ?? '';
    expect(shown).not.toContain(demoUser('admin'));
    expect(shown).not.toContain('@mayak.test');
    expect(userListCalls).toEqual([]);
    expect(await page.getByTestId('nav-users').count()).toBe(0);

    // And the API would not have given it anyway (same session cookie as the page).
    const direct = await page.request.get('/api/v1/users');
    expect(direct.status()).toBe(403);
  });

  it('a wrong password shows the translated error and leaves no session', async () => {
    const page = await open();
    await signIn(page, demoUser('operator'), 'not-the-password-2026');

    const alert = page.getByTestId('error-alert');
    await visible(alert);
    await textOf(alert, tRu('errors.invalid_credentials'));
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await loginForm(page).password.inputValue()).toBe('');
    expect(await page.getByTestId('nav').count()).toBe(0);

    const cookies = await page.context().cookies();
    expect(cookies.map((cookie) => cookie.name)).not.toContain('mayak_session');
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
    // Going to the console sends the visitor back to sign-in.
    await page.goto('/admin/users');
    await atPath(page, '/login');
    await visible(loginForm(page).email);
  });

  it('switches ru -> kk -> en: visible text and <html lang> change, the choice survives a reload and is saved to the profile', async () => {
    const email = demoUser('caseworker', 'astana');
    const page = await open();
    await signInToShell(page, email);
    const lang = () => page.evaluate(() => document.documentElement.lang);
    const nav = page.getByTestId('nav');
    const signOut = page.getByTestId('sign-out');
    const switcher = page.getByTestId('language-switch');

    expect(await lang()).toBe('ru');
    await textOf(nav, label('ru', 'nav.home'));
    await textOf(signOut, label('ru', 'app.signOut'));
    expect(await switcher.inputValue()).toBe('ru');

    for (const locale of ['kk', 'en'] as const) {
      const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'PATCH', { timeout: 10_000 });
      await switcher.selectOption(locale);
      await eventually(async () => expect(await lang()).toBe(locale));
      await textOf(nav, label(locale, 'nav.home'));
      await textOf(signOut, label(locale, 'app.signOut'));
      await textOf(page.getByTestId('queue-tasks').getByRole('heading', { level: 2 }), label(locale, 'home.queue.tasks'));
      expect((await saved).status()).toBe(200);
    }
    await textOf(page.getByTestId('home-roles'), label('en', 'roles.case_worker'));
    expect(await nav.textContent()).not.toContain(label('ru', 'nav.home'));
    expect(await page.title()).toBe(label('en', 'app.name'));

    await page.reload();
    await visible(nav);
    await textOf(nav, label('en', 'nav.home'));
    await textOf(signOut, label('en', 'app.signOut'));
    expect(await lang()).toBe('en');
    expect(await switcher.inputValue()).toBe('en');

    // Signed out, the sign-in page keeps the device's choice too.
    await signOut.click();
    await atPath(page, '/login');
    await visible(loginForm(page, 'en').email);
    expect(await lang()).toBe('en');

    // A device that never chose a language starts in the one saved in the profile.
    const other = await open();
    await signIn(other, email);
    await eventually(async () => expect(await other.evaluate(() => document.documentElement.lang)).toBe('en'));
    await textOf(other.getByTestId('nav'), label('en', 'nav.home'));
  });

  it('signing out ends the session in the browser', async () => {
    const page = await open();
    await signInToShell(page, demoUser('admin', 'astana'));
    await page.getByTestId('sign-out').click();
    await atPath(page, '/login');
    await hidden(page.getByTestId('nav'));
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
    await page.goto('/');
    await atPath(page, '/login');
  });
});
