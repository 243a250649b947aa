/**
 * The last people search of this page load, in memory only: Back from a person finds the list as
 * it was, while a name or number never goes into the address (and so the browser's history) or
 * the browser's storage. Kept per user, so whoever signs in next on this tab starts empty.
 */
let last: { userId: string; q: string } | null = null;

export function rememberedSearch(userId: string | undefined): string {
  return userId && last?.userId === userId ? last.q : '';
}

export function rememberSearch(userId: string | undefined, q: string): void {
  last = userId && q ? { userId, q } : null;
}
