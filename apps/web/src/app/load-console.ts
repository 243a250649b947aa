import { loadConsoleTexts } from '../i18n';

/** The console past the login form: Mantine with its theme, and every text of the language. */
export async function loadConsole() {
  const [{ ConsoleRoot }] = await Promise.all([import('./ConsoleRoot'), loadConsoleTexts()]);
  return ConsoleRoot;
}
