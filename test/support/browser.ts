import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// A fake microphone (a steady beep) that the page may use without a prompt (the softphone's microphone
// check), and audio that may play without a click (a voicemail's player, started by the test).
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/** Debian's Chromium, headless, with nothing that reaches beyond loopback (Playwright gives it a fresh profile). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/**
 * The same Chromium with its profile in `userDataDir`, kept on disk as a workstation's would be
 * (localStorage in LevelDB files there), to read what the browser keeps once it is closed.
 */
export function launchWithProfile(userDataDir: string, baseURL: string, locale = 'ru-RU', timezoneId = 'Asia/Almaty'): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    baseURL,
    locale,
    timezoneId,
    viewport: { width: 1280, height: 800 },
  });
}

export async function newPage(
  browser: Browser,
  baseURL: string,
  locale = 'ru-RU',
  timezoneId = 'Asia/Almaty',
): Promise<{ context: BrowserContext; page: Page }> {
  // By default an operator in Almaty: the browser's days are the offices' days.
  const context = await browser.newContext({ baseURL, locale, timezoneId, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}
