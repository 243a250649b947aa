import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { signedIn } from '../support/client';
import { atPath, chooseByKeyboard, consoleSuite, demoUser, eventually, focused, pressOn, signInToShell, tabTo, textOf, tRu, visible } from '../support/console';

/**
 * Data governance in the console: an administrator sets the retention periods and previews
 * what would be anonymised; a supervisor exports the contacts list and the monthly report,
 * and places a legal hold on a case.
 */
describe('Console data governance (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (data === undefined) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return data;
  }

  async function consoleOf(email: string): Promise<Page> {
    const page = await open();
    await signInToShell(page, email);
    return page;
  }

  const dataNumber = async (locator: Locator, name: string) => Number(await locator.getAttribute(name));

  /** Types a value over what a field holds, by keyboard. */
  async function typeOver(page: Page, field: Locator, value: string): Promise<void> {
    await field.focus();
    await focused(field);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(value);
  }

  /** A case opened over the API from an operator's contact in Almaty. */
  async function openedCase(): Promise<{ id: string; reference: string }> {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const contact = await ok(
      operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'trafficking_report', notes: 'Правовое удержание' } }),
    );
    const { case: opened } = await ok(
      operator.api.POST('/api/v1/contacts/{id}/open-case', { params: { path: { id: contact.id } }, body: { version: contact.version, type: 'trafficking' } }),
    );
    return { id: opened.id, reference: opened.reference };
  }

  it('an administrator opens Retention by keyboard, saves the periods and previews what would be anonymised', async () => {
    const page = await consoleOf(demoUser('admin'));
    await tabTo(page, page.getByTestId('nav-retention'), 50);
    await page.keyboard.press('Enter');
    await atPath(page, '/admin/retention');
    await visible(page.getByTestId('retention-page'));
    const form = page.getByTestId('retention-form');
    await visible(form);
    const version = await dataNumber(form, 'data-version');

    await typeOver(page, form.getByTestId('retention-contactsWithoutCaseDays'), '400');
    await typeOver(page, form.getByTestId('retention-closedCasesDays'), '2000');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/retention') && r.request().method() === 'PUT');
    await pressOn(form.getByTestId('retention-save'));
    expect((await saved).status()).toBe(200);
    await eventually(async () => expect(await dataNumber(form, 'data-version')).toBeGreaterThan(version));

    const admin = await signedIn(suite.app.baseUrl, demoUser('admin'));
    const settings = await ok(admin.api.GET('/api/v1/admin/retention'));
    expect(settings.contactsWithoutCaseDays).toBe(400);
    expect(settings.closedCasesDays).toBe(2000);

    await pressOn(page.getByTestId('retention-preview'));
    const preview = page.getByTestId('retention-preview-report');
    await visible(preview, 15_000);
    await focused(preview.getByRole('heading', { name: tRu('retention.previewTitle') }));
    expect(await preview.getAttribute('data-dry-run')).toBe('true');
    for (const key of ['contacts', 'cases', 'people', 'held'] as const) {
      const value = await preview.getAttribute(`data-${key}`);
      expect(value).toMatch(/^\d+$/);
      await textOf(preview.getByTestId(`retention-preview-report-${key}`), value as string);
    }
    await textOf(preview, tRu('retention.heldCases'));
    // Nothing anonymised: no run report.
    expect(await page.getByTestId('retention-report').count()).toBe(0);
  });

  it('a supervisor downloads the contacts list as CSV and the monthly report as PDF', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    await ok(operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'trafficking_report', notes: 'Для выгрузки' } }));
    const page = await consoleOf(demoUser('supervisor'));
    await tabTo(page, page.getByTestId('nav-contacts'), 50);
    await page.keyboard.press('Enter');
    await atPath(page, '/contacts');
    await visible(page.getByTestId('contacts-table'));
    // The export takes the list's filters: the office's contacts, not only mine (none).
    const scope = page.getByRole('combobox', { name: tRu('contacts.scope') });
    await scope.focus();
    await chooseByKeyboard(scope, tRu('contacts.scopeOffice'));
    const table = page.getByTestId('contacts-table');
    await eventually(async () => expect(await table.locator('tbody tr[data-row-id]').count()).toBeGreaterThanOrEqual(1));
    const shown = await table.locator('tbody tr[data-row-id]').count();

    const csvButton = page.getByTestId('export-list-csv');
    await visible(csvButton);
    const [csv] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), pressOn(csvButton)]);
    expect(csv.suggestedFilename().endsWith('.csv')).toBe(true);
    const csvPath = await csv.path();
    const text = (await readFile(csvPath as string, 'utf8')).replace(/^\uFEFF/, '');
    expect(text).not.toContain('Для выгрузки');
    // A header and at least the rows shown (the list shows a page; the file has them all).
    expect(text.trim().split(/\r?\n/).length).toBeGreaterThanOrEqual(shown + 1);

    await tabTo(page, page.getByTestId('nav-exports'), 50);
    await page.keyboard.press('Enter');
    await atPath(page, '/exports');
    const section = page.getByTestId('monthly-report');
    await visible(section);
    expect(await section.getByTestId('monthly-report-locale').inputValue()).toBe('ru');
    expect(await section.getByTestId('monthly-report-month').inputValue()).toMatch(/^\d{4}-\d{2}$/);
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), pressOn(section.getByTestId('monthly-report-download'))]);
    expect(pdf.suggestedFilename().endsWith('.pdf')).toBe(true);
    const pdfBytes = await readFile((await pdf.path()) as string);
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a supervisor places a legal hold with a reason on a case', async () => {
    const opened = await openedCase();
    const page = await consoleOf(demoUser('supervisor'));
    await page.goto(`/cases/${opened.id}`);
    const hold = page.getByTestId('legal-hold');
    await visible(hold, 15_000);
    expect(await hold.getAttribute('data-held')).toBe('false');

    // Too short a reason is refused in the form.
    const reason = hold.getByTestId('legal-hold-reason-input');
    await typeOver(page, reason, 'abc');
    await pressOn(hold.getByTestId('legal-hold-place'));
    await textOf(hold, tRu('legalHold.reasonLength', { min: 5, max: 500 }));
    expect(await hold.getAttribute('data-held')).toBe('false');

    await typeOver(page, reason, 'Запрос прокуратуры от 12.03');
    await pressOn(hold.getByTestId('legal-hold-place'));
    await eventually(async () => expect(await hold.getAttribute('data-held')).toBe('true'));
    await textOf(hold.getByTestId('legal-hold-reason'), /Запрос прокуратуры от 12\.03/);
    await visible(hold.getByTestId('legal-hold-lift'));

    const supervisor = await signedIn(suite.app.baseUrl, demoUser('supervisor'));
    const current = await ok(supervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: opened.id } } }));
    expect(current.legalHold).toBe(true);
    expect(current.legalHoldReason).toBe('Запрос прокуратуры от 12.03');

    // After a reload the case itself says it is on hold.
    await page.reload();
    await visible(page.getByTestId('legal-hold'), 15_000);
    await eventually(async () => expect(await page.getByTestId('legal-hold').getAttribute('data-held')).toBe('true'));
  });
});
