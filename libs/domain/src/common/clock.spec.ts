import { ManualClock, parsePinnedInstant, StartedClock } from './clock';

describe('clocks', () => {
  it('StartedClock starts at the pinned instant and advances with elapsed time', () => {
    let elapsed = 1_000_000;
    const clock = new StartedClock(new Date('2026-12-31T18:59:00Z'), () => elapsed);
    expect(clock.now().toISOString()).toBe('2026-12-31T18:59:00.000Z');
    elapsed += 90_000;
    expect(clock.now().toISOString()).toBe('2026-12-31T19:00:30.000Z');
  });

  it('StartedClock given the same start and anchor agrees across instances created later', () => {
    let elapsed = 5_000;
    const first = new StartedClock(new Date('2027-01-01T00:00:00Z'), () => elapsed, 5_000);
    elapsed = 9_000;
    const second = new StartedClock(new Date('2027-01-01T00:00:00Z'), () => elapsed, 5_000);
    expect(second.now().toISOString()).toBe('2027-01-01T00:00:04.000Z');
    expect(first.now().getTime()).toBe(second.now().getTime());
  });

  it('StartedClock refuses an invalid start', () => {
    expect(() => new StartedClock(new Date('nonsense'))).toThrow(RangeError);
  });

  it('ManualClock moves only when told', () => {
    const clock = new ManualClock('2027-02-28T23:59:59Z');
    expect(clock.now().toISOString()).toBe('2027-02-28T23:59:59.000Z');
    clock.advance(1000);
    expect(clock.now().toISOString()).toBe('2027-03-01T00:00:00.000Z');
    clock.set('2026-01-01T00:00:00+05:00');
    expect(clock.now().toISOString()).toBe('2025-12-31T19:00:00.000Z');
    expect(() => clock.set('tomorrow')).toThrow(RangeError);
  });

  it('parses pinned instants only with an explicit offset', () => {
    expect(parsePinnedInstant('2026-12-31T23:58:00+05:00')?.toISOString()).toBe('2026-12-31T18:58:00.000Z');
    expect(parsePinnedInstant('2026-12-31T18:58:00Z')?.toISOString()).toBe('2026-12-31T18:58:00.000Z');
    expect(parsePinnedInstant('2026-12-31T18:58:00')).toBeNull();
    expect(parsePinnedInstant('2026-13-31T18:58:00Z')).toBeNull();
    expect(parsePinnedInstant('yesterday')).toBeNull();
  });
});
