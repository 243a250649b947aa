import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { AppConfig } from '#api/core/config/app-config';
import { startTestApp, type TestApp } from './app';
import { launchBrowser, newPage } from './browser';
import en from '../../apps/web/src/i18n/en.json';
import kk from '../../apps/web/src/i18n/kk.json';
import ru from '../../apps/web/src/i18n/ru.json';
import { DEMO_PASSWORD } from './client';

/** Helpers for the browser suites: the console's own words, sign-in, waiting, and keyboard moves. */

const WAIT_MS = 10_000;

/**
 * Retries a check (typically Jest `expect`s over what the page shows now) until it passes,
 * for at most `timeoutMs`; then fails with the check's last error. Playwright's own
 * auto-retrying assertions live in @playwright/test, which this repository does not use.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = WAIT_MS, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** Waits (bounded) until the element is visible. */
export function visible(locator: Locator, timeoutMs = WAIT_MS): Promise<void> {
  return locator.waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Waits (bounded) until the element is hidden or gone. */
export function hidden(locator: Locator, timeoutMs = WAIT_MS): Promise<void> {
  return locator.waitFor({ state: 'hidden', timeout: timeoutMs });
}

/**
 * Waits (bounded) until the element's text contains `expected`; returns the text. The DOM
 * text (what a screen reader reads), with whitespace collapsed: Mantine badges are shown
 * in capitals by CSS, which `innerText` would report.
 */
export function textOf(locator: Locator, expected: string | RegExp, timeoutMs = WAIT_MS): Promise<string> {
  return eventually(async () => {
    const text = ((await locator.textContent({ timeout: timeoutMs })) ?? '').replace(/\s+/g, ' ');
    if (typeof expected === 'string' ? !text.includes(expected) : !expected.test(text)) {
      throw new Error(`expected text containing ${String(expected)}, got ${JSON.stringify(text)}`);
    }
    return text;
  }, timeoutMs);
}

/** True when the element has keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement, undefined, { timeout: WAIT_MS });
}

/** Waits (bounded) until the element has keyboard focus. */
export async function focused(locator: Locator, timeoutMs = WAIT_MS): Promise<void> {
  const page = locator.page();
  await eventually(async () => {
    if (!(await isFocused(locator))) throw new Error(`expected ${String(locator)} to have focus; focus is on ${await describeFocus(page)}`);
  }, timeoutMs);
}

/** Waits (bounded) until the page's path is `path`. */
export function atPath(page: Page, path: string, timeoutMs = WAIT_MS): Promise<void> {
  return page.waitForURL((url) => url.pathname === path, { timeout: timeoutMs });
}

export type ConsoleLocale = 'ru' | 'kk' | 'en';
const RESOURCES: Record<ConsoleLocale, unknown> = { ru, kk, en };

/**
 * The text the console shows for an i18n key (the same resource files the console is built
 * from), with `{{name}}` placeholders filled in. Throws on a missing key so a renamed key
 * fails loudly instead of asserting on `undefined`.
 */
export function label(locale: ConsoleLocale, key: string, vars: Record<string, string | number> = {}): string {
  let node: unknown = RESOURCES[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no ${locale} text for "${key}"`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? `{{${name}}}`));
}

/** Russian is the console's default language, and the one these suites start in. */
export const tRu = (key: string, vars?: Record<string, string | number>) => label('ru', key, vars);

/**
 * An ISO day (`2026-12-07`) or local date-time (`2026-12-07T14:30`) as the console's date fields
 * show it: day first, `07.12.2026 14:30` in Russian and Kazakh, `07/12/2026 14:30` in English.
 */
export function shownDate(iso: string, locale: ConsoleLocale = 'ru'): string {
  const [, year, month, day, time] = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso) ?? [];
  if (!year) throw new Error(`not an ISO date: ${iso}`);
  const separator = locale === 'en' ? '/' : '.';
  return [day, month, year].join(separator) + (time ? ` ${time}` : '');
}

export const demoUser = (role: 'operator' | 'caseworker' | 'supervisor' | 'admin', office: 'almaty' | 'astana' = 'almaty') => `${role}.${office}@mayak.test`;

export { DEMO_PASSWORD };

/** The sign-in form's fields and button, found the way a sighted user finds them: by their labels. */
export function loginForm(page: Page, locale: ConsoleLocale = 'ru') {
  return {
    email: page.getByLabel(label(locale, 'auth.login.email')),
    password: page.getByLabel(label(locale, 'auth.login.password')),
    submit: page.getByRole('button', { name: label(locale, 'auth.login.submit'), exact: true }),
  };
}

/** A password field by its whole label (the label of a required field ends in an asterisk). */
export function passwordInput(page: Page | Locator, text: string): Locator {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`));
}

/** Opens the sign-in page and submits the form (mouse and typing, like most users). */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  const form = loginForm(page);
  await form.email.fill(email);
  await form.password.fill(password);
  await form.submit.click();
}

/** Signs in and waits for the signed-in shell (its navigation) to appear. */
export async function signInToShell(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await signIn(page, email, password);
  await visible(page.getByTestId('nav'));
}

