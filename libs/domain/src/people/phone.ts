import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Kazakhstan's line hears mostly +7 numbers written the local way (8 701 ...). */
export const DEFAULT_PHONE_REGION: CountryCode = 'KZ';

export type NormalisedPhone = { ok: true; e164: string; country: string | undefined } | { ok: false; reason: 'empty' | 'not_a_number' | 'invalid' };

/** Any common spelling of a number to E.164, the only form that is hashed and stored. */
export function normalisePhone(input: string, defaultRegion: CountryCode = DEFAULT_PHONE_REGION): NormalisedPhone {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, reason: 'empty' };
  if (trimmed.length > 40 || !/^[+()\d\s.\-/]+$/.test(trimmed)) return { ok: false, reason: 'not_a_number' };
  // "00" is the international prefix across the region's diaspora (e.g. 00 998 ...).
  const candidate = trimmed.replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(candidate, defaultRegion);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

const MASK = '•';

/**
 * What a user without the "view identifiers" permission sees: country code, the first
 * digits that say which operator, and the last two digits, e.g. `+7 701 ••• •• 67`.
 */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return `${MASK.repeat(3)} ${e164.slice(-2)}`;
  const national = String(parsed.nationalNumber);
  const head = national.slice(0, 3);
  const tail = national.slice(-2);
  const hidden = national.length - head.length - tail.length;
  const middle = hidden > 2 ? `${MASK.repeat(hidden - 2)} ${MASK.repeat(2)}` : MASK.repeat(Math.max(hidden, 1));
  return `+${parsed.countryCallingCode} ${head} ${middle} ${tail}`;
}

/** Names masked to their initials: `Айгерим Нурланова` -> `А. Н.` */
export function maskName(name: string): string {
  const initials = name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0]}.`);
  return initials.length ? initials.join(' ') : MASK.repeat(3);
}
