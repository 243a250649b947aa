import { delayAfterFailures, delaySchedule } from './attempt-delay';

const policy = { freeFailures: 5, firstDelayMs: 15_000, longestDelayMs: 15 * 60_000 };

describe('growing delay between failed attempts', () => {
  it('lets the free failures through without a wait', () => {
    expect([0, 1, 2, 3, 4].map((n) => delayAfterFailures(n, policy))).toEqual([0, 0, 0, 0, 0]);
  });

  it('doubles the wait from the last free failure on, up to the ceiling', () => {
    expect([5, 6, 7, 8, 9, 10, 11, 12].map((n) => delayAfterFailures(n, policy) / 1000)).toEqual([15, 30, 60, 120, 240, 480, 900, 900]);
    expect(delayAfterFailures(10_000, policy)).toBe(15 * 60_000);
  });

  it('describes the same rule as a schedule ending at the ceiling', () => {
    const schedule = delaySchedule(policy);
    expect(schedule).toEqual([0, 0, 0, 0, 15_000, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000]);
    schedule.forEach((delay, i) => expect(delay).toBe(delayAfterFailures(i + 1, policy)));
  });

  it('has a wait after the first failure when nothing is free', () => {
    expect(delaySchedule({ freeFailures: 0, firstDelayMs: 1000, longestDelayMs: 1000 })).toEqual([1000]);
  });
});
