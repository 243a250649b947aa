import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkPassword, mfaRequiredFor, permissionsOf } from '@mayak/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FieldCipher } from '../crypto/field-cipher';
import { PasswordHasher } from '../crypto/password-hasher';
import { DomainError } from '../errors/domain-error';
import type { ChangePasswordDto, MfaEnrolmentDto, MfaVerifyDto, RenewRecoveryCodesDto, SecondFactorDto, SessionDto, UpdateMeDto } from './auth.dto';
import { DEVICE_TRUST_MS, LoginThrottle } from './login-throttle';
import { MfaService } from './mfa.service';
import type { Session, SessionState } from './session.entity';
import { SessionsService } from './sessions.service';
import { Encrypted } from '../crypto/encrypted-columns';
import { AccountStore, type Account, type ProfileChanges } from './account-store';
import { SignOutHook } from './sign-out-hook';

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface SignInAttempt extends ClientMeta {
  /** The browser's device cookie, when it brought one. */
  deviceToken: string | null;
  /** A second-factor code sent with the password. */
  code?: string;
}

/** Who signed in, and whether the password came with a valid second-factor code. */
export interface CheckedSignIn {
  user: Account;
  secondFactorVerified: boolean;
}

export interface IssuedSession {
  token: string;
  session: Session;
  user: Account;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: AccountStore,
    private readonly signOut: SignOutHook,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Password check with throttling; wrong e-mail and wrong password look the same from
   * outside. A second-factor code sent along must be right too, and then the session starts
   * active (and is let through while too many failures hold the password alone back).
   */
  async validateCredentials(email: string, password: string, attempt: SignInAttempt): Promise<CheckedSignIn> {
    const address = attempt.ip ?? 'unknown';
    let ticket;
    try {
      ticket = await this.throttle.takeSignIn({ account: email, address, deviceToken: attempt.deviceToken, secondFactorOffered: attempt.code !== undefined });
    } catch (error) {
      await this.audit.record({ action: AuditAction.LoginThrottled, entityType: 'user', actor: { userId: null, email: null }, summary: {} });
      throw error;
    }
    const user = await this.users.findForSignIn(email);
    const passwordRight = await this.hasher.verify(user?.passwordHash, password);
    const secondFactorVerified = passwordRight && !!user && attempt.code !== undefined && (await this.secondFactorAtSignIn(user, attempt.code));
    if (!user || !passwordRight || (attempt.code !== undefined && !secondFactorVerified)) {
      // The attempt taken above stays counted.
      await this.audit.record({
        action: AuditAction.LoginFailed,
        entityType: 'user',
        entityId: user?.id,
        actor: { userId: user?.id ?? null, email: user?.email ?? null },
        summary: { reason: !user ? 'unknown_account' : !passwordRight ? 'wrong_password' : 'wrong_second_factor' },
      });
      throw new DomainError(
        'invalid_credentials',
        attempt.code === undefined ? 'The e-mail or password is not right' : 'The e-mail, password or code is not right',
      );
    }
    if (!user.active) {
      await this.throttle.giveBack(ticket);
      await this.audit.record({
        action: AuditAction.LoginFailed,
        entityType: 'user',
        entityId: user.id,
        actor: { userId: user.id, email: user.email },
        summary: { reason: 'account_disabled' },
      });
      throw new DomainError('account_disabled', 'This account is deactivated; ask an administrator');
    }
    await this.throttle.succeeded(ticket);
    return { user, secondFactorVerified };
  }

  /**
   * A code sent with the password: counted on the user's second-factor gate like any code,
   * and a gate that is closed reads as a wrong code, so the answer never tells that the
   * password alone was right.
   */
  private async secondFactorAtSignIn(user: Account, code: string): Promise<boolean> {
    if (!user.mfaSecretEncrypted || !user.mfaEnrolledAt) return false;
    let ticket;
    try {
      ticket = await this.throttle.takeSecondFactor(user.id);
    } catch {
      return false;
    }
    const ok = await this.mfa.verifyCode(this.cipher.decrypt(user.mfaSecretEncrypted, Encrypted.userMfaSecret.at(user.id)), code, user.id);
    if (ok) await this.throttle.succeeded(ticket);
    return ok;
  }

