import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { normaliseRecoveryCode, RECOVERY_CODE_COUNT, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '@mayak/domain';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { toDataURL } from 'qrcode';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { sha256 } from '../crypto/tokens';
import { REDIS } from '../redis/redis.module';
import { RecoveryCode } from './recovery-code.entity';

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz023456789'; // 32 symbols: no modulo bias, no o/0 or l/1 pairs

/** TOTP (RFC 6238) with replay protection, and one-time recovery codes. */
@Injectable()
export class MfaService {
  constructor(
    @InjectRepository(RecoveryCode) private readonly codes: Repository<RecoveryCode>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  newSecret(): string {
    return new Secret({ size: 20 }).base32;
  }

  async describe(secret: string, account: string): Promise<{ otpauthUri: string; qrCodeDataUrl: string }> {
    const otpauthUri = this.totp(secret, account).toString();
    return { otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 220 }) };
  }

  /**
   * Accepts the current code or one a step either side (clock drift), and never the same
   * step twice for one user, so a code seen over a shoulder cannot be replayed.
   */
  async verifyCode(secret: string, code: string, userId: string): Promise<boolean> {
    const clean = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(clean)) return false;
    const totp = this.totp(secret, userId);
    const timestamp = this.clock.nowMs(); // one reading for both the check and the step it names
    const delta = totp.validate({ token: clean, window: 1, timestamp });
    if (delta === null) return false;
    const step = Math.floor(timestamp / 1000 / TOTP_PERIOD_SECONDS) + delta;
    const key = `${this.config.redisKeyPrefix}:mfa-step:${userId}`;
    // Store the highest step used; a code at or below it is a replay.
    const accepted = await this.redis.eval(
      `local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
       if tonumber(ARGV[1]) <= last then return 0 end
       redis.call('SET', KEYS[1], ARGV[1], 'EX', 300)
       return 1`,
      1,
      key,
      String(step),
    );
    return accepted === 1;
  }

  async issueRecoveryCodes(userId: string, manager: EntityManager): Promise<string[]> {
    const repo = manager.getRepository(RecoveryCode);
    await repo.delete({ userId });
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const bytes = randomBytes(10);
      const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
      return `${chars.slice(0, 5)}-${chars.slice(5)}`;
    });
    await repo.insert(codes.map((code) => ({ userId, codeHash: sha256(normaliseRecoveryCode(code)), usedAt: null })));
    return codes;
  }

  /** Marks the code used; true only for the first use of a valid code. */
  async consumeRecoveryCode(userId: string, input: string): Promise<boolean> {
    const result = await this.codes.update({ userId, codeHash: sha256(normaliseRecoveryCode(input)), usedAt: IsNull() }, { usedAt: this.clock.now() });
    return (result.affected ?? 0) === 1;
  }

  async remainingRecoveryCodes(userId: string): Promise<number> {
    return this.codes.count({ where: { userId, usedAt: IsNull() } });
  }

  async clear(userId: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(RecoveryCode).delete({ userId });
  }

  private totp(secret: string, label: string): TOTP {
    return new TOTP({
      issuer: this.config.mfaIssuer,
      label,
      algorithm: 'SHA1',
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
      secret: Secret.fromBase32(secret),
    });
  }
}
