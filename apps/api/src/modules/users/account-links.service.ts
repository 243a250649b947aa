import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ACCOUNT_LINK_TOKEN_PATTERN,
  accountLinkExpiry,
  accountLinkRefusal,
  accountLinkState,
  accountLinkUrl,
  checkPassword,
  isLocale,
  mfaRequiredFor,
  type AccountLinkPurpose,
  type Locale,
} from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { SessionsService } from '#api/core/auth/sessions.service';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { PasswordHasher } from '#api/core/crypto/password-hasher';
import { randomToken, sha256 } from '#api/core/crypto/tokens';
import { DomainError, notFound } from '#api/core/errors/domain-error';
import { MailOutbox } from '#api/core/mail/mail-outbox';
import { FixedWindowLimiter } from '#api/core/rate-limit/fixed-window-limiter';
import { AccountLinksRepository } from './account-links.repository';
import { renderAccountMail } from './account-mails';
import type { User } from './user.entity';
import type { CreateUserDto } from './dto/user.dto';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** What the administrator who asked for a link learns. */
export interface IssuedAccountLink {
  purpose: AccountLinkPurpose;
  expiresAt: Date;
  /** Sent by mail: nobody but the account's owner sees the link. */
  mailed: boolean;
  /** Only when mail is off: the administrator hands it over themselves. */
  url: string | null;
}

/** What a link's page shows before a password is chosen. */
export interface AccountLinkView {
  purpose: AccountLinkPurpose;
  email: string;
  displayName: string;
  expiresAt: Date;
  secondFactorRequired: boolean;
}

/** Requests for reset mails: per address of the requester, and per account asked about. */
const RESET_REQUESTS_PER_CLIENT = { limit: 10, windowMs: 15 * 60_000 };
const RESET_MAILS_PER_ACCOUNT = { limit: 3, windowMs: 60 * 60_000 };
/** Opening and using links: generous for people, useless for guessing 256-bit tokens anyway. */
const LINK_TRIES_PER_CLIENT = { limit: 30, windowMs: 15 * 60_000 };

const hashOf = (token: string) => sha256(token).toString('hex');
const invalidLink = () => new DomainError('link_invalid', 'This link has been used, has expired or was replaced by a newer one; ask for a new one');
const slowDown = (waitMs: number) =>
  new DomainError('too_many_attempts', 'Too many requests from this address; wait a little', { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });

/**
 * Invitations and password resets: a random token mailed to the account's address (only its
 * hash kept), good once and for a short time, each use and each refusal audited. Whoever asks
 * for a reset gets the same answer whether or not the address has an account.
 */
@Injectable()
export class AccountLinksService {
  private readonly logger = new Logger('AccountLinks');