  /** This browser is one the account signs in from: its own failures alone hold it back from now on. */
  async trustDevice(deviceToken: string, email: string): Promise<void> {
    await this.throttle.trustDevice(deviceToken, email, this.clock.nowMs());
  }

  get deviceTrustMs(): number {
    return DEVICE_TRUST_MS;
  }

  async startSession(user: Account, meta: ClientMeta, secondFactorVerified = false): Promise<IssuedSession> {
    const state: SessionState =
      user.mfaEnrolledAt && !secondFactorVerified
        ? 'mfa_required'
        : mfaRequiredFor(user.roles, this.config.mfaRequiredRoles)
          ? 'mfa_enrolment_required'
          : 'active';
    const { token, session } = await this.dataSource.transaction(async (m) => {
      const issued = await this.sessions.create(user.id, state, meta, m);
      if (state === 'active') await this.users.recordSignIn(user.id, this.clock.now(), m);
      await this.audit.record(
        {
          action: AuditAction.LoginSucceeded,
          entityType: 'user',
          entityId: user.id,
          actor: { userId: user.id, email: user.email },
          summary: secondFactorVerified ? { state, secondFactor: 'with_password' } : { state },
        },
        m,
      );
      return issued;
    });
    return { token, session, user };
  }

  async verifySecondFactor(session: Session, input: MfaVerifyDto): Promise<IssuedSession> {
    if (session.state !== 'mfa_required') throw new DomainError('conflict', 'This session is not waiting for a second factor');
    if (!input.code === !input.recoveryCode)
      throw new DomainError('validation_failed', 'Give either the code from your app or a recovery code', {
        errors: [{ field: 'code', code: 'one_of', message: 'Give either code or recoveryCode' }],
      });
    const user = await this.users.findWithSecret(session.userId);
    if (!user?.mfaSecretEncrypted) throw new DomainError('conflict', 'No second factor is enrolled');
    const ticket = await this.throttle.takeSecondFactor(user.id);
    const ok = input.code
      ? await this.mfa.verifyCode(this.cipher.decrypt(user.mfaSecretEncrypted, Encrypted.userMfaSecret.at(user.id)), input.code, user.id)
      : await this.mfa.consumeRecoveryCode(user.id, input.recoveryCode!);
    if (!ok) {
      await this.audit.record({
        action: AuditAction.MfaFailed,
        entityType: 'user',
        entityId: user.id,
        actor: { userId: user.id, email: user.email },
        summary: { method: input.code ? 'totp' : 'recovery_code' },
      });
      throw new DomainError('mfa_invalid_code', 'That code is not valid');
    }
    await this.throttle.succeeded(ticket);
    const rotated = await this.sessions.rotate(session, { state: 'active' });
    await this.users.recordSignIn(user.id, this.clock.now());
    await this.audit.record({
      action: input.code ? AuditAction.MfaVerified : AuditAction.MfaRecoveryCodeUsed,
      entityType: 'user',
      entityId: user.id,
      actor: { userId: user.id, email: user.email },
      summary: input.recoveryCode ? { remainingRecoveryCodes: await this.mfa.remainingRecoveryCodes(user.id) } : {},
    });
    return { ...rotated, user };
  }

  /** Starts second-factor enrolment once the password is given again (a stolen session alone cannot). */
  async startEnrolment(session: Session, password: string): Promise<MfaEnrolmentDto> {
    const user = await this.stepUp(session, password);
    if (user.mfaEnrolledAt) throw new DomainError('mfa_already_enrolled', 'A second factor is already enrolled; ask an administrator to reset it');
    const secret = this.mfa.newSecret();
    await this.sessions.setPendingSecret(session.id, this.cipher.encrypt(secret, Encrypted.sessionPendingMfaSecret.at(session.id)));
    return { secret, ...(await this.mfa.describe(secret, user.email)) };
  }

