import type { Clock } from '@mayak/domain';

/**
 * The console's one source of "now": this computer's clock, set by the API's. Every API
 * answer carries the server's time in its Date header (whole seconds); when this computer's
 * clock is off by more than that rounding allows, the console follows the server, so a
 * callback due "in 5 minutes" or "today" mean the same on the operator's screen as in the
 * API, whatever the computer's clock says.
 */
const TOLERANCE_MS = 2_000;
let offsetMs = 0;

export const consoleClock: Clock & { nowMs(): number } = {
  now: () => new Date(consoleClock.nowMs()),
  nowMs: () => Date.now() + offsetMs,
};

/** Learns the server's time from an API answer's Date header, read when the answer arrived. */
export function learnServerTime(dateHeader: string | null, receivedAtMs: number = Date.now()): void {
  if (!dateHeader) return;
  const serverMs = Date.parse(dateHeader);
  if (Number.isNaN(serverMs)) return;
  // The header drops the milliseconds: the server's time was within the second after it.
  const measured = serverMs + 500 - receivedAtMs;
  offsetMs = Math.abs(measured) > TOLERANCE_MS ? measured : 0;
}

/** The calendar day of an instant on this screen (the browser's time zone), as yyyy-mm-dd. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Today on this screen, by the console's clock. */
export function today(): string {
  return localDay(consoleClock.now());
}

/** The calendar day of an instant in a time zone (an office's), as yyyy-mm-dd. */
export function dayInZone(at: Date, timeZone: string): string {
  // en-CA writes dates as yyyy-mm-dd.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