  constructor(
    private readonly links: AccountLinksRepository,
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly outbox: MailOutbox,
    private readonly limiter: FixedWindowLimiter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new link for the account in `m`'s transaction, replacing any open one of the same purpose, mailed when mail is on. */
  async issue(m: EntityManager, user: User, purpose: AccountLinkPurpose, createdById: string | null): Promise<IssuedAccountLink> {
    const now = this.clock.now();
    const token = randomToken(32);
    const expiresAt = accountLinkExpiry(purpose, now, this.config.accountLinks);
    await this.links.revokeOpen(m, user.id, now, purpose);
    const link = await this.links.insert(m, { userId: user.id, purpose, tokenHash: hashOf(token), expiresAt, createdById });
    const url = accountLinkUrl(this.config.publicUrl, token);
    if (!this.outbox.enabled) return { purpose, expiresAt, mailed: false, url };
    const locale: Locale = isLocale(user.locale) ? user.locale : 'ru';
    const content = renderAccountMail(
      {
        purpose,
        email: user.email,
        url,
        expiresAt,
        timeZone: user.offices?.[0]?.timezone ?? 'Asia/Almaty',
        secondFactorRequired: mfaRequiredFor(user.roles, this.config.mfaRequiredRoles),
      },
      locale,
    );
    await this.outbox.enqueue(m, { ...content, idempotencyKey: `account-link:${link.id}`, kind: purpose, recipientId: user.id, to: user.email, locale });
    return { purpose, expiresAt, mailed: true, url: null };
  }

  /** A new account: with a password given, ready; without, invited in the same transaction. */
  async createAccount(actor: Actor, input: CreateUserDto): Promise<{ user: User; invitation: IssuedAccountLink | null }> {
    return this.links.transaction(async (m) => {
      const created = await this.accounts.create(input, { manager: m });
      if (input.password !== undefined) return { user: created, invitation: null };
      const user = (await this.users.findWithOffices(created.id, m))!;
      const invitation = await this.issue(m, user, 'invitation', actor.userId);
      await this.audit.record(
        {
          action: AuditAction.UserInvited,
          entityType: 'user',
          entityId: user.id,
          summary: { mailed: invitation.mailed, expiresAt: invitation.expiresAt.toISOString(), again: false },
        },
        m,
      );
      return { user, invitation };
    });
  }

  /** An administrator sends a new invitation (the earlier one stops working). */
  async resendInvitation(actor: Actor, userId: string): Promise<IssuedAccountLink> {
    return this.byAdministrator(actor, userId, 'invitation');
  }

  /** An administrator sends a person a link to choose a new password (instead of choosing it for them). */
  async sendPasswordReset(actor: Actor, userId: string): Promise<IssuedAccountLink> {
    return this.byAdministrator(actor, userId, 'password_reset');
  }

  private async byAdministrator(actor: Actor, userId: string, purpose: AccountLinkPurpose): Promise<IssuedAccountLink> {
    return this.links.transaction(async (m) => {
      const user = await this.users.lockForUpdate(userId, m);
      if (!user) throw notFound('User');
      const refusal = accountLinkRefusal(purpose, { active: user.active, passwordSet: user.passwordSetAt !== null });
      if (refusal === 'account_inactive') throw new DomainError('account_disabled', 'This account is deactivated; activate it first');
      if (refusal === 'already_joined') throw new DomainError('already_joined', 'This person has already chosen a password: send a password reset instead');
      if (refusal === 'not_joined') throw new DomainError('not_joined', 'This person has not taken up the invitation yet: send the invitation again instead');
      const full = (await this.users.findWithOffices(userId, m))!;
      const issued = await this.issue(m, full, purpose, actor.userId);
      await this.audit.record(
        {
          action: purpose === 'invitation' ? AuditAction.UserInvited : AuditAction.PasswordResetSent,
          entityType: 'user',
          entityId: userId,
          summary: { mailed: issued.mailed, expiresAt: issued.expiresAt.toISOString(), again: purpose === 'invitation' },
        },
        m,
      );
      return issued;
    });
  }

  /**
   * "Forgot your password?": answered at once and alike for every address. The lookup and the
   * mail happen after the answer, so neither its content nor its timing tells whether the
   * address has an account.
   */
  async requestReset(email: string, client: string): Promise<void> {
    const wait = await this.limiter.take(`password-reset:client:${hashOf(client)}`, RESET_REQUESTS_PER_CLIENT.limit, RESET_REQUESTS_PER_CLIENT.windowMs);
    if (wait) throw slowDown(wait);
    setImmediate(() => {
      this.handleResetRequest(email).catch((error: unknown) => this.logger.error({ err: error }, 'password reset request failed'));
    });
  }

  /** The work behind a reset request; exposed for tests that need to wait for it. */
  async handleResetRequest(email: string): Promise<'mailed' | 'no_account' | 'not_eligible' | 'limited'> {
    const user = await this.links.findAccountByEmail(email);
    const refusal = user ? accountLinkRefusal('password_reset', { active: user.active, passwordSet: user.passwordSetAt !== null }) : null;
    let outcome: 'mailed' | 'no_account' | 'not_eligible' | 'limited' = !user ? 'no_account' : refusal ? 'not_eligible' : 'mailed';
    if (user && !refusal && (await this.limiter.take(`password-reset:account:${user.id}`, RESET_MAILS_PER_ACCOUNT.limit, RESET_MAILS_PER_ACCOUNT.windowMs)))
      outcome = 'limited';
    await this.links.transaction(async (m) => {
      let mailed = false;
      if (user && outcome === 'mailed') {
        const full = (await this.users.findWithOffices(user.id, m))!;
        mailed = (await this.issue(m, full, 'password_reset', null)).mailed;
      }
      // The typed address is not kept: only whether it named an account, and what came of it.
      await this.audit.record(
        {
          action: AuditAction.PasswordResetRequested,
          entityType: 'user',
          entityId: user?.id,
          actor: { userId: null, email: null },
          summary: { outcome: outcome === 'mailed' && !mailed ? 'mail_off' : outcome },
        },
        m,
      );
    });
    return outcome;
  }

  /** What a link opens, for its page (nothing for a link that cannot be used). */
  async inspect(token: string, client: string): Promise<AccountLinkView> {
    const { user, link } = await this.usable(token, client);
    return {
      purpose: link.purpose,
      email: user.email,
      displayName: user.displayName,
      expiresAt: link.expiresAt,
      secondFactorRequired: mfaRequiredFor(user.roles, this.config.mfaRequiredRoles),
    };
  }

  /**
   * Sets the password through the link, once: the link is taken in the same transaction, every
   * other open link of the account ends, and so does every session (someone who knew the old
   * password is signed out). A second factor already enrolled stays: the link replaces only the
   * password.
   */
  async complete(token: string, password: string, client: string): Promise<{ email: string; purpose: AccountLinkPurpose }> {
    const { user, link } = await this.usable(token, client);
    const problems = checkPassword(password, user.email);
    if (problems.length) {
      throw new DomainError('weak_password', 'The password cannot be used', {
        errors: problems.map((code) => ({ field: 'password', code, message: `password: ${code.replace('_', ' ')}` })),
      });
    }
    const passwordHash = await this.hasher.hash(password);
    await this.links.transaction(async (m) => {
      const now = this.clock.now();
      if (!(await this.links.consume(m, link.id, now))) throw invalidLink();
      await this.links.setPassword(m, user.id, passwordHash, now);
      await this.links.revokeOpen(m, user.id, now);
      await this.sessions.revokeAllForUser(user.id, m);
      await this.audit.record(
        {
          action: AuditAction.PasswordSetByLink,
          entityType: 'user',
          entityId: user.id,
          actor: { userId: user.id, email: user.email },
          summary: { purpose: link.purpose, linkId: link.id },
        },
        m,
      );
    });
    return { email: user.email, purpose: link.purpose };
  }

  private async usable(token: string, client: string) {
    const wait = await this.limiter.take(`account-link:client:${hashOf(client)}`, LINK_TRIES_PER_CLIENT.limit, LINK_TRIES_PER_CLIENT.windowMs);
    if (wait) throw slowDown(wait);
    const found = ACCOUNT_LINK_TOKEN_PATTERN.test(token) ? await this.links.findByTokenHash(hashOf(token)) : null;
    const state = found ? accountLinkState(found.link, this.clock.now()) : 'unknown';
    if (!found || state !== 'usable' || !found.user.active) {
      await this.audit.record({
        action: AuditAction.AccountLinkRefused,
        entityType: 'user',
        entityId: found?.user.id,
        actor: { userId: null, email: null },
        summary: { reason: !found ? 'unknown' : state === 'usable' ? 'account_inactive' : state, purpose: found?.link.purpose ?? null },
      });
      throw invalidLink();
    }
    return found;
  }
}
