/**
 * Languages a caller speaks: the ISO 639-1 two-letter codes (lowercase), for the contact's
 * language and a person's languages. Names come from the platform's CLDR data through
 * Intl.DisplayNames, in the console's locale; the console lists COMMON_CALLER_LANGUAGES first.
 */
import type { Locale } from '../common/locales';
import { displayName } from './display-names';

/**
 * All 183 codes in force; `bh` (Bihari, deprecated 2021 in favour of ISO 639-2 `bih`) and
 * `sh` (Serbo-Croatian, long deprecated) are left out.
 */
export const LANGUAGE_CODES = [
  'aa', 'ab', 'ae', 'af', 'ak', 'am', 'an', 'ar', 'as', 'av', 'ay', 'az',
  'ba', 'be', 'bg', 'bi', 'bm', 'bn', 'bo', 'br', 'bs',
  'ca', 'ce', 'ch', 'co', 'cr', 'cs', 'cu', 'cv', 'cy',
  'da', 'de', 'dv', 'dz',
  'ee', 'el', 'en', 'eo', 'es', 'et', 'eu',
  'fa', 'ff', 'fi', 'fj', 'fo', 'fr', 'fy',
  'ga', 'gd', 'gl', 'gn', 'gu', 'gv',
  'ha', 'he', 'hi', 'ho', 'hr', 'ht', 'hu', 'hy', 'hz',
  'ia', 'id', 'ie', 'ig', 'ii', 'ik', 'io', 'is', 'it', 'iu',
  'ja', 'jv',
  'ka', 'kg', 'ki', 'kj', 'kk', 'kl', 'km', 'kn', 'ko', 'kr', 'ks', 'ku', 'kv', 'kw', 'ky',
  'la', 'lb', 'lg', 'li', 'ln', 'lo', 'lt', 'lu', 'lv',
  'mg', 'mh', 'mi', 'mk', 'ml', 'mn', 'mr', 'ms', 'mt', 'my',
  'na', 'nb', 'nd', 'ne', 'ng', 'nl', 'nn', 'no', 'nr', 'nv', 'ny',
  'oc', 'oj', 'om', 'or', 'os',
  'pa', 'pi', 'pl', 'ps', 'pt',
  'qu',
  'rm', 'rn', 'ro', 'ru', 'rw',
  'sa', 'sc', 'sd', 'se', 'sg', 'si', 'sk', 'sl', 'sm', 'sn', 'so', 'sq', 'sr', 'ss', 'st', 'su', 'sv', 'sw',
  'ta', 'te', 'tg', 'th', 'ti', 'tk', 'tl', 'tn', 'to', 'tr', 'ts', 'tt', 'tw', 'ty',
  'ug', 'uk', 'ur', 'uz',
  've', 'vi', 'vo',
  'wa', 'wo',
  'xh',
  'yi', 'yo',
  'za', 'zh', 'zu',
] as const;
export type LanguageCode = (typeof LANGUAGE_CODES)[number];

/** Russian, Kazakh, Uzbek, Tajik, Kyrgyz, English: listed first in the console. */
export const COMMON_CALLER_LANGUAGES = ['ru', 'kk', 'uz', 'tg', 'ky', 'en'] as const satisfies readonly LanguageCode[];

const LANGUAGE_SET: ReadonlySet<string> = new Set(LANGUAGE_CODES);

/** Exact match only: codes are stored lowercase. */
export function isLanguageCode(value: unknown): value is LanguageCode {
  return typeof value === 'string' && LANGUAGE_SET.has(value);
}

/**
 * The names of the languages a Central Asian hotline hears most, written out: a browser built
 * with little locale data (some have no Kazakh names) would otherwise show their codes.
 */
const WRITTEN_OUT: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  ru: { ru: 'русский', kk: 'казахский', uz: 'узбекский', tg: 'таджикский', ky: 'киргизский', en: 'английский', tk: 'туркменский', az: 'азербайджанский', tr: 'турецкий', zh: 'китайский', uk: 'украинский', ar: 'арабский' },
  kk: { ru: 'орыс тілі', kk: 'қазақ тілі', uz: 'өзбек тілі', tg: 'тәжік тілі', ky: 'қырғыз тілі', en: 'ағылшын тілі', tk: 'түрікмен тілі', az: 'әзербайжан тілі', tr: 'түрік тілі', zh: 'қытай тілі', uk: 'украин тілі', ar: 'араб тілі' },
  en: { ru: 'Russian', kk: 'Kazakh', uz: 'Uzbek', tg: 'Tajik', ky: 'Kyrgyz', en: 'English', tk: 'Turkmen', az: 'Azerbaijani', tr: 'Turkish', zh: 'Chinese', uk: 'Ukrainian', ar: 'Arabic' },
};

/**
 * The language's name in the locale (written out for the region's languages, else
 * Intl.DisplayNames), capitalised for a list ("Казахский", not "казахский"), or the code
 * itself when the platform has none.
 */
export function languageLabel(code: string, locale: Locale): string {
  const name = WRITTEN_OUT[locale][code] ?? displayName('language', code, locale);
  return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : code;
}
