import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { codeLabel, languageLabel } from '@mayak/domain';
import { signedIn, type TestClient } from '../support/client';
import {
  atPath,
  consoleSuite,
  demoUser,
  eventually,
  focused,
  hidden,
  label,
  pressOn,
  shownDate,
  signInToShell,
  simulate,
  stopSimulations,
  tabTo,
  textOf,
  tRu,
  visible,
  type ConsoleLocale,
} from '../support/console';
import { dayIn, OFFICE_TIME_ZONE } from '../support/calendar';

/**
 * The supervisors' dashboard and the anonymised exports in the console: the line now follows
 * a ringing call through the event stream (no reload), the period's figures add up to what was
 * logged and lead to the filtered lists, a CTDC export is prepared and downloaded by keyboard,
 * and the dashboard speaks Kazakh. The telephone network is played by the simulator.
 */
describe('Console dashboard and exports (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;
  afterEach(async () => {
    stopSimulations();
    // A caller left waiting hangs up, so the next test starts with an empty queue.
    const live = await suite.app.db.query<{ call_sid: string }>(
      `SELECT call_sid FROM telephony_calls WHERE state IN ('menu', 'queued', 'connecting', 'in_progress', 'on_hold')`,
    );
    for (const { call_sid } of live) await simulate(suite.app, ['end', '--call-sid', call_sid, '--duration', '1'], 20_000);
  });

  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (data === undefined) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return data;
  }

  /** Signs in and waits for the console's event stream (what makes the line now move at once). */
  async function consoleOf(email: string): Promise<Page> {
    const page = await open();
    const streamOpen = page.waitForResponse((r) => r.url().endsWith('/api/v1/events') && r.status() === 200, { timeout: 15_000 });
    await signInToShell(page, email);
    await streamOpen;
    return page;
  }

  /** The office's calendar day `days` from today, as yyyy-mm-dd (the browser is in the office's zone, on the application's clock). */
  function localDay(days: number): string {
    return dayIn(suite.app.clock.now(), OFFICE_TIME_ZONE, days);
  }

  const dataNumber = async (locator: Locator, name: string) => Number(await locator.getAttribute(name));
  /** A chart's table row, by its key ('' = not recorded). */
  const chartRow = (chart: Locator, key: string) => chart.locator(`tr[data-key="${key}"]`);

  async function almatyContacts(): Promise<number> {
    const [row] = await suite.app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM contacts c JOIN offices o ON o.id = c.office_id WHERE o.code = 'ALA'`,
    );
    return row.n;
  }

  /**
   * Twelve trafficking cases of one profile (possible victims of forced labour, documents withheld), opened today over the API,
   * eleven of whose clients agreed to anonymous statistics (k = 11 is the smallest group an export may hold); once per suite.
   */
  let seeded: Promise<void> | undefined;
  function traffickingCases(): Promise<void> {
    seeded ??= (async () => {
      const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
      const supervisor = await signedIn(suite.app.baseUrl, demoUser('supervisor'));
      for (let i = 0; i < 12; i++) {
        const contact = await ok(
          operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'trafficking_report', notes: `Сообщение ${i + 1}` } }),
        );
        const { case: opened } = await ok(
          operator.api.POST('/api/v1/contacts/{id}/open-case', {
            params: { path: { id: contact.id } },
            body: { version: contact.version, type: 'trafficking' },
          }),
        );
        const current = await ok(supervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: opened.id } } }));
        await ok(
          supervisor.api.PATCH('/api/v1/cases/{id}', {
            params: { path: { id: opened.id } },
            body: {
              version: current.version,
              traffickingStatus: 'PossibleVictimOfTrafficking',
              exploitationTypes: ['ForcedLabour'],
              controlMethods: ['WithholdsDocuments'],
            },
          }),
        );
        if (i > 0)
          await ok(
            supervisor.api.POST('/api/v1/cases/{id}/consents', {
              params: { path: { id: opened.id } },
              body: { purpose: 'statistics', channel: 'verbal_on_call' },
            }),
          );
      }
    })();
    return seeded;
  }

  it('a supervisor opens the dashboard by keyboard; a ringing call shows on the line at once and the activity adds up', async () => {
    const page = await consoleOf(demoUser('supervisor'));
    // Keyboard only: from the top of the page to the navigation's Dashboard link.
    const nav = page.getByTestId('nav-dashboard');
    await textOf(nav, tRu('nav.dashboard'));
    // The first period request: the last 30 days, "to" exclusive (the day after today).
    const firstActivity = page.waitForRequest((r) => r.url().includes('/api/v1/dashboards/activity'));
    await tabTo(page, nav, 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/dashboard');
    const dashboard = page.getByTestId('dashboard-page');
    await textOf(dashboard.getByRole('heading', { level: 1 }), tRu('dashboard.title'));
    const query = new URL((await firstActivity).url()).searchParams;
    expect({ from: query.get('from'), to: query.get('to') }).toEqual({ from: localDay(-29), to: localDay(1) });
    const filters = page.getByTestId('dashboard-filters');
    expect(await filters.getByLabel(tRu('dashboard.filters.to')).inputValue()).toBe(shownDate(localDay(0)));

    const line = page.getByTestId('line-now');
    const waiting = line.getByTestId('line-calls-waiting');
    await eventually(async () => expect(await waiting.getAttribute('data-value')).toBe('0'));
    const activity = page.getByTestId('activity-section');
    await visible(activity);
    expect(await dataNumber(activity.getByTestId('activity-contacts'), 'data-value')).toBe(await almatyContacts());
    // No reload from here on: a mark on the window would be gone after one.
    await page.evaluate(() => ((window as unknown as { dashboardMark: boolean }).dashboardMark = true));

    // An operator logs three contacts over the API ...
    const operator: TestClient = await signedIn(suite.app.baseUrl, demoUser('operator'));
    for (const body of [
      {
        channel: 'voice' as const,
        language: 'ru',
        category: 'labour_exploitation' as const,
        callerType: 'victim' as const,
        notes: 'Работодатель забрал паспорт',
      },
      {
        channel: 'voice' as const,
        language: 'uz',
        category: 'labour_exploitation' as const,
        callerType: 'relative' as const,
        notes: 'Брат не выходит на связь',
      },
      { channel: 'webchat' as const, language: 'kk', category: 'migration_law_information' as const, callerType: 'migrant_seeking_information' as const },
    ])
      await ok(operator.api.POST('/api/v1/contacts', { body }));
    // ... and a caller dials in and waits in the queue (nobody is available).
    const run = await simulate(suite.app, ['call', '--from', '+77015550707', '--wait', '0'], 20_000);
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(run.stdout).toMatch(/CallSid CA[0-9a-f]{32}: waiting/);

    // Within seconds (the event stream, not the 15-second poll), without a reload.
    await eventually(async () => expect(await waiting.getAttribute('data-value')).toBe('1'), 8_000);
    expect(await line.getAttribute('data-waiting')).toBe('1');
    expect(await line.getByTestId('line-longest-wait').textContent()).toMatch(/^\d+:\d{2}$/);
    expect(await page.evaluate(() => (window as unknown as { dashboardMark?: boolean }).dashboardMark)).toBe(true);

    // The ringing call is a contact too: the activity is re-read, and every chart adds up to the contacts logged.
    const expected = await almatyContacts();
    expect(expected).toBe(4);
    await eventually(async () => expect(await dataNumber(activity.getByTestId('activity-contacts'), 'data-value')).toBe(expected), 8_000);
    for (const name of ['by-channel', 'by-category', 'by-caller-type', 'by-language', 'by-hour']) {
      await eventually(async () => expect(await dataNumber(page.getByTestId(`chart-${name}`), 'data-total')).toBe(expected));
    }
    const byChannel = page.getByTestId('chart-by-channel');
    expect(await dataNumber(chartRow(byChannel, 'voice'), 'data-count')).toBe(3);
    await textOf(chartRow(byChannel, 'voice'), codeLabel('contactChannel', 'voice', 'ru'));
    await textOf(chartRow(byChannel, 'webchat'), codeLabel('contactChannel', 'webchat', 'ru'));
    const byCategory = page.getByTestId('chart-by-category');
    expect(await dataNumber(chartRow(byCategory, 'labour_exploitation'), 'data-count')).toBe(2);
    // The call's contact has no category yet: "not recorded", never an empty or raw key.
    await textOf(chartRow(byCategory, ''), tRu('dashboard.notRecorded'));
    await textOf(chartRow(page.getByTestId('chart-by-language'), 'kk'), languageLabel('kk', 'ru'));
    await textOf(page.getByTestId('chart-by-caller-type'), codeLabel('callerType', 'relative', 'ru'));

    // Drill-down by keyboard: the category's link opens the office's contacts of the period with that category.
    const link = chartRow(byCategory, 'labour_exploitation').getByRole('link');
    await pressOn(link);
    await atPath(page, '/contacts');
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ scope: 'office', category: 'labour_exploitation', from: localDay(-29), to: localDay(0) });
    const table = page.getByTestId('contacts-table');
    await eventually(async () => expect(await table.locator('tbody tr[data-row-id]').count()).toBe(2));
    expect(await page.getByRole('combobox', { name: tRu('intake.category'), exact: true }).inputValue()).toBe('labour_exploitation');
    // Back: the dashboard as it was.
    await page.goBack();
    await atPath(page, '/dashboard');
    await eventually(async () => expect(await dataNumber(page.getByTestId('chart-by-category'), 'data-total')).toBe(expected));
  });

  it('counts the default period in the office’s days, whatever the zone of the supervisor’s computer', async () => {
    // Honolulu is 15 hours behind Almaty: for most of the day its date is not the office's.
    const page = await open({ timezoneId: 'Pacific/Honolulu' });
    await signInToShell(page, demoUser('supervisor'));
    const firstActivity = page.waitForRequest((r) => r.url().includes('/api/v1/dashboards/activity'));
    await page.goto('/dashboard');
    const query = new URL((await firstActivity).url()).searchParams;
    expect({ from: query.get('from'), to: query.get('to') }).toEqual({ from: localDay(-29), to: localDay(1) });
    expect(await page.getByTestId('dashboard-filters').getByLabel(tRu('dashboard.filters.to')).inputValue()).toBe(shownDate(localDay(0)));
  });

  it('drills from the trafficking picture into the cases behind a figure, and a drill-down filter is removed by keyboard', async () => {
    await traffickingCases();
    const page = await consoleOf(demoUser('supervisor'));
    const nav = page.getByTestId('nav-dashboard');
    await tabTo(page, nav, 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/dashboard');
    await pressOn(page.getByTestId('dashboard-tab-trafficking'));
    const section = page.getByTestId('trafficking-section');
    await visible(section);
    const byExploitation = page.getByTestId('chart-by-exploitation');
    const forcedLabour = chartRow(byExploitation, 'ForcedLabour');
    await visible(forcedLabour);
    const figure = await dataNumber(forcedLabour, 'data-count');
    const allTrafficking = await dataNumber(section.getByTestId('trafficking-cases'), 'data-value');
    expect(figure).toBeGreaterThanOrEqual(12);

    await pressOn(forcedLabour.getByRole('link'));
    await atPath(page, '/cases');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      trafficking: 'true',
      exploitationType: 'ForcedLabour',
      from: localDay(-29),
      to: localDay(0),
    });
    const chip = page.getByTestId('drill-filter-exploitationType');
    await textOf(chip, `${tRu('drill.exploitationType')}: ${codeLabel('exploitationType', 'ForcedLabour', 'ru')}`);
    const rows = page.getByTestId('cases-table').locator('tbody tr[data-row-id]');
    await eventually(async () => expect(await rows.count()).toBe(figure));

    // Removing the chip widens the list to every trafficking case of the period, as the dashboard counted them.
    await pressOn(chip);
    await hidden(chip);
    expect(new URL(page.url()).searchParams.has('exploitationType')).toBe(false);
    await textOf(page.getByTestId('drill-filter-trafficking'), tRu('drill.trafficking'));
    await eventually(async () => expect(await rows.count()).toBe(allTrafficking));
  });

  it('a supervisor prepares a CTDC export by keyboard, sees rows in and out and downloads the CSV', async () => {
    await traffickingCases();
    const page = await consoleOf(demoUser('supervisor'));
    await tabTo(page, page.getByTestId('nav-exports'), 50);
    await page.keyboard.press('Enter');
    await atPath(page, '/exports');
    const form = page.getByTestId('export-form');
    await visible(form);
    // CTDC is the default standard; the period runs from the start of the year to today.
    expect(await form.getByRole('radio', { name: tRu('exports.standards.ctdc') }).isChecked()).toBe(true);
    // The smallest group: 10 is refused before anything is asked of the server (11 is the floor), 11 goes.
    const k = form.getByRole('textbox', { name: new RegExp(tRu('exports.k').replace(/[()]/g, '\\$&')) });
    expect(await k.inputValue()).toBe('11');
    await k.focus();
    await focused(k);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10');
    let asked = false;
    const watch = (request: { url(): string }) => (asked ||= request.url().includes('/api/v1/exports/cases/'));
    page.on('request', watch);
    await pressOn(form.getByTestId('export-submit'));
    await textOf(form, tRu('exports.kRange', { min: 11, max: 100 }));
    page.off('request', watch);
    expect(asked).toBe(false);
    await k.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('11');
    await pressOn(form.getByTestId('export-submit'));

    const result = page.getByTestId('export-result');
    await visible(result, 15_000);
    // The result's heading takes focus, so Download comes next for the keyboard.
    await focused(result.getByRole('heading', { name: tRu('exports.result.title') }));
    expect(await result.getAttribute('data-standard')).toBe('ctdc');
    // Eleven went in: the twelfth client gave no consent to statistics and is only counted.
    expect(await dataNumber(result, 'data-rows-in')).toBe(11);
    expect(await dataNumber(result, 'data-without-consent')).toBeGreaterThanOrEqual(1);
    const rowsOut = await dataNumber(result, 'data-rows-out');
    expect(rowsOut + (await dataNumber(result, 'data-suppressed'))).toBe(11);
    expect(rowsOut).toBe(11); // one profile: nothing had to be left out
    expect(await dataNumber(result, 'data-k')).toBe(11);
    await textOf(result.getByTestId('export-rowsIn'), '11');
    await textOf(result.getByTestId('export-rowsOut'), String(rowsOut));
    await textOf(result, tRu('exports.result.rowsIn'));

    const button = result.getByTestId('export-download');
    await tabTo(page, button, 3);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.keyboard.press('Enter')]);
    const filename = download.suggestedFilename();
    expect(filename).toMatch(/^mayak-ctdc-.*\.csv$/);
    expect(filename.endsWith('.csv')).toBe(true);
    const path = await download.path();
    expect(path).toBeTruthy();
    const lines = (await readFile(path as string, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0].split(',')).toHaveLength(27);
    expect(lines).toHaveLength(rowsOut + 1);
  });

  it('shows the dashboard in Kazakh: navigation, line, filters, tabs, charts and code labels', async () => {
    await traffickingCases();
    const page = await consoleOf(demoUser('supervisor'));
    const languages = page.getByTestId('language-switch');
    const check = async (locale: ConsoleLocale) => {
      await languages.selectOption(locale);
      const nav = page.getByTestId('nav-dashboard');
      await textOf(nav, label(locale, 'nav.dashboard'));
      await nav.click();
      await atPath(page, '/dashboard');
      const dashboard = page.getByTestId('dashboard-page');
      await textOf(dashboard.getByRole('heading', { level: 1 }), label(locale, 'dashboard.title'));
      const line = page.getByTestId('line-now');
      await textOf(line.getByRole('heading', { level: 2 }), label(locale, 'dashboard.line.title'));
      await textOf(line, label(locale, 'dashboard.line.callsWaiting'));
      await textOf(line, label(locale, 'dashboard.line.available'));
      await textOf(line, label(locale, 'dashboard.line.callbacksOverdue'));
      const filters = page.getByTestId('dashboard-filters');
      expect(await filters.getAttribute('aria-label')).toBe(label(locale, 'dashboard.filters.label'));
      await visible(filters.getByRole('combobox', { name: label(locale, 'dashboard.filters.office'), exact: true }));
      await visible(filters.getByLabel(label(locale, 'dashboard.filters.to')));
      await textOf(filters, label(locale, 'dashboard.filters.allMyOffices'));
      const tabs = page.getByRole('tablist', { name: label(locale, 'dashboard.views.label') });
      await textOf(tabs, label(locale, 'dashboard.views.caseload'));

      // Activity: chart titles, table headers and code labels in the language.
      const byChannel = page.getByTestId('chart-by-channel');
      await textOf(byChannel, label(locale, 'dashboard.activity.byChannel'));
      await textOf(byChannel, label(locale, 'dashboard.chart.share'));
      await textOf(chartRow(byChannel, 'voice'), codeLabel('contactChannel', 'voice', locale));
      await textOf(chartRow(page.getByTestId('chart-by-category'), ''), label(locale, 'dashboard.notRecorded'));

      // The trafficking picture, by keyboard: the tab, then its charts.
      const tab = page.getByTestId('dashboard-tab-trafficking');
      await pressOn(tab);
      const trafficking = page.getByTestId('trafficking-section');
      await visible(trafficking);
      expect(await page.getByTestId('activity-section').count()).toBe(0);
      await textOf(trafficking.getByRole('heading', { level: 2 }), label(locale, 'dashboard.views.trafficking'));
      expect(await dataNumber(trafficking, 'data-cases')).toBe(12);
      expect(await trafficking.getByTestId('trafficking-possible').getAttribute('data-value')).toBe('12');
      const exploitation = page.getByTestId('chart-by-exploitation');
      await textOf(exploitation, label(locale, 'dashboard.trafficking.byExploitation'));
      await textOf(chartRow(exploitation, 'ForcedLabour'), codeLabel('exploitationType', 'ForcedLabour', locale));
      await textOf(chartRow(page.getByTestId('chart-by-control'), 'WithholdsDocuments'), codeLabel('controlMethod', 'WithholdsDocuments', locale));
      // No client recorded on these cases: gender and age are "not recorded".
      await textOf(chartRow(page.getByTestId('chart-by-gender'), ''), label(locale, 'dashboard.notRecorded'));
      await textOf(chartRow(page.getByTestId('chart-trafficking-status'), 'possible'), codeLabel('traffickingStatus', 'PossibleVictimOfTrafficking', locale));
      // The tab is in the address: back to the activity for the next language.
      expect(new URL(page.url()).searchParams.get('view')).toBe('trafficking');
      await pressOn(page.getByTestId('dashboard-tab-activity'));
      await visible(page.getByTestId('activity-section'));
    };
    await check('kk');
    expect(label('kk', 'dashboard.title')).toBe('Басқару тақтасы');
    expect(label('kk', 'dashboard.line.title')).not.toBe(label('ru', 'dashboard.line.title'));
    expect(codeLabel('exploitationType', 'ForcedLabour', 'kk')).not.toBe(codeLabel('exploitationType', 'ForcedLabour', 'ru'));
    // Back to Russian (the choice is saved in the supervisor's profile).
    await check('ru');
  });
});
