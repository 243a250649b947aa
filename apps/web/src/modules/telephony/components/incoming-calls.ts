import type { CallDto } from '@mayak/api-client';

/** Whether the call's intake is the page on screen (`/intake?contact=<its contact>`): my call then has its own bar there. */
export function isIntakeOnScreen(call: Pick<CallDto, 'contactId'>, location: { pathname: string; search: string }): boolean {
  return location.pathname === '/intake' && !!call.contactId && new URLSearchParams(location.search).get('contact') === call.contactId;
}

/** A call rings first for those who speak its language, and for everyone from `ringsEveryoneAt`. */
export function ringsFor(call: Pick<CallDto, 'language' | 'ringsEveryoneAt'>, myLanguages: readonly string[], now: number): boolean {
  return !call.ringsEveryoneAt || (!!call.language && myLanguages.includes(call.language)) || now >= Date.parse(call.ringsEveryoneAt);
}

/**
 * Seconds until a call rings for everyone, while it still rings only for those who speak its
 * language; null when it rings for everyone (or has no language).
 */
export function secondsUntilEveryone(call: Pick<CallDto, 'language' | 'ringsEveryoneAt'>, now: number): number | null {
  if (!call.language || !call.ringsEveryoneAt || !(now < Date.parse(call.ringsEveryoneAt))) return null;
  return (Date.parse(call.ringsEveryoneAt) - now) / 1000;
}

/**
 * How long the caller has waited: the API's figure when the list was read, plus the time
 * since then; else from when the call was queued.
 */
export function waitedSeconds(call: Pick<CallDto, 'waitingSeconds' | 'queuedAt'>, now: number, fetchedAt: number): number {
  if (call.waitingSeconds !== null) return call.waitingSeconds + (now - fetchedAt) / 1000;
  return call.queuedAt ? (now - Date.parse(call.queuedAt)) / 1000 : 0;
}

/** How long the call has been answered. */
export function talkedSeconds(call: Pick<CallDto, 'answeredAt'>, now: number): number {
  return call.answeredAt ? (now - Date.parse(call.answeredAt)) / 1000 : 0;
}
