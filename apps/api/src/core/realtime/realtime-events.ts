import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createRedis } from '../redis/redis-connection';
import { REDIS } from '../redis/redis.module';

/**
 * alert: re-read alerts; call.ringing / call.taken / call.ended / call.transfer: the live
 * call panel; callback.due: a callback is due; message.received: a written message arrived in a conversation; message.updated: a message's file was fetched (or refused).
 */
export const REALTIME_EVENT_TYPES = [
  'alert',
  'call.ringing',
  'call.taken',
  'call.ended',
  'call.transfer',
  'call.changed',
  'callback.due',
  'message.received',
  'message.updated',
] as const;
export type RealtimeEventType = (typeof REALTIME_EVENT_TYPES)[number];

export interface RealtimeEvent {
  /** Redis stream id: increasing, so a reconnecting console asks for what came after it. */
  id: string;
  type: RealtimeEventType;
  data: Record<string, unknown>;
}

/** Events kept per user for replay after a reconnect; older ones are trimmed (the console re-reads state then). */
const KEPT_PER_USER = 500;

/**
 * Written to a user's stream when sessions of theirs are revoked, never sent to a console: the
 * instance holding such a session's event stream ends it, whichever instance revoked it.
 */
export interface SessionsEnded {
  id: string;
  type: 'sessions.ended';
  sessionIds: string[];
}

/**
 * Events for people's consoles. Each user has a Redis stream: any API instance or worker
 * appends to it, and whichever instance holds that user's Server-Sent Events connection
 * reads it, from the last id the console saw. So several API instances serve, and a
 * reconnect misses nothing that is still kept. Payloads carry codes and ids, never
 * identifiers: the console re-reads what it shows through the API, where every rule applies.
 */
@Injectable()
export class RealtimeEvents {
  private readonly logger = new Logger('RealtimeEvents');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(userId: string): string {
    return `${this.config.redisKeyPrefix}:events:user:${userId}`;
  }

  /** Best effort: an event that cannot be delivered is not worth failing the change that caused it. */
  async notify(userIds: Iterable<string>, type: RealtimeEventType, data: Record<string, unknown>): Promise<void> {
    const unique = [...new Set(userIds)];
    if (!unique.length) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const userId of unique) {
        pipeline.xadd(this.key(userId), 'MAXLEN', '~', String(KEPT_PER_USER), '*', 'type', type, 'data', JSON.stringify(data));
        pipeline.expire(this.key(userId), 7 * 86400);
      }
      await pipeline.exec();
    } catch (error) {
      this.logger.warn({ err: error, type }, 'could not publish a realtime event');
    }
  }

  /** Ends the open event streams of these sessions of the user, on every instance (best effort, like `notify`). */
  async endStreams(userId: string, sessionIds: string[]): Promise<void> {
    if (!sessionIds.length) return;
    try {
      await this.redis
        .pipeline()
        .xadd(this.key(userId), 'MAXLEN', '~', String(KEPT_PER_USER), '*', 'type', 'sessions.ended', 'data', JSON.stringify({ sessionIds }))
        .expire(this.key(userId), 7 * 86400)
        .exec();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not announce ended sessions to event streams');
    }
  }

  /** The id of the user's newest kept event, or '0-0': where "only what comes next" starts. */
  async lastId(userId: string): Promise<string> {
    const [newest] = (await this.redis.xrevrange(this.key(userId), '+', '-', 'COUNT', 1)) as [string, string[]][];
    return newest?.[0] ?? '0-0';
  }

  /**
   * Reads a user's events after `lastId`, waiting up to `blockMs`
   * for the next. Uses its own connection, because a blocking read holds it.
   */
  openReader(userId: string): { read(lastId: string, blockMs: number): Promise<(RealtimeEvent | SessionsEnded)[]>; close(): void } {
    // Queues commands until connected, like the job queue's connections (a fresh reader reads at once).
    const connection = createRedis(this.config, { forQueue: true });
    const key = this.key(userId);
    return {
      read: async (lastId, blockMs) => {
        const result = (await connection.xread('COUNT', 100, 'BLOCK', blockMs, 'STREAMS', key, lastId)) as [string, [string, string[]][]][] | null;
        if (!result) return [];
        return result[0][1].map(([id, fields]) => {
          const map = new Map<string, string>();
          for (let i = 0; i < fields.length; i += 2) map.set(fields[i], fields[i + 1]);
          const data = JSON.parse(map.get('data') ?? '{}') as Record<string, unknown>;
          if (map.get('type') === 'sessions.ended') return { id, type: 'sessions.ended' as const, sessionIds: (data.sessionIds as string[] | undefined) ?? [] };
          return { id, type: map.get('type') as RealtimeEventType, data };
        });
      },
      close: () => connection.disconnect(),
    };
  }
}