  async confirmEnrolment(session: Session, code: string): Promise<IssuedSession & { recoveryCodes: string[] }> {
    if (!session.pendingMfaSecretEncrypted) throw new DomainError('conflict', 'Start the enrolment first');
    const secret = this.cipher.decrypt(session.pendingMfaSecretEncrypted, Encrypted.sessionPendingMfaSecret.at(session.id));
    const user = await this.users.findWithOffices(session.userId);
    if (!user) throw new DomainError('unauthenticated', 'Sign in again');
    if (user.mfaEnrolledAt) throw new DomainError('mfa_already_enrolled', 'A second factor is already enrolled');
    if (!(await this.mfa.verifyCode(secret, code, user.id)))
      throw new DomainError('mfa_invalid_code', 'That code is not valid; check the time on your phone and try the next code');
    const recoveryCodes = await this.dataSource.transaction(async (m) => {
      const enrolledAt = this.clock.now();
      await this.users.enrolSecondFactor(user.id, this.cipher.encrypt(secret, Encrypted.userMfaSecret.at(user.id)), enrolledAt, m);
      user.mfaEnrolledAt = enrolledAt;
      const codes = await this.mfa.issueRecoveryCodes(user.id, m);
      await this.audit.record(
        { action: AuditAction.MfaEnrolled, entityType: 'user', entityId: user.id, actor: { userId: user.id, email: user.email }, summary: {} },
        m,
      );
      return codes;
    });
    const rotated = await this.sessions.rotate(session, { state: 'active', pendingMfaSecretEncrypted: null });
    return { ...rotated, user, recoveryCodes };
  }

  /**
   * Changes the signed-in user's own password, given the current one: every other session
   * ends, this one gets a new token.
   */
  async changePassword(session: Session, input: ChangePasswordDto): Promise<IssuedSession> {
    const user = await this.stepUp(session, input.currentPassword, undefined, 'currentPassword');
    const problems: string[] = checkPassword(input.newPassword, user.email);
    if (input.newPassword === input.currentPassword) problems.push('unchanged');
    if (problems.length) {
      throw new DomainError('weak_password', 'The new password cannot be used', {
        errors: problems.map((code) => ({ field: 'newPassword', code, message: `newPassword: ${code.replace('_', ' ')}` })),
      });
    }
    const passwordHash = await this.hasher.hash(input.newPassword);
    await this.dataSource.transaction(async (m) => {
      await this.users.setPassword(user.id, passwordHash, this.clock.now(), m);
      await this.sessions.revokeOthersOfUser(user.id, session.id, m);
      await this.audit.record({ action: AuditAction.PasswordChanged, entityType: 'user', entityId: user.id, summary: { otherSessionsEnded: true } }, m);
    });
    const rotated = await this.sessions.rotate(session, {});
    return { ...rotated, user };
  }

  /** New recovery codes, given the password and a code from the app; the earlier ones stop working. */
  async renewRecoveryCodes(session: Session, input: RenewRecoveryCodesDto): Promise<string[]> {
    const user = await this.stepUp(session, input.password, input.code);
    return this.dataSource.transaction(async (m) => {
      const codes = await this.mfa.issueRecoveryCodes(user.id, m);
      await this.audit.record({ action: AuditAction.MfaRecoveryCodesRenewed, entityType: 'user', entityId: user.id, summary: {} }, m);
      return codes;
    });
  }

  async describeSecondFactor(userId: string): Promise<SecondFactorDto> {
    const user = await this.signedInUser(userId);
    return {
      enrolled: user.mfaEnrolledAt !== null,
      enrolledAt: user.mfaEnrolledAt?.toISOString() ?? null,
      recoveryCodesLeft: user.mfaEnrolledAt ? await this.mfa.remainingRecoveryCodes(user.id) : 0,
    };
  }

