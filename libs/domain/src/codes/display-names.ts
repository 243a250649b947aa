import type { Locale } from '../common/locales';

type DisplayNameType = 'region' | 'language';

const cache = new Map<string, Intl.DisplayNames | null>();

/**
 * The name of a region or language in the locale, from the platform's CLDR data
 * (Intl.DisplayNames), or undefined when the platform has no such data or no name for it.
 */
export function displayName(type: DisplayNameType, code: string, locale: Locale): string | undefined {
  const names = displayNames(type, locale);
  if (!names) return undefined;
  try {
    const name = names.of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined; // a code of the wrong shape (RangeError)
  }
}

function displayNames(type: DisplayNameType, locale: Locale): Intl.DisplayNames | null {
  const key = `${type}:${locale}`;
  let names = cache.get(key);
  if (names === undefined) {
    try {
      names = typeof Intl === 'object' && typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([locale], { type, fallback: 'code' }) : null;
    } catch {
      names = null;
    }
    cache.set(key, names);
  }
  return names;
}
