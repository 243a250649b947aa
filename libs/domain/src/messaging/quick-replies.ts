import { MENU_LANGUAGES, type MenuLanguage } from '../codes/telephony';

/** Canned answers are kept in the languages people write to the line in (the phone menu's). */
export const QUICK_REPLY_LANGUAGES: readonly MenuLanguage[] = MENU_LANGUAGES;
export const QUICK_REPLY_TITLE_MAX = 80;
/** A quick reply is sent as it is: no longer than one reply may be. */
export const MESSAGE_BODY_MAX = 1000;

/**
 * The order an operator's search shows quick replies in: titles that start with what they
 * typed, then titles containing it, then bodies containing it; each alphabetically. Nothing
 * typed: all, alphabetically.
 */
export function rankQuickReplies<T extends { title: string; body: string }>(replies: readonly T[], typed: string): T[] {
  const q = typed.trim().toLocaleLowerCase();
  const byTitle = (a: T, b: T) => a.title.localeCompare(b.title);
  if (!q) return [...replies].sort(byTitle);
  const rank = (r: T): number => {
    const title = r.title.toLocaleLowerCase();
    if (title.startsWith(q)) return 0;
    if (title.includes(q)) return 1;
    return r.body.toLocaleLowerCase().includes(q) ? 2 : -1;
  };
  return replies
    .map((r) => ({ r, rank: rank(r) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || byTitle(a.r, b.r))
    .map((x) => x.r);
}
