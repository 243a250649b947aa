import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from '@mayak/domain';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

const STORAGE_KEY = 'mayak.locale';

type Texts = () => Promise<{ default: Record<string, unknown> }>;

/** Each language's texts, fetched when first needed: the login form waits for one language, not three. */
const BUNDLES: Record<Locale, Texts> = {
  ru: () => import('./ru.json'),
  kk: () => import('./kk.json'),
  en: () => import('./en.json'),
};

/** The part of each language the sign-in screen uses (the sections in sign-in-sections.json): the login form waits for this alone. */
const SIGN_IN_BUNDLES: Record<Locale, Texts> = {
  ru: () => import('virtual:sign-in-texts/ru'),
  kk: () => import('virtual:sign-in-texts/kk'),
  en: () => import('virtual:sign-in-texts/en'),
};

/** Until the console itself is loaded, a language switch on the sign-in screen fetches only that screen's texts. */
let scope: 'sign-in' | 'console' = 'sign-in';
const loaded: Record<'sign-in' | 'console', Set<Locale>> = { 'sign-in': new Set(), console: new Set() };

/** Each language named in itself (a reader of Kazakh looks for "Қазақша"), without loading its texts. */
const NATIVE_NAMES: Record<Locale, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' };

export function nativeName(locale: Locale): string {
  return NATIVE_NAMES[locale];
}

export function storedLocale(): Locale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function applyToDocument(language: string): void {
  const locale = isLocale(language) ? language : DEFAULT_LOCALE;
  document.documentElement.lang = locale;
  document.title = i18n.t('app.name');
}

/** Loads a language's texts (the sign-in part or all of them) once. */
async function load(locale: Locale): Promise<void> {
  const wanted = scope;
  if (loaded.console.has(locale) || loaded[wanted].has(locale)) return;
  const bundle = await (wanted === 'console' ? BUNDLES : SIGN_IN_BUNDLES)[locale]();
  i18n.addResourceBundle(locale, 'translation', bundle.default, true, true);
  loaded[wanted].add(locale);
}

const initial = storedLocale() ?? DEFAULT_LOCALE;

/** Resolves once the console can speak: the chosen language (and the fallback) are loaded. */
export const i18nReady: Promise<void> = (async () => {
  await i18n.use(initReactI18next).init({
    resources: {},
    lng: initial,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // Every language has every key (a test keeps the files identical), so the fallback's texts are not fetched up front.
  await load(initial);
  applyToDocument(i18n.language);
  i18n.on('languageChanged', applyToDocument);
})();

/** Every text of the current language, for the console beyond the sign-in screen (its screens wait for this). */
export async function loadConsoleTexts(): Promise<void> {
  await i18nReady;
  scope = 'console';
  await load(currentLocale());
  // A language chosen meanwhile on the sign-in screen gets its texts too.
  await load(currentLocale());
}

/** Switches the console language (fetching its texts first) and remembers the choice on this device. */
export async function changeLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage full: the choice lasts for this visit only.
  }
  await load(locale);
  await i18n.changeLanguage(locale);
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

export default i18n;
