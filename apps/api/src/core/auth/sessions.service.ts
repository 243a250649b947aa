import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { randomToken, sha256 } from '../crypto/tokens';
import { Session, type SessionState } from './session.entity';

const TOUCH_EVERY_MS = 60_000; // write last_seen_at at most once a minute per session

export type ResolvedSession = { status: 'valid'; session: Session } | { status: 'expired' } | { status: 'absent' };

/** Server-side sessions: revocable at once, idle- and absolute-expiring, rotated on privilege change. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get idleTimeoutSeconds(): number {
    return this.config.sessionIdleMinutes * 60;
  }

  async create(userId: string, state: SessionState, meta: { ip: string | null; userAgent: string | null }, manager?: EntityManager): Promise<{ token: string; session: Session }> {
    const token = randomToken();
    const now = new Date();
    const repo = manager ? manager.getRepository(Session) : this.sessions;
    const session = await repo.save(
      repo.create({
        tokenHash: sha256(token),
        userId,
        state,
        csrfToken: randomToken(24),
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 3600_000),
        revokedAt: null,
        pendingMfaSecretEncrypted: null,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 400) ?? null,
      }),
    );
    return { token, session };
  }

  async resolve(token: string | undefined): Promise<ResolvedSession> {
    if (!token || token.length > 200) return { status: 'absent' };
    const session = await this.sessions.findOne({ where: { tokenHash: sha256(token), revokedAt: IsNull() } });
    if (!session) return { status: 'expired' };
    const now = Date.now();
    if (session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > this.idleTimeoutSeconds * 1000) {
      await this.revoke(session.id);
      return { status: 'expired' };
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      session.lastSeenAt = new Date(now);
      await this.sessions.update({ id: session.id }, { lastSeenAt: session.lastSeenAt });
    }
    return { status: 'valid', session };
  }

  /**
   * Issues a new token and CSRF token for the same session, so a token seen before a
   * privilege change (e.g. before the second factor) is worthless after it.
   */
  async rotate(session: Session, changes: Partial<Pick<Session, 'state' | 'pendingMfaSecretEncrypted'>>): Promise<{ token: string; session: Session }> {
    const token = randomToken();
    const updated = { ...changes, tokenHash: sha256(token), csrfToken: randomToken(24), lastSeenAt: new Date() };
    await this.sessions.update({ id: session.id }, updated);
    return { token, session: Object.assign(session, updated) };
  }

  async setPendingSecret(sessionId: string, encrypted: string | null): Promise<void> {
    await this.sessions.update({ id: sessionId }, { pendingMfaSecretEncrypted: encrypted });
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllForUser(userId: string, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(Session) : this.sessions;
    await repo.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
