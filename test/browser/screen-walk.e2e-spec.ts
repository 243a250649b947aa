import { AuditAction, CODE_LISTS } from '@mayak/domain';
import type { Page } from 'playwright-core';
import { seriousAccessibilityFindings } from '../support/axe';
import { signedIn } from '../support/client';
import { consoleSuite, demoUser, DEMO_PARTNER_EMAIL, eventually, hidden, signInToShell, visible, type ConsoleLocale } from '../support/console';

const LOCALES: ConsoleLocale[] = ['ru', 'kk', 'en'];
/** A role's every screen, its tabs and its dialogs, each checked by axe: up to some twenty pages in one test. */
const WALK_TIMEOUT_MS = 240_000;

/** Buttons that open a dialog (a form to create, open, link, schedule, refer; the intake's shortcut legend). */
const DIALOG_OPENERS = [
  'case-create',
  'user-create',
  'office-create',
  'quick-reply-create',
  'article-create',
  'organisation-create',
  'contact-open-case',
  'contact-link-case',
  'schedule-callback-button',
  'refer-button',
  'intake-shortcuts-open',
  'case-transfer-open',
  'case-transfer-withdraw',
  'transfer-accept',
  'transfer-decline',
  'identifier-add',
  'identifier-remove',
  'person-flag-add',
  'person-reveal',
  'merge-undo',
  'plan-new-assessment',
  'plan-new-support',
];

/**
 * Codes that must never reach a reader as they are: the code lists' values that could only be
 * codes (snake_case, or the HTCDS CamelCase compounds) and the audit log's action names.
 */
const RAW_CODES = [
  ...new Set([
    ...Object.values(CODE_LISTS)
      .flatMap((list) => [...list] as string[])
      .filter((code) => /_/.test(code) || /[a-z][A-Z]/.test(code)),
    ...Object.values(AuditAction),
  ]),
];
const RAW_CODE = new RegExp(`(^|[^\\p{L}\\p{N}_.])(${RAW_CODES.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=$|[^\\p{L}\\p{N}_])`, 'u');

interface Finding {
  path: string;
  locale: ConsoleLocale;
  what: string;
}

