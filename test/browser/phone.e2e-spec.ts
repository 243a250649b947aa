import { seriousAccessibilityFindings } from '../support/axe';
import { atPath, consoleSuite, demoUser, focused, label, signInToShell, tabTo, textOf, visible } from '../support/console';

/**
 * On a phone (390×844) the header holds the menu, presence and alerts; who is signed in, the
 * language and signing out are at the foot of the menu, reached by keyboard like everything else.
 */
describe('The console on a phone (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  for (const role of ['operator', 'supervisor'] as const) {
    it(`${role === 'operator' ? 'an' : 'a'} ${role} reaches the language switch and sign-out from the menu, and nothing overflows the screen`, async () => {
      const page = await open();
      await page.setViewportSize({ width: 390, height: 844 });
      await signInToShell(page, demoUser(role));
      // Nothing wider than the screen: the header does not push controls out of reach.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const offscreen = await page.locator('header button, header select, header a').evaluateAll((elements) =>
        elements
          .filter((el) => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1);
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(offscreen).toEqual([]);
      // The closed menu is off screen and out of reach: neither the keyboard nor a screen reader lands in it.
      const signOutOffscreen = await page.getByTestId('sign-out').evaluate((el) => el.getBoundingClientRect().right <= 0 && el.closest('[inert]') !== null);
      expect(signOutOffscreen).toBe(true);

      const burger = page.getByRole('button', { name: label('ru', 'nav.open') });
      await tabTo(page, burger, 10);
      await page.keyboard.press('Enter');
      const menu = page.getByTestId('account-in-menu');
      await visible(menu);
      const languages = menu.getByTestId('language-switch');
      await tabTo(page, languages, 60);
      await focused(languages);
      await languages.selectOption('kk');
      await textOf(page.getByTestId('nav-home'), label('kk', 'nav.home'));
      expect(await seriousAccessibilityFindings(page)).toEqual([]);
      const signOut = menu.getByTestId('sign-out');
      await tabTo(page, signOut, 10);
      await page.keyboard.press('Enter');
      await atPath(page, '/login');
    });
  }
});