/** Test ids of the navigation links the user can see, in order. */
export async function visibleNavItems(page: Page): Promise<string[]> {
  const nav = page.getByTestId('nav');
  await visible(nav.getByTestId('nav-home'));
  return nav
    .locator('[data-testid^="nav-"]')
    .evaluateAll((links) => links.filter((link) => (link as HTMLElement).offsetParent !== null).map((link) => link.getAttribute('data-testid') ?? ''));
}

/** A row of a data table, picked by text it contains (e.g. an e-mail address). */
export function tableRow(table: Locator, text: string): Locator {
  return table.getByRole('row').filter({ hasText: text });
}

/** A short description of the focused element, for failure messages and focus checks. */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const testId = el.getAttribute('data-testid');
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${testId ? `[data-testid=${testId}]` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}`;
  });
}

/**
 * Presses Tab (keyboard only) until `target` has focus, at most `maxPresses` times.
 * Returns how many presses it took; fails with the focus path if it never got there.
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 25): Promise<number> {
  const path: string[] = [];
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return presses;
    path.push(await describeFocus(page));
  }
  throw new Error(`Tab never reached the target after ${maxPresses} presses; focus went: ${path.join(' -> ')}`);
}

/**
 * One app and one Chromium for a describe block: registers its hooks, closes every page
 * after each test and everything after the block. `open()` gives a fresh browser context.
 */
export function consoleSuite(overrides: Record<string, string> = {}) {
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  const suite = {
    app: undefined as unknown as TestApp,
    /** A new browser page; `timezoneId` puts this computer in another zone than the offices'. */
    open: async (options: { timezoneId?: string } = {}): Promise<Page> => {
      const { context, page } = await newPage(browser as Browser, suite.app.baseUrl, 'ru-RU', options.timezoneId);
      contexts.push(context);
      return page;
    },
  };
  beforeAll(async () => {
    [suite.app, browser] = await Promise.all([startTestApp(overrides), launchBrowser()]);
  });
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });
  afterAll(async () => {
    await browser?.close();
    await suite.app?.close();
  });
  return suite;
}

/**
 * Keyboard only: with a native `<select>` focused, presses ArrowDown / ArrowUp until the
 * option whose text contains `optionText` is chosen (each press fires `change`, as a user's
 * would). The locator is only read, to know how far to go; fails if there is no such option.
 */
export async function chooseByKeyboard(select: Locator, optionText: string | RegExp): Promise<void> {
  const page = select.page();
  await focused(select);
  const { options, current } = await select.evaluate((el) => {
    const s = el as HTMLSelectElement;
    return { options: Array.from(s.options, (o) => o.textContent ?? ''), current: s.selectedIndex };
  });
  const target = options.findIndex((text) => (typeof optionText === 'string' ? text.includes(optionText) : optionText.test(text)));
  if (target < 0) throw new Error(`no option ${String(optionText)} among ${JSON.stringify(options)}`);
  const key = target > current ? 'ArrowDown' : 'ArrowUp';
  for (let i = 0; i < Math.abs(target - current); i++) await page.keyboard.press(key);
  await eventually(async () => {
    const chosen = await select.evaluate((el) => (el as HTMLSelectElement).selectedIndex);
    if (chosen !== target) throw new Error(`expected option ${target} (${options[target]}) to be chosen, got ${chosen}`);
  });
}

/** The demo partner: staff of «Приют «Светлый дом»» (a shelter in Almaty), answering its referrals. */
export const DEMO_PARTNER_EMAIL = 'partner.almaty@mayak.test';

/** Keyboard only: puts focus on the control (as Tab would) and presses a key there, e.g. Enter or Space. */
export async function pressOn(locator: Locator, key = 'Enter'): Promise<void> {
  await locator.focus({ timeout: WAIT_MS });
  await focused(locator);
  await locator.page().keyboard.press(key);
}

/** What one run of the Twilio simulator (tools/simulate/cli.mjs) printed, and how it ended. */
export interface SimulatorRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const SIMULATOR = join(__dirname, '../../tools/simulate/cli.mjs');
const simulations = new Set<ChildProcess>();

/**
 * Plays the telephone network against the suite's app: runs `node tools/simulate/cli.mjs
 * <args>` (call, sms, end) with --url set to the app and --public-url to the PUBLIC_URL the
 * app checks signatures against (read from its own configuration). Killed after `timeoutMs`
 * (the promise then resolves with signal SIGKILL) or by `stopSimulations()`.
 */
export function simulate(app: TestApp, args: string[], timeoutMs = 30_000): Promise<SimulatorRun> {
  const { publicUrl } = app.app.get<string, AppConfig>(APP_CONFIG);
  const child = spawn(process.execPath, [SIMULATOR, ...args, '--url', app.baseUrl, '--public-url', publicUrl], {
    cwd: join(__dirname, '../..'),
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  simulations.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      simulations.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      simulations.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Ends every simulator run still going (for an afterEach: a failed test leaves no caller behind). */
export function stopSimulations(): void {
  for (const child of simulations) child.kill('SIGKILL');
}
