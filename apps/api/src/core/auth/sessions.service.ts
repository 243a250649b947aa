import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { randomToken, sha256 } from '../crypto/tokens';
import type { Role } from '@mayak/domain';
import { MicroBatcher } from '../batching/micro-batcher';
import { updateReturning } from '../database/update-returning';
import { RealtimeEvents } from '../realtime/realtime-events';
import { Session, type SessionState } from './session.entity';

const TOUCH_EVERY_MS = 60_000; // write last_seen_at at most once a minute per session

/** Who a valid session belongs to: what every request needs to decide, without loading the whole user. */
export interface SessionPrincipal {
  id: string;
  email: string;
  roles: Role[];
  active: boolean;
  officeIds: string[];
}

export type ResolvedSession = { status: 'valid'; session: Session; principal: SessionPrincipal } | { status: 'expired' } | { status: 'absent' };

interface SessionRow {
  id: string;
  user_id: string;
  state: SessionState;
  csrf_token: string;
  pending_mfa_secret_encrypted: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  email: string;
  roles: Role[];
  active: boolean;
  office_ids: string[];
}

/** Server-side sessions: revocable at once, idle- and absolute-expiring, rotated on privilege change. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly realtime: RealtimeEvents,
    private readonly clock: Clock,
  ) {}

  private readonly lookups = new MicroBatcher<Buffer, SessionRow | null>(async (hashes) => {
    const rows: (SessionRow & { token_hash: Buffer })[] = await this.sessions.query(
      `SELECT s.token_hash, s.id, s.user_id, s.state, s.csrf_token, s.pending_mfa_secret_encrypted, s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent,
              u.email, u.roles, u.active, ARRAY(SELECT uo.office_id FROM user_offices uo WHERE uo.user_id = u.id ORDER BY uo.office_id) AS office_ids
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ANY($1) AND s.revoked_at IS NULL`,
      [hashes],
    );
    const byHash = new Map(rows.map((row) => [row.token_hash.toString('hex'), row]));
    return hashes.map((hash) => byHash.get(hash.toString('hex')) ?? null);
  });

  get idleTimeoutSeconds(): number {
    return this.config.sessionIdleMinutes * 60;
  }

  async create(
    userId: string,
    state: SessionState,
    meta: { ip: string | null; userAgent: string | null },
    manager?: EntityManager,
  ): Promise<{ token: string; session: Session }> {
    const token = randomToken();
    const now = this.clock.now();
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

  /**
   * Every signed-in request: the session, its user and the user's offices in one round trip,
   * shared by the requests that arrive in the same turn of the event loop.
   */
  async resolve(token: string | undefined): Promise<ResolvedSession> {
    if (!token || token.length > 200) return { status: 'absent' };
    const row = await this.lookups.submit(sha256(token));
    if (!row) return { status: 'expired' };
    const session = this.sessions.create({
      id: row.id,
      userId: row.user_id,
      state: row.state,
      csrfToken: row.csrf_token,
      pendingMfaSecretEncrypted: row.pending_mfa_secret_encrypted,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      revokedAt: null,
      ip: row.ip,
      userAgent: row.user_agent,
    });
    const principal: SessionPrincipal = { id: row.user_id, email: row.email, roles: row.roles, active: row.active, officeIds: row.office_ids };
    const now = this.clock.nowMs();
    if (session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > this.idleTimeoutSeconds * 1000) {
      await this.revoke(session.id);
      return { status: 'expired' };
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      session.lastSeenAt = new Date(now);
      await this.sessions.update({ id: session.id }, { lastSeenAt: session.lastSeenAt });
    }
    return { status: 'valid', session, principal };
  }

  /**
   * When the session ends if nothing more happens (its absolute expiry, or its idle limit
   * counted from its last use), or null when it has already ended or was revoked. An open
   * event stream asks this, since a stream is not a use that keeps a session alive.
   */
  async endsAt(sessionId: string): Promise<Date | null> {
    const [row] = await this.sessions.query<{ last_seen_at: Date; expires_at: Date }[]>(
      `SELECT last_seen_at, expires_at FROM sessions WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId],
    );
    if (!row) return null;
    const end = Math.min(row.expires_at.getTime(), row.last_seen_at.getTime() + this.idleTimeoutSeconds * 1000);
    return end > this.clock.nowMs() ? new Date(end) : null;
  }

  /**
   * Issues a new token and CSRF token for the same session, so a token seen before a
   * privilege change (e.g. before the second factor) is worthless after it.
   */
  async rotate(session: Session, changes: Partial<Pick<Session, 'state' | 'pendingMfaSecretEncrypted'>>): Promise<{ token: string; session: Session }> {
    const token = randomToken();
    const updated = { ...changes, tokenHash: sha256(token), csrfToken: randomToken(24), lastSeenAt: this.clock.now() };
    await this.sessions.update({ id: session.id }, updated);
    return { token, session: Object.assign(session, updated) };
  }

  async setPendingSecret(sessionId: string, encrypted: string | null): Promise<void> {
    await this.sessions.update({ id: sessionId }, { pendingMfaSecretEncrypted: encrypted });
  }

  /** Revokes one session and ends its open event stream, on whichever API instance holds it. */
  async revoke(sessionId: string): Promise<void> {
    const revoked = await updateReturning<{ user_id: string }>(
      this.sessions.manager,
      `UPDATE sessions SET revoked_at = mayak_now() WHERE id = $1 AND revoked_at IS NULL RETURNING user_id`,
      [sessionId],
    );
    for (const row of revoked) await this.realtime.endStreams(row.user_id, [sessionId]);
  }

  /** Revokes every other session of a user (after a password change in this one). */
  async revokeOthersOfUser(userId: string, keptSessionId: string, manager?: EntityManager): Promise<void> {
    const revoked = await updateReturning<{ id: string }>(
      manager ?? this.sessions.manager,
      `UPDATE sessions SET revoked_at = mayak_now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id`,
      [userId, keptSessionId],
    );
    await this.realtime.endStreams(
      userId,
      revoked.map((row) => row.id),
    );
  }

  /**
   * Revokes every session of a user and ends their event streams. Inside the caller's
   * transaction the streams are told just before the commit; browsers reconnect after the
   * stream's 3 s retry, when the revocation is committed (401) or rolled back (still valid).
   */
  async revokeAllForUser(userId: string, manager?: EntityManager): Promise<void> {
    const revoked = await updateReturning<{ id: string }>(
      manager ?? this.sessions.manager,
      `UPDATE sessions SET revoked_at = mayak_now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId],
    );
    await this.realtime.endStreams(
      userId,
      revoked.map((row) => row.id),
    );
  }
}
