import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mfaRequiredFor, permissionsOf } from '@mayak/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { User } from '../../modules/users/user.entity';
import { UsersRepository } from '../../modules/users/users.repository';
import { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FieldCipher } from '../crypto/field-cipher';
import { PasswordHasher } from '../crypto/password-hasher';
import { DomainError } from '../errors/domain-error';
import type { SessionDto, MfaEnrolmentDto, MfaVerifyDto, UpdateMeDto } from './auth.dto';
import { LoginThrottle } from './login-throttle';
import { MfaService } from './mfa.service';
import type { Session, SessionState } from './session.entity';
import { SessionsService } from './sessions.service';

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface IssuedSession {
  token: string;
  session: Session;
  user: User;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Password check with throttling; wrong e-mail and wrong password look the same from outside. */
  async validateCredentials(email: string, password: string, meta: ClientMeta): Promise<User> {
    const address = meta.ip ?? 'unknown';
    try {
      await this.throttle.take(email, address);
    } catch (error) {
      await this.audit.record({ action: AuditAction.LoginThrottled, entityType: 'user', actor: { userId: null, email: null }, summary: {} });
      throw error;
    }
    const user = await this.users.findForSignIn(email);
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !ok) {
      // The attempt taken above stays counted.
      await this.audit.record({
        action: AuditAction.LoginFailed, entityType: 'user', entityId: user?.id,
        actor: { userId: user?.id ?? null, email: user?.email ?? null },
        summary: { reason: user ? 'wrong_password' : 'unknown_account' },
      });
      throw new DomainError('invalid_credentials', 'The e-mail or password is not right');
    }
    if (!user.active) {
      await this.throttle.giveBack(email, address);
      await this.audit.record({ action: AuditAction.LoginFailed, entityType: 'user', entityId: user.id, actor: { userId: user.id, email: user.email }, summary: { reason: 'account_disabled' } });
      throw new DomainError('account_disabled', 'This account is deactivated; ask an administrator');
    }
    await this.throttle.succeeded(email, address);
    return user;
  }

  async startSession(user: User, meta: ClientMeta): Promise<IssuedSession> {
    const state: SessionState = user.mfaEnrolledAt
      ? 'mfa_required'
      : mfaRequiredFor(user.roles, this.config.mfaRequiredRoles) ? 'mfa_enrolment_required' : 'active';
    const { token, session } = await this.dataSource.transaction(async (m) => {
      const issued = await this.sessions.create(user.id, state, meta, m);
      if (state === 'active') await m.getRepository(User).update({ id: user.id }, { lastLoginAt: this.clock.now() });
      await this.audit.record({ action: AuditAction.LoginSucceeded, entityType: 'user', entityId: user.id, actor: { userId: user.id, email: user.email }, summary: { state } }, m);
      return issued;
    });
    return { token, session, user };
  }

  async verifySecondFactor(session: Session, input: MfaVerifyDto): Promise<IssuedSession> {
    if (session.state !== 'mfa_required') throw new DomainError('conflict', 'This session is not waiting for a second factor');
    if (!input.code === !input.recoveryCode) throw new DomainError('validation_failed', 'Give either the code from your app or a recovery code', { errors: [{ field: 'code', code: 'one_of', message: 'Give either code or recoveryCode' }] });
    const user = await this.users.findWithSecret(session.userId);
    if (!user?.mfaSecretEncrypted) throw new DomainError('conflict', 'No second factor is enrolled');
    const throttleKey = `mfa:${user.id}`;
    await this.throttle.take(throttleKey, throttleKey);
    const ok = input.code
      ? await this.mfa.verifyCode(this.cipher.decrypt(user.mfaSecretEncrypted), input.code, user.id)
      : await this.mfa.consumeRecoveryCode(user.id, input.recoveryCode!);
    if (!ok) {
      await this.audit.record({ action: AuditAction.MfaFailed, entityType: 'user', entityId: user.id, actor: { userId: user.id, email: user.email }, summary: { method: input.code ? 'totp' : 'recovery_code' } });
      throw new DomainError('mfa_invalid_code', 'That code is not valid');
    }
    await this.throttle.succeeded(throttleKey, throttleKey);
    const rotated = await this.sessions.rotate(session, { state: 'active' });
    await this.dataSource.getRepository(User).update({ id: user.id }, { lastLoginAt: this.clock.now() });
    await this.audit.record({
      action: input.code ? AuditAction.MfaVerified : AuditAction.MfaRecoveryCodeUsed, entityType: 'user', entityId: user.id,
      actor: { userId: user.id, email: user.email },
      summary: input.recoveryCode ? { remainingRecoveryCodes: await this.mfa.remainingRecoveryCodes(user.id) } : {},
    });
    return { ...rotated, user };
  }

  async startEnrolment(session: Session): Promise<MfaEnrolmentDto> {
    const user = await this.users.findWithOffices(session.userId);
    if (!user) throw new DomainError('unauthenticated', 'Sign in again');
    if (user.mfaEnrolledAt) throw new DomainError('mfa_already_enrolled', 'A second factor is already enrolled; ask an administrator to reset it');
    const secret = this.mfa.newSecret();
    await this.sessions.setPendingSecret(session.id, this.cipher.encrypt(secret));
    return { secret, ...(await this.mfa.describe(secret, user.email)) };
  }

  async confirmEnrolment(session: Session, code: string): Promise<IssuedSession & { recoveryCodes: string[] }> {
    if (!session.pendingMfaSecretEncrypted) throw new DomainError('conflict', 'Start the enrolment first');
    const secret = this.cipher.decrypt(session.pendingMfaSecretEncrypted);
    const user = await this.users.findWithOffices(session.userId);
    if (!user) throw new DomainError('unauthenticated', 'Sign in again');
    if (user.mfaEnrolledAt) throw new DomainError('mfa_already_enrolled', 'A second factor is already enrolled');
    if (!(await this.mfa.verifyCode(secret, code, user.id))) throw new DomainError('mfa_invalid_code', 'That code is not valid; check the time on your phone and try the next code');
    const recoveryCodes = await this.dataSource.transaction(async (m) => {
      const enrolledAt = this.clock.now();
      await m.getRepository(User).update({ id: user.id }, { mfaSecretEncrypted: this.cipher.encrypt(secret), mfaEnrolledAt: enrolledAt, lastLoginAt: enrolledAt });
      user.mfaEnrolledAt = enrolledAt;
      const codes = await this.mfa.issueRecoveryCodes(user.id, m);
      await this.audit.record({ action: AuditAction.MfaEnrolled, entityType: 'user', entityId: user.id, actor: { userId: user.id, email: user.email }, summary: {} }, m);
      return codes;
    });
    const rotated = await this.sessions.rotate(session, { state: 'active', pendingMfaSecretEncrypted: null });
    return { ...rotated, user, recoveryCodes };
  }

  /** The signed-in user with their offices, for describing the session (the guard loads only what it decides by). */
  async signedInUser(userId: string): Promise<User> {
    const user = await this.users.findWithOffices(userId);
    if (!user) throw new DomainError('session_expired', 'Your session has ended; sign in again');
    return user;
  }

  async logout(session: Session, user: { id: string; email: string }): Promise<void> {
    await this.sessions.revoke(session.id);
    // Signed out everywhere: no longer offered ringing calls or queue callbacks.
    await this.dataSource.query(
      `UPDATE operator_presence SET status = 'away', updated_at = mayak_now() WHERE user_id = $1
          AND NOT EXISTS (SELECT 1 FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > mayak_now())`,
      [user.id],
    );
    await this.audit.record({ action: AuditAction.Logout, entityType: 'user', entityId: user.id, actor: { userId: user.id, email: user.email } });
  }

  async updateMe(userId: string, input: UpdateMeDto): Promise<User> {
    const changes: Partial<User> = {};
    if (input.locale) changes.locale = input.locale;
    if (input.displayName) changes.displayName = input.displayName;
    if (Object.keys(changes).length > 0) {
      await this.dataSource.transaction(async (m) => {
        await m.getRepository(User).update({ id: userId }, changes);
        await this.audit.record({ action: AuditAction.ProfileUpdated, entityType: 'user', entityId: userId, summary: { changed: Object.keys(changes) } }, m);
      });
    }
    return (await this.users.findWithOffices(userId))!;
  }

  describe(session: Session, user: User): SessionDto {
    return {
      state: session.state,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      idleTimeoutSeconds: this.sessions.idleTimeoutSeconds,
      user: {
        id: user.id, email: user.email, displayName: user.displayName, roles: user.roles,
        permissions: session.state === 'active' ? permissionsOf(user.roles, this.config.permissionTable) : [],
        offices: (user.offices ?? []).map((o) => ({ id: o.id, name: o.name })),
        locale: user.locale, mfaEnrolled: user.mfaEnrolledAt !== null,
      },
    };
  }
}
