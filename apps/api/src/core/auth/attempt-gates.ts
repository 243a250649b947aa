import { Inject, Injectable } from '@nestjs/common';
import { delaySchedule, type AttemptDelayPolicy } from '@mayak/domain';
import type Redis from 'ioredis';
import { Clock } from '../clock/clock';
import { REDIS } from '../redis/redis.module';

/**
 * How an attempt treats one gate:
 * - `consult`: the attempt waits while this gate is closed;
 * - `unless_second_factor`: as `consult`, unless the attempt brings its second factor along;
 * - `count`: the failure is counted here but never holds the attempt back.
 */
export type GateMode = 'consult' | 'unless_second_factor' | 'count';

export interface Gate {
  key: string;
  policy: AttemptDelayPolicy;
  mode: GateMode;
}

export type GateAnswer = { taken: true; passedWithSecondFactor: boolean } | { taken: false; retryAfterMs: number; secondFactorWouldPass: boolean };

/** Failures are remembered this long after the last one, so waiting out the delay does not reset it. */
export const FAILURE_MEMORY_MS = 24 * 60 * 60_000;

// Every gate is a hash {n: failures, next: epoch ms before which it is closed, before: what
// next was until the latest counted attempt}. One script
// checks all the gates and counts the attempt on each, so parallel attempts see each other.
const TAKE = `
local now = tonumber(ARGV[1])
local memory = tonumber(ARGV[2])
local secondFactor = ARGV[3] == '1'
local held, heldUnlessFactor = 0, 0
for i, key in ipairs(KEYS) do
  local mode = ARGV[3 + (i - 1) * 2 + 1]
  local nextAt = tonumber(redis.call('HGET', key, 'next') or '0')
  if nextAt > now then
    if mode == 'consult' then held = math.max(held, nextAt - now)
    elseif mode == 'unless_second_factor' then heldUnlessFactor = math.max(heldUnlessFactor, nextAt - now) end
  end
end
if held > 0 then return {0, math.max(held, heldUnlessFactor), 0} end
if heldUnlessFactor > 0 and not secondFactor then return {0, heldUnlessFactor, 1} end
for i, key in ipairs(KEYS) do
  local schedule = {}
  for delay in string.gmatch(ARGV[3 + (i - 1) * 2 + 2], '[^,]+') do schedule[#schedule + 1] = tonumber(delay) end
  local failures = redis.call('HINCRBY', key, 'n', 1)
  local delay = schedule[math.min(failures, #schedule)]
  if delay > 0 then
    redis.call('HSET', key, 'before', redis.call('HGET', key, 'next') or '0')
    redis.call('HSET', key, 'next', now + delay)
  end
  redis.call('PEXPIRE', key, memory)
end
if heldUnlessFactor > 0 then return {1, 0, 1} end
return {1, 0, 0}
`;

// Takes back ARGV[1] failures from every gate (or, when ARGV[1] is 'source', as many as the
// first gate holds: the failures of the source that just proved itself). A gate that falls
// back under its free failures opens at once.
const FORGIVE = `
local count = tonumber(ARGV[1]) or tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if count < 1 then count = 1 end
for i, key in ipairs(KEYS) do
  local free = tonumber(ARGV[1 + i])
  local failures = tonumber(redis.call('HGET', key, 'n') or '0') - count
  if failures <= 0 then redis.call('DEL', key)
  else
    redis.call('HSET', key, 'n', failures)
    if failures < free then redis.call('HDEL', key, 'next', 'before')
    else
      -- Still past its free failures because of other sources: closed as long as before
      -- this attempt, not longer (a right answer must not lengthen anyone's wait).
      local before = redis.call('HGET', key, 'before')
      if before then redis.call('HSET', key, 'next', before) end
    end
  end
end
return 1
`;

/** Counts failed attempts at a secret in Redis (shared by every API instance) and applies the growing delay. */
@Injectable()
export class AttemptGates {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  /** Counts the attempt on every gate before the secret is checked, or refuses it without counting. */
  async take(gates: readonly Gate[], secondFactorOffered: boolean): Promise<GateAnswer> {
    const args = gates.flatMap((g) => [g.mode, delaySchedule(g.policy).join(',')]);
    const [taken, retryAfterMs, factor] = (await this.redis.eval(
      TAKE,
      gates.length,
      ...gates.map((g) => g.key),
      String(this.clock.nowMs()),
      String(FAILURE_MEMORY_MS),
      secondFactorOffered ? '1' : '0',
      ...args,
    )) as [number, number, number];
    return taken === 1 ? { taken: true, passedWithSecondFactor: factor === 1 } : { taken: false, retryAfterMs, secondFactorWouldPass: factor === 1 };
  }

  /** The secret was right: the source's failures are forgiven on every gate (the first gate names the source). */
  async forgiveSource(gates: readonly Gate[]): Promise<void> {
    await this.redis.eval(FORGIVE, gates.length, ...gates.map((g) => g.key), 'source', ...gates.map((g) => String(g.policy.freeFailures)));
  }

  /** The attempt was not a guess after all (the secret was right but the attempt refused for another reason). */
  async giveBack(gates: readonly Gate[]): Promise<void> {
    await this.redis.eval(FORGIVE, gates.length, ...gates.map((g) => g.key), '1', ...gates.map((g) => String(g.policy.freeFailures)));
  }
}
