import type { Repository } from 'typeorm';
import { SettableClock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import { sha256 } from '../crypto/tokens';
import type { RealtimeEvents } from '../realtime/realtime-events';
import type { Session } from './session.entity';
import { SessionsService } from './sessions.service';

const T0 = new Date('2031-02-03T04:05:06.000Z'); // far from the wall: only the clock can make these sessions live or die
const config = { sessionIdleMinutes: 30, sessionMaxHours: 12 } as AppConfig;

/**
 * The sessions table as the service uses it: one saved session, found again by its token's
 * hash. Every other repository method throws, so an unexpected call fails the test.
 */
function sessionsTable() {
  let stored: Session | null = null;
  const update = jest.fn(async (_where: unknown, changes: Partial<Session>) => {
    if (stored) Object.assign(stored, changes);
    return { affected: stored ? 1 : 0 };
  });
  const table = {
    create: (fields: Partial<Session>) => ({ ...fields }) as Session,
    save: jest.fn(async (session: Session) => (stored = { ...session, id: 'session-1', createdAt: T0 })),
    query: jest.fn(async (_sql: string, [hashes]: [Buffer[]]) => {
      const row = stored;
      return row && !row.revokedAt && hashes.some((hash) => hash.equals(row.tokenHash))
        ? [
            {
              token_hash: row.tokenHash,
              id: row.id,
              user_id: row.userId,
              state: row.state,
              csrf_token: row.csrfToken,
              pending_mfa_secret_encrypted: null,
              created_at: row.createdAt,
              last_seen_at: row.lastSeenAt,
              expires_at: row.expiresAt,
              ip: null,
              user_agent: null,
              email: 'operator@mayak.kz',
              roles: ['operator'],
              active: true,
              office_ids: ['office-1'],
            },
          ]
        : [];
    }),
    update,
    // Revocation is one UPDATE ... RETURNING in SQL, stamped by mayak_now() (the database's side of the clock).
    manager: {
      query: jest.fn(async (sql: string, [id]: [string]) => {
        if (!/^UPDATE sessions SET revoked_at = mayak_now\(\) WHERE id = \$1 AND revoked_at IS NULL RETURNING user_id$/.test(sql))
          throw new Error(`unexpected SQL: ${sql}`);
        if (!stored || stored.id !== id || stored.revokedAt) return [[], 0];
        stored.revokedAt = new Date(0);
        return [[{ user_id: stored.userId }], 1];
      }),
    },
  };
  const strict = new Proxy(table, {
    get: (target, key) => {
      if (key in target) return target[key as keyof typeof target];
      if (key === 'then') return undefined;
      throw new Error(`unexpected call to sessions.${String(key)}`);
    },
  });
  return { repository: strict as unknown as Repository<Session>, update, revokeQuery: table.manager.query, stored: () => stored };
}

function service() {
  const clock = new SettableClock(T0);
  const table = sessionsTable();
  const realtime = { endStreams: jest.fn(async () => undefined) };
  return { clock, table, realtime, sessions: new SessionsService(table.repository, config, realtime as unknown as RealtimeEvents, clock) };
}

describe('SessionsService and the clock', () => {
  it('stamps a new session and its absolute expiry from the clock, not the wall', async () => {
    const { sessions, table } = service();
    const { token } = await sessions.create('user-1', 'active', { ip: null, userAgent: null });
    expect(table.stored()).toMatchObject({ tokenHash: sha256(token), lastSeenAt: T0, expiresAt: new Date(T0.getTime() + 12 * 3600_000) });
  });

  it('keeps a session alive within the idle time and touches it by the clock', async () => {
    const { sessions, clock, table } = service();
    const { token } = await sessions.create('user-1', 'active', { ip: null, userAgent: null });
    clock.advance(29 * 60_000);
    const resolved = await sessions.resolve(token);
    expect(resolved.status).toBe('valid');
    expect(table.stored()?.lastSeenAt).toEqual(new Date(T0.getTime() + 29 * 60_000));
  });

  it('ends a session idle longer than the idle time: revokes it and closes its event stream', async () => {
    const { sessions, clock, table, realtime } = service();
    const { token } = await sessions.create('user-1', 'active', { ip: null, userAgent: null });
    clock.advance(30 * 60_000 + 1_000);
    expect(await sessions.resolve(token)).toEqual({ status: 'expired' });
    expect(table.revokeQuery).toHaveBeenCalledTimes(1);
    expect(table.stored()?.revokedAt).not.toBeNull();
    expect(realtime.endStreams).toHaveBeenCalledWith('user-1', ['session-1']);
    expect(await sessions.resolve(token)).toEqual({ status: 'expired' });
  });

  it('ends a session at its absolute expiry however busy it was', async () => {
    const { sessions, clock } = service();
    const { token } = await sessions.create('user-1', 'active', { ip: null, userAgent: null });
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      clock.set(new Date(T0.getTime() + minutes * 60_000));
      expect((await sessions.resolve(token)).status).toBe('valid');
    }
    clock.set(new Date(T0.getTime() + 12 * 3600_000));
    expect(await sessions.resolve(token)).toEqual({ status: 'expired' });
  });
});
