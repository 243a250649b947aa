import Redis from 'ioredis';
import { AttemptGates, type Gate } from '#api/core/auth/attempt-gates';
import { SettableClock } from '#api/core/clock/clock';

const testEnv = require('../support/test-env') as { redisUrl: string; prefix: () => string };

/** The gates' Redis script against a real Redis, with a clock the test moves. */
describe('attempt gates (Redis script)', () => {
  let redis: Redis;
  let clock: SettableClock;
  let gates: AttemptGates;
  let run = 0;
  const policy = { freeFailures: 3, firstDelayMs: 10_000, longestDelayMs: 60_000 };
  let keys: { source: string; shared: string };
  const gateList = (sharedMode: Gate['mode']): Gate[] => [
    { key: keys.source, policy, mode: 'consult' },
    { key: keys.shared, policy, mode: sharedMode },
  ];

  beforeAll(() => {
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
  });
  beforeEach(() => {
    run += 1;
    keys = { source: `${testEnv.prefix()}:gates:${run}:source`, shared: `${testEnv.prefix()}:gates:${run}:shared` };
    clock = new SettableClock(new Date('2026-03-01T10:00:00Z')); // the gates only compare instants
    gates = new AttemptGates(redis, clock);
  });
  afterAll(() => redis.disconnect());

  it('lets the free failures through, then closes for a wait that doubles', async () => {
    for (let i = 0; i < 3; i++) expect(await gates.take(gateList('consult'), false)).toEqual({ taken: true, passedWithSecondFactor: false });
    expect(await gates.take(gateList('consult'), false)).toEqual({ taken: false, retryAfterMs: 10_000, secondFactorWouldPass: false });
    clock.advance(10_000);
    expect((await gates.take(gateList('consult'), false)).taken).toBe(true);
    expect(await gates.take(gateList('consult'), false)).toEqual({ taken: false, retryAfterMs: 20_000, secondFactorWouldPass: false });
    clock.advance(20_000);
    expect((await gates.take(gateList('consult'), false)).taken).toBe(true);
    clock.advance(40_000);
    expect((await gates.take(gateList('consult'), false)).taken).toBe(true);
    // The ceiling holds.
    expect(await gates.take(gateList('consult'), false)).toMatchObject({ taken: false, retryAfterMs: 60_000 });
  });

  it('counts nothing for a refused attempt', async () => {
    for (let i = 0; i < 3; i++) await gates.take(gateList('consult'), false);
    for (let i = 0; i < 5; i++) expect((await gates.take(gateList('consult'), false)).taken).toBe(false);
    expect(await redis.hget(keys.source, 'n')).toBe('3');
  });

  it('lets a second factor past a closed shared gate, and counts it there', async () => {
    // Three failures from elsewhere close the shared gate.
    const elsewhere: Gate[] = [
      { key: `${keys.source}-elsewhere`, policy, mode: 'consult' },
      { key: keys.shared, policy, mode: 'unless_second_factor' },
    ];
    for (let i = 0; i < 3; i++) await gates.take(elsewhere, false);
    expect(await gates.take(gateList('unless_second_factor'), false)).toEqual({ taken: false, retryAfterMs: 10_000, secondFactorWouldPass: true });
    expect(await gates.take(gateList('unless_second_factor'), true)).toEqual({ taken: true, passedWithSecondFactor: true });
    expect(await gates.take(gateList('count'), false)).toEqual({ taken: true, passedWithSecondFactor: false });
  });

  it('forgives the source that proved itself without lengthening or shortening the others’ wait', async () => {
    const elsewhere: Gate[] = [
      { key: `${keys.source}-elsewhere`, policy, mode: 'consult' },
      { key: keys.shared, policy, mode: 'unless_second_factor' },
    ];
    for (let i = 0; i < 3; i++) await gates.take(elsewhere, false);
    const closedUntil = await redis.hget(keys.shared, 'next');
    // The password alone is refused without being counted.
    expect((await gates.take(gateList('unless_second_factor'), false)).taken).toBe(false);
    expect(await redis.hget(keys.shared, 'n')).toBe('3');
    const right = gateList('unless_second_factor');
    expect((await gates.take(right, true)).taken).toBe(true);
    expect(await redis.hget(keys.shared, 'n')).toBe('4');
    await gates.forgiveSource(right);
    expect(await redis.exists(keys.source)).toBe(0);
    expect(await redis.hget(keys.shared, 'n')).toBe('3');
    expect(await redis.hget(keys.shared, 'next')).toBe(closedUntil);
  });

  it('opens a gate that falls back under its free failures', async () => {
    for (let i = 0; i < 3; i++) await gates.take(gateList('consult'), false);
    expect((await gates.take(gateList('consult'), false)).taken).toBe(false);
    await gates.giveBack(gateList('consult'));
    expect(await gates.take(gateList('consult'), false)).toEqual({ taken: true, passedWithSecondFactor: false });
  });

  it('forgets failures a day after the last one', async () => {
    await gates.take(gateList('consult'), false);
    const ttl = await redis.pttl(keys.source);
    expect(ttl).toBeGreaterThan(23 * 60 * 60_000);
    expect(ttl).toBeLessThanOrEqual(24 * 60 * 60_000);
  });
});
