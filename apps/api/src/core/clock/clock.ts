import { StartedClock, type Clock as DomainClock } from '@mayak/domain';

/**
 * The API's and the worker's one source of "now" (an abstract class, so it is both the
 * type and the injection token). Services ask it; they never read the wall. SQL takes
 * the instant as a parameter instead of calling now().
 */
export abstract class Clock implements DomainClock {
  abstract now(): Date;

  nowMs(): number {
    return this.now().getTime();
  }

  /** How far this clock is ahead of the system's: what the database adds to its own now(). */
  offsetFromSystemMs(): number {
    return this.now().getTime() - Date.now();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  override offsetFromSystemMs(): number {
    return 0;
  }
}

/**
 * Starts at a pinned instant and runs from there (MAYAK_CLOCK_START; never in production).
 * `startedAt` is the wall instant at which it showed `start`, shared by every process of
 * one deployment or test run so that the API and the workers agree.
 */
export class PinnedClock extends Clock {
  private readonly inner: StartedClock;

  constructor(start: Date, startedAt?: Date) {
    super();
    this.inner = new StartedClock(start, () => Date.now(), startedAt?.getTime());
  }

  now(): Date {
    return this.inner.now();
  }
}

/** A clock tests move by hand. */
export class SettableClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date): void {
    this.current = new Date(at.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
