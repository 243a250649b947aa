import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '@mayak/domain';
import type Redis from 'ioredis';
import { Secret, TOTP } from 'otpauth';
import type { Repository } from 'typeorm';
import { SettableClock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import { MfaService } from './mfa.service';
import type { RecoveryCode } from './recovery-code.entity';

const PINNED = new Date('2031-02-03T04:05:06.000Z'); // years from the wall, so a code for the wall's time is wrong here
const config = { mfaIssuer: 'Mayak test', redisKeyPrefix: 'unit' } as AppConfig;

/** Redis as the replay check uses it: the highest step accepted per key (the Lua script's rule). */
function stepStore(): Redis {
  const last = new Map<string, number>();
  return {
    eval: jest.fn(async (_script: string, _keys: number, key: string, step: string) => {
      if (Number(step) <= (last.get(key) ?? -1)) return 0;
      last.set(key, Number(step));
      return 1;
    }),
  } as unknown as Redis;
}

function codeAt(secret: string, at: Date): string {
  return new TOTP({ algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) }).generate({
    timestamp: at.getTime(),
  });
}

function service() {
  const clock = new SettableClock(PINNED);
  const codes = {} as Repository<RecoveryCode>; // verifyCode never touches recovery codes
  const mfa = new MfaService(codes, stepStore(), config, clock);
  return { clock, mfa, secret: mfa.newSecret() };
}

describe('MfaService.verifyCode and the clock', () => {
  it('accepts the code for the clock’s instant, far from the wall', async () => {
    const { mfa, secret } = service();
    expect(await mfa.verifyCode(secret, codeAt(secret, PINNED), 'user-1')).toBe(true);
  });

  it('refuses the code the wall would give now', async () => {
    const { mfa, secret } = service();
    const wallCode = codeAt(secret, new Date());
    // Only if the wall's code happens to equal one valid at the pinned instant (about one chance in 300,000) may it pass.
    const validAtClock = [-1, 0, 1].map((steps) => codeAt(secret, new Date(PINNED.getTime() + steps * TOTP_PERIOD_SECONDS * 1000)));
    expect(await mfa.verifyCode(secret, wallCode, 'user-1')).toBe(validAtClock.includes(wallCode));
  });

  it('accepts a code one step either side of the clock, and refuses one two steps away', async () => {
    const { mfa, secret } = service();
    const step = TOTP_PERIOD_SECONDS * 1000;
    expect(await mfa.verifyCode(secret, codeAt(secret, new Date(PINNED.getTime() - step)), 'user-1')).toBe(true);
    expect(await mfa.verifyCode(secret, codeAt(secret, new Date(PINNED.getTime() + step)), 'user-2')).toBe(true);
    expect(await mfa.verifyCode(secret, codeAt(secret, new Date(PINNED.getTime() + 2 * step)), 'user-3')).toBe(false);
  });

  it('never takes the same step twice for one user, and takes the next step once the clock gets there', async () => {
    const { mfa, secret, clock } = service();
    const first = codeAt(secret, PINNED);
    expect(await mfa.verifyCode(secret, first, 'user-1')).toBe(true);
    expect(await mfa.verifyCode(secret, first, 'user-1')).toBe(false);
    clock.advance(TOTP_PERIOD_SECONDS * 1000);
    expect(await mfa.verifyCode(secret, codeAt(secret, clock.now()), 'user-1')).toBe(true);
  });
});
