import { Inject, Injectable } from '@nestjs/common';
import type { AttemptDelayPolicy } from '@mayak/domain';
import type Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../errors/domain-error';
import { REDIS } from '../redis/redis.module';
import { sha256 } from '../crypto/tokens';
import { AttemptGates, type Gate, type GateAnswer } from './attempt-gates';

// Account names and device tokens are hashed so Redis never holds an e-mail address or a cookie.
const hash = (value: string) => sha256(value.toLowerCase()).toString('hex');

/** A device the account signed in from stays trusted this long after its last sign-in there. */
export const DEVICE_TRUST_MS = 180 * 24 * 60 * 60_000;

export interface SecretAttempt {
  /** The e-mail address tried (known account or not). */
  account: string;
  address: string;
  /** The browser's device cookie, when it brought one. */
  deviceToken: string | null;
  /** The attempt also carries a second-factor code. */
  secondFactorOffered: boolean;
}

/** The gates an attempt was counted on, for forgiving or giving it back afterwards. */
export interface AttemptTicket {
  gates: readonly Gate[];
  passedWithSecondFactor: boolean;
}

/**
 * Slows password guessing without letting anyone lock a person out (see attempt-delay in the
 * domain). An attempt is counted on its gates before the password is checked, atomically, so
 * a parallel burst gets no more checks than a sequence would.
 *
 * - From a device this account signed in from before (its device cookie): only that
 *   device's failures at this account hold it back. Someone guessing elsewhere, or on the
 *   same office network, cannot keep the operator at their own desk out.
 * - From anywhere else: the failures of this account at this address, of this address at
 *   any account, and of this account from everywhere (the guessing limit against many
 *   addresses). While the account-wide wait runs, the right password is accepted only
 *   together with the second factor in the same request, so nothing tells a guesser
 *   whether the password alone was right.
 */
@Injectable()
export class LoginThrottle {
  private readonly perAccount: AttemptDelayPolicy;
  private readonly perAddress: AttemptDelayPolicy;
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly gates: AttemptGates,
  ) {
    const firstDelayMs = config.login.firstDelaySeconds * 1000;
    const longestDelayMs = Math.max(firstDelayMs, config.login.longestDelayMinutes * 60_000);
    this.perAccount = { freeFailures: config.login.maxFailuresPerAccount, firstDelayMs, longestDelayMs };
    this.perAddress = { freeFailures: config.login.maxFailuresPerAddress, firstDelayMs, longestDelayMs };
    this.prefix = `${config.redisKeyPrefix}:attempts`;
  }

  /** Counts a sign-in attempt before the password is checked; 429 when it must wait. */
  async takeSignIn(attempt: SecretAttempt): Promise<AttemptTicket> {
    const account = hash(attempt.account);
    const trusted = attempt.deviceToken !== null && (await this.isTrusted(attempt.deviceToken, attempt.account));
    const gates: Gate[] = trusted
      ? [
          { key: `${this.prefix}:device:${hash(attempt.deviceToken!)}:${account}`, policy: this.perAccount, mode: 'consult' },
          { key: `${this.prefix}:address:${attempt.address}`, policy: this.perAddress, mode: 'count' },
          { key: `${this.prefix}:account:${account}`, policy: this.perAccount, mode: 'count' },
        ]
      : [
          { key: `${this.prefix}:pair:${account}:${attempt.address}`, policy: this.perAccount, mode: 'consult' },
          { key: `${this.prefix}:address:${attempt.address}`, policy: this.perAddress, mode: 'consult' },
          { key: `${this.prefix}:account:${account}`, policy: this.perAccount, mode: 'unless_second_factor' },
        ];
    return this.take(gates, attempt.secondFactorOffered);
  }

  /**
   * Counts a password given again inside a signed-in session (step-up). The session already
   * passed sign-in, so only its own failures hold it back; they also count towards the
   * account's guessing limit.
   */
  async takeStepUp(attempt: { account: string; sessionId: string }): Promise<AttemptTicket> {
    return this.take(
      [
        { key: this.stepUpKey(attempt.sessionId), policy: this.perAccount, mode: 'consult' },
        { key: `${this.prefix}:account:${hash(attempt.account)}`, policy: this.perAccount, mode: 'count' },
      ],
      false,
    );
  }

  /** Counts a second-factor code for one user (six digits are guessed as easily as a weak password). */
  async takeSecondFactor(userId: string): Promise<AttemptTicket> {
    return this.take([{ key: `${this.prefix}:second-factor:${userId}`, policy: this.perAccount, mode: 'consult' }], false);
  }

  /** The secret was right: this source's failures are forgiven. */
  async succeeded(ticket: AttemptTicket): Promise<void> {
    await this.gates.forgiveSource(ticket.gates);
  }

  /** The attempt was not a guess (the password was right but sign-in refused for another reason). */
  async giveBack(ticket: AttemptTicket): Promise<void> {
    await this.gates.giveBack(ticket.gates);
  }

  /**
   * After a wrong password inside a session: true once the session has had as many failures
   * as an account gets free, when it should end (whoever holds it is guessing).
   */
  async stepUpFailuresEndSession(sessionId: string): Promise<boolean> {
    return Number(await this.redis.hget(this.stepUpKey(sessionId), 'n')) >= this.perAccount.freeFailures;
  }

  private stepUpKey(sessionId: string): string {
    return `${this.prefix}:step-up:${sessionId}`;
  }

  /** Remembers that this account signed in from this device. */
  async trustDevice(deviceToken: string, account: string, nowMs: number): Promise<void> {
    await this.redis.set(this.trustKey(deviceToken, account), String(nowMs), 'PX', DEVICE_TRUST_MS);
  }

  private async isTrusted(deviceToken: string, account: string): Promise<boolean> {
    return (await this.redis.exists(this.trustKey(deviceToken, account))) === 1;
  }

  private trustKey(deviceToken: string, account: string): string {
    return `${this.prefix}:trusted-device:${hash(deviceToken)}:${hash(account)}`;
  }

  private async take(gates: Gate[], secondFactorOffered: boolean): Promise<AttemptTicket> {
    const answer: GateAnswer = await this.gates.take(gates, secondFactorOffered);
    if (answer.taken) return { gates, passedWithSecondFactor: answer.passedWithSecondFactor };
    const retryAfterSeconds = Math.max(1, Math.ceil(answer.retryAfterMs / 1000));
    throw answer.secondFactorWouldPass
      ? new DomainError(
          'too_many_attempts',
          'Too many failed attempts at this account: wait, or sign in with your password and the 6-digit code from your authenticator app together',
          { retryAfterSeconds, secondFactorAccepted: true },
        )
      : new DomainError('too_many_attempts', 'Too many failed attempts; wait before trying again', { retryAfterSeconds });
  }
}