/** The screens a user's navigation offers, and a record of each kind they can open. */
async function screensOf(page: Page, records: string[]): Promise<string[]> {
  const nav = await page
    .getByTestId('nav')
    .locator('a[href^="/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set([...nav, ...records])];
}

/** Waits until the screen has its heading and nothing is still loading (bounded). */
async function settled(page: Page): Promise<void> {
  await visible(page.getByRole('heading', { level: 1 }).first());
  await eventually(async () => expect(await page.locator('main .mantine-Loader-root, main [aria-busy="true"]').count()).toBe(0), 8_000);
}

/** Closes the dialog on top with Escape (a field's own popup may take the first press). */
async function closeDialog(page: Page): Promise<void> {
  const dialogs = page.getByRole('dialog');
  const before = await dialogs.count();
  for (let press = 0; press < 3 && (await dialogs.count()) >= before; press++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(150);
  }
  await hidden(dialogs.nth(before - 1));
}

/**
 * Every screen of every role, with its tabs and the dialogs its buttons open, in Russian, Kazakh
 * and English, at 1366×768: axe finds nothing serious or critical, and no code-list key or audit
 * action code is shown as it is.
 */
describe('every screen in every language (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  const roles: [string, string][] = [
    ['operator', demoUser('operator')],
    ['case worker', demoUser('caseworker')],
    ['supervisor', demoUser('supervisor')],
    ['administrator', demoUser('admin')],
    ['partner', DEMO_PARTNER_EMAIL],
  ];

  describe.each(roles)('the %s', (_role, email) => {
    let records: string[] = [];
    beforeAll(async () => {
      const api = await signedIn(suite.app.baseUrl, email);
      records = [];
      const cases = await api.api.GET('/api/v1/cases', { params: { query: { limit: 1 } } });
      if (cases.data?.items[0]) records.push(`/cases/${cases.data.items[0].id}`);
      const contacts = await api.api.GET('/api/v1/contacts', { params: { query: { limit: 1 } } });
      if (contacts.data?.items[0]) records.push(`/contacts/${contacts.data.items[0].id}`);
      // A person recorded here (flagged, with a twin of the same number: a suggested duplicate), and for those who merge, the merge screen.
      const permissions = (await api.api.GET('/api/v1/auth/me')).data?.user.permissions ?? [];
      if (permissions.includes('people.write')) {
        const phone = { kind: 'phone' as const, value: '+998 90 123 45 67' };
        const client = await api.api.POST('/api/v1/people', {
          body: {
            name: 'Рустам Юсупов',
            gender: 'Masculine',
            birthYear: 1996,
            citizenship: ['UZ'],
            languages: ['uz', 'ru'],
            migrationSituation: 'labour_migrant',
            identifiers: [phone, { kind: 'document', value: 'AA 1234567' }],
          },
        });
        const twin = await api.api.POST('/api/v1/people', { body: { name: 'Rustam Yusupov', identifiers: [phone] } });
        if (client.data) {
          await api.api.POST('/api/v1/people/{id}/flags', {
            params: { path: { id: client.data.id } },
            body: { kind: 'abusive', reason: 'Кричал на оператора' },
          });
          records.push(`/people/${client.data.id}`);
          if (twin.data && permissions.includes('people.merge')) records.push(`/people/${client.data.id}/merge/${twin.data.id}`);
        }
      }
      // The merges list of those who undo them holds one (made by a case worker: administrators read no people).
      if (permissions.includes('people.unmerge')) {
        const worker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
        const phone = { kind: 'phone' as const, value: '+7 701 555 90 90' };
        const kept = await worker.api.POST('/api/v1/people', { body: { name: 'Айдана Серикова', identifiers: [phone] } });
        const merged = await worker.api.POST('/api/v1/people', { body: { name: 'Aidana Serikova', identifiers: [phone] } });
        if (kept.data && merged.data)
          await worker.api.POST('/api/v1/people/{id}/merge', {
            params: { path: { id: kept.data.id } },
            body: { duplicateId: merged.data.id, reason: 'Один и тот же человек' },
          });
      }
    });

    it.each(LOCALES)(
      'in %s',
      async (locale) => {
        const page = await open();
        await page.setViewportSize({ width: 1366, height: 768 });
        await signInToShell(page, email);
        const screens = await screensOf(page, records);
        expect(screens.length).toBeGreaterThan(1);
        await page.getByTestId('language-switch').selectOption(locale);
        await eventually(async () => expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale));
        const findings: Finding[] = [];
        const check = async (path: string, scope: string) => {
          for (const f of await seriousAccessibilityFindings(page, scope))
            findings.push({ path, locale, what: `${f.id}: ${f.targets.slice(0, 3).join(' | ')}` });
          const text = await page.locator(scope).last().innerText();
          for (const line of text.split('\n')) {
            const raw = RAW_CODE.exec(line);
            if (raw) findings.push({ path, locale, what: `raw code "${raw[2]}" in "${line.slice(0, 80)}"` });
          }
        };
        for (const path of screens) {
          await page.goto(path);
          await settled(page);
          await check(path, 'main');
          const tabs = page.locator('main [role="tab"]');
          for (let i = 0; i < (await tabs.count()); i++) {
            if (!(await tabs.nth(i).isVisible())) continue;
            await tabs.nth(i).click();
            await settled(page);
            await check(`${path} tab ${i + 1}`, 'main');
          }
          for (const opener of DIALOG_OPENERS) {
            const button = page.locator(`main [data-testid="${opener}"]`).first();
            if (!(await button.count()) || !(await button.isVisible()) || !(await button.isEnabled())) continue;
            await button.click();
            const dialog = page.getByRole('dialog').last();
            await visible(dialog);
            await eventually(async () => expect(await dialog.locator('.mantine-Loader-root, [aria-busy="true"]').count()).toBe(0), 8_000);
            await check(`${path} ${opener}`, '[role="dialog"]');
            await closeDialog(page);
          }
        }
        expect(findings).toEqual([]);
      },
      WALK_TIMEOUT_MS,
    );
  });
});
