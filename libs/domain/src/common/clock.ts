/**
 * The one source of "now" for the API, the worker, the console and the rules in this
 * library. Rules take the instant as an argument; whoever calls them asks a Clock.
 * Tests pin a clock instead of reading the wall.
 */
export interface Clock {
  now(): Date;
}

/**
 * A clock that starts at `start` and then advances with the given source of elapsed time
 * (the wall by default): what a deployment pinned to a chosen instant sees.
 */
export class StartedClock implements Clock {
  private readonly offsetMs: number;

  /**
   * `startedAt` is the source's reading at which the clock showed `start` (default: now),
   * so that several processes given the same pair agree to the millisecond.
   */
  constructor(
    start: Date,
    private readonly elapsedSource: () => number = () => Date.now(),
    startedAt: number = elapsedSource(),
  ) {
    if (Number.isNaN(start.getTime()) || Number.isNaN(startedAt)) throw new RangeError('StartedClock needs a valid start instant');
    this.offsetMs = start.getTime() - startedAt;
  }

  now(): Date {
    return new Date(this.elapsedSource() + this.offsetMs);
  }
}

/** A clock that moves only when told: for unit tests of rules and services. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new RangeError('ManualClock needs a valid start instant');
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    const next = new Date(at).getTime();
    if (Number.isNaN(next)) throw new RangeError('ManualClock.set needs a valid instant');
    this.current = next;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/** Parses the instant a deployment or a test run pins its clock to (ISO 8601 with an offset or Z). */
export function parsePinnedInstant(raw: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) return null;
  const at = new Date(raw);
  return Number.isNaN(at.getTime()) ? null : at;
}