  /**
   * The password given again inside a session (and, when asked, a code from the app).
   * Wrong answers count towards the account's guessing limit; a session that gets it wrong
   * as often as an account may fail is ended, since whoever holds it is guessing.
   */
  private async stepUp(session: Session, password: string, code?: string, passwordField = 'password'): Promise<Account> {
    const user = await this.users.findForStepUp(session.userId);
    if (!user) throw new DomainError('session_expired', 'Your session has ended; sign in again');
    if (code !== undefined && !user.mfaSecretEncrypted) throw new DomainError('conflict', 'No second factor is enrolled');
    const ticket = await this.throttle.takeStepUp({ account: user.email, sessionId: session.id });
    let ok = await this.hasher.verify(user.passwordHash, password);
    if (ok && code !== undefined)
      ok = await this.mfa.verifyCode(this.cipher.decrypt(user.mfaSecretEncrypted!, Encrypted.userMfaSecret.at(user.id)), code, user.id);
    if (!ok) {
      const endsSession = await this.throttle.stepUpFailuresEndSession(session.id);
      await this.audit.record({
        action: AuditAction.StepUpFailed,
        entityType: 'user',
        entityId: user.id,
        actor: { userId: user.id, email: user.email },
        summary: { sessionEnded: endsSession },
      });
      if (endsSession) {
        await this.sessions.revoke(session.id);
        throw new DomainError('session_expired', 'Signed out after repeated wrong passwords; sign in again');
      }
      const field = code === undefined ? passwordField : 'code';
      throw new DomainError('reauthentication_failed', code === undefined ? 'The password is not right' : 'The password or the code is not right', {
        errors: [
          { field, code: 'reauthentication_failed', message: code === undefined ? 'The password is not right' : 'The password or the code is not right' },
        ],
      });
    }
    await this.throttle.succeeded(ticket);
    return user;
  }

  /** The signed-in user with their offices, for describing the session (the guard loads only what it decides by). */
  async signedInUser(userId: string): Promise<Account> {
    const user = await this.users.findWithOffices(userId);
    if (!user) throw new DomainError('session_expired', 'Your session has ended; sign in again');
    return user;
  }

  async logout(session: Session, user: { id: string; email: string }): Promise<void> {
    await this.sessions.revoke(session.id);
    await this.signOut.signedOut(user.id);
    await this.audit.record({ action: AuditAction.Logout, entityType: 'user', entityId: user.id, actor: { userId: user.id, email: user.email } });
  }

  async updateMe(userId: string, input: UpdateMeDto): Promise<Account> {
    const changes: ProfileChanges = {};
    if (input.locale) changes.locale = input.locale;
    if (input.displayName) changes.displayName = input.displayName;
    if (input.languages) changes.languages = input.languages;
    if (Object.keys(changes).length > 0) {
      await this.dataSource.transaction(async (m) => {
        await this.users.updateProfile(userId, changes, m);
        await this.audit.record({ action: AuditAction.ProfileUpdated, entityType: 'user', entityId: userId, summary: { changed: Object.keys(changes) } }, m);
      });
    }
    return (await this.users.findWithOffices(userId))!;
  }

  describe(session: Session, user: Account): SessionDto {
    return {
      state: session.state,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      idleTimeoutSeconds: this.sessions.idleTimeoutSeconds,
      user: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        roles: user.roles,
        permissions: session.state === 'active' ? permissionsOf(user.roles, this.config.permissionTable) : [],
        offices: (user.offices ?? []).map((o) => ({ id: o.id, name: o.name, timezone: o.timezone })),
        locale: user.locale,
        languages: user.languages ?? [],
        mfaEnrolled: user.mfaEnrolledAt !== null,
      },
    };
  }
}
