/**
 * Guessing is slowed, never stopped: after a number of free failures each further failure
 * doubles the wait before the next attempt is even checked, up to a ceiling. A lockout
 * would let anyone who knows an operator's e-mail keep them off the line; a delay that
 * grows keeps guessing as slow as a lockout would while the right person can still get in
 * (from a device they used before, or with their second factor).
 */
export interface AttemptDelayPolicy {
  /** Failures allowed before any wait. */
  freeFailures: number;
  /** The wait after the last free failure; each further failure doubles it. */
  firstDelayMs: number;
  /** The wait never grows past this. */
  longestDelayMs: number;
}

/** How long the next attempt must wait after `failures` failed ones. */
export function delayAfterFailures(failures: number, policy: AttemptDelayPolicy): number {
  if (!Number.isFinite(failures) || failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 52);
  return Math.min(policy.longestDelayMs, policy.firstDelayMs * 2 ** doublings);
}

/**
 * The waits after 1, 2, ... failures until the ceiling is reached; the last entry holds for
 * every later failure. Lets a store (a Redis script) apply the same rule atomically.
 */
export function delaySchedule(policy: AttemptDelayPolicy): number[] {
  const schedule: number[] = [];
  for (let failures = 1; failures <= policy.freeFailures + 60; failures++) {
    const delay = delayAfterFailures(failures, policy);
    schedule.push(delay);
    if (delay >= policy.longestDelayMs) break;
  }
  return schedule;
}
