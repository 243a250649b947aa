import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { MenuLanguage } from '@mayak/domain';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { DomainError, fieldInvalid } from '#api/core/errors/domain-error';
import { FixedWindowLimiter } from '#api/core/rate-limit/fixed-window-limiter';
import { KnowledgeFilesService } from '../knowledge/knowledge-files.service';
import { IdentifierVault } from '../people/identifier-vault';
import { LineRouter } from '../telephony/line-router';
import type { WebchatMessageDto, WebchatMessageView, WebchatSessionView } from './dto/webchat.dto';
import { InboundMessages } from './inbound-messages.service';
import type { WebchatSession } from './webchat-session.entity';
import { WebchatSessionsRepository } from './webchat-sessions.repository';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

/** A chat nobody touched for this long is over; the widget opens a new one. */
const IDLE_MS = 2 * 60 * 60 * 1000;
const SESSIONS_PER_ADDRESS = { limit: 10, windowMs: 10 * 60_000 };
const MESSAGES_PER_SESSION = { limit: 20, windowMs: 60_000 };
const READS_PER_SESSION = { limit: 120, windowMs: 60_000 };
const PAGE = 50;

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

const slowDown = (waitMs: number) =>
  new DomainError('too_many_attempts', 'Too many requests from this chat; wait a moment', { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });

/**
 * The web chat, as its widget sees it: open a session (a random token kept only in the
 * page's memory), write (stored first like every channel, once per client message id), read
 * the conversation since the last read, and end it (quick exit). Anonymous: no cookie, no
 * address kept; a number only if the visitor gives one. Rate limited per address and session.
 */
@Injectable()
export class WebchatService {
  constructor(
    private readonly sessions: WebchatSessionsRepository,
    private readonly inbound: InboundMessages,
    private readonly router: LineRouter,
    private readonly limiter: FixedWindowLimiter,
    private readonly vault: IdentifierVault,
    private readonly clock: Clock,
    private readonly knowledgeFiles: KnowledgeFilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(language: MenuLanguage, clientAddress: string | null): Promise<WebchatSessionView> {
    const wait = await this.limiter.take(`webchat:open:${hashOf(clientAddress ?? 'unknown')}`, SESSIONS_PER_ADDRESS.limit, SESSIONS_PER_ADDRESS.windowMs);
    if (wait) throw slowDown(wait);
    const office = await this.router.officeForCode(this.config.webchat.officeCode);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.nowMs() + IDLE_MS);
    await this.sessions.create({ tokenHash: hashOf(token), officeId: office.officeId, language, expiresAt });
    return { token, expiresAt: expiresAt.toISOString(), exitUrl: this.config.webchat.exitUrl };
  }

  /** The session of a bearer token, still open; 401 otherwise (the widget then starts again). */
  async resolve(authorization: string | undefined): Promise<WebchatSession> {
    const token = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(authorization ?? '')?.[1];
    const session = token ? await this.sessions.touch(hashOf(token), new Date(this.clock.nowMs() + IDLE_MS)) : null;
    if (!session) throw new DomainError('unauthenticated', 'This chat has ended; open a new one');
    return session;
  }

  async write(session: WebchatSession, input: WebchatMessageDto): Promise<void> {
    const wait = await this.limiter.take(`webchat:write:${session.id}`, MESSAGES_PER_SESSION.limit, MESSAGES_PER_SESSION.windowMs);
    if (wait) throw slowDown(wait);
    let phone: string | null = null;
    if (input.phone) {
      try {
        phone = this.vault.phone(input.phone, 'phone').e164;
      } catch {
        throw fieldInvalid('phone', 'invalid_phone', 'This does not look like a phone number');
      }
    }
    await this.inbound.webchatMessage({ sessionId: session.id, officeId: session.officeId, clientMessageId: input.clientMessageId, text: input.text, phone });
  }

  async read(session: WebchatSession, after: string | undefined): Promise<{ items: WebchatMessageView[]; after: string | null }> {
    const wait = await this.limiter.take(`webchat:read:${session.id}`, READS_PER_SESSION.limit, READS_PER_SESSION.windowMs);
    if (wait) throw slowDown(wait);
    const conversationId = session.conversationId;
    if (!conversationId) return { items: [], after: after ?? null };
    const rows = await this.sessions.messagesAfter(conversationId, after ?? null, PAGE);
    // Only what this session wrote, and the line's answers since it opened: an earlier chat of the same visitor stays closed.
    const shown = rows.filter((r) => r.createdAt >= session.createdAt);
    await this.sessions.markDelivered(shown.filter((r) => r.direction === 'outbound').map((r) => r.id));
    const files = await this.knowledgeFiles.describe(shown.flatMap((r) => (r.knowledgeFileId ? [r.knowledgeFileId] : [])));
    const last = rows.at(-1);
    return {
      items: shown.map((r): WebchatMessageView => {
        const file = r.knowledgeFileId ? files.get(r.knowledgeFileId) : undefined;
        return {
          id: r.id,
          from: r.direction === 'inbound' ? 'visitor' : 'line',
          text: this.vault.decrypt(r.bodyEncrypted, Encrypted.messageBody.at(r.id)),
          at: r.createdAt.toISOString(),
          ...(file ? { file: { name: file.fileName, contentType: file.contentType, sizeBytes: file.sizeBytes, url: this.knowledgeFiles.shareUrl(file) } } : {}),
        };
      }),
      after: last ? last.id : (after ?? null),
    };
  }

  async end(session: WebchatSession): Promise<void> {
    await this.sessions.end(session.id);
  }
}
