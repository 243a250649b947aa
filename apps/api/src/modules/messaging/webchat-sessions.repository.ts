import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MenuLanguage } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import { ConversationMessage } from './conversation-message.entity';
import { WebchatSession } from './webchat-session.entity';

/** The SQL of web chat sessions. */
@Injectable()
export class WebchatSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(session: { tokenHash: string; officeId: string; language: MenuLanguage; expiresAt: Date }): Promise<WebchatSession> {
    const repo = this.dataSource.getRepository(WebchatSession);
    return repo.save(repo.create(session));
  }

  /** A live session by its token's hash; its lifetime runs on from now. */
  async touch(tokenHash: string, expiresAt: Date): Promise<WebchatSession | null> {
    const [row] = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE webchat_sessions SET last_seen_at = mayak_now(), expires_at = $2 WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > mayak_now() RETURNING id`,
      [tokenHash, expiresAt],
    );
    return row ? this.dataSource.getRepository(WebchatSession).findOneBy({ id: row.id }) : null;
  }

  async end(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE webchat_sessions SET ended_at = mayak_now() WHERE id = $1 AND ended_at IS NULL`, [id]);
  }

  async setConversation(m: EntityManager, id: string, conversationId: string): Promise<void> {
    await m.query(`UPDATE webchat_sessions SET conversation_id = $2 WHERE id = $1 AND conversation_id IS NULL`, [id, conversationId]);
  }

  find(id: string): Promise<WebchatSession | null> {
    return this.dataSource.getRepository(WebchatSession).findOneBy({ id });
  }

  /**
   * The conversation's messages after the one the widget showed last, oldest first. The position
   * is read from that row itself: a timestamp taken through JavaScript would lose its microseconds.
   */
  messagesAfter(conversationId: string, afterMessageId: string | null, limit: number): Promise<ConversationMessage[]> {
    const qb = this.dataSource.getRepository(ConversationMessage).createQueryBuilder('s').where('s.conversation_id = :id', { id: conversationId });
    if (afterMessageId) {
      qb.andWhere('(s.created_at, s.id) > (SELECT p.created_at, p.id FROM conversation_messages p WHERE p.id = :mid AND p.conversation_id = :id)', {
        mid: afterMessageId,
      });
    }
    return qb.orderBy('s.created_at', 'ASC').addOrderBy('s.id', 'ASC').limit(limit).getMany();
  }

  /** The line's messages the visitor has now been shown. */
  async markDelivered(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE conversation_messages SET status = 'delivered', updated_at = mayak_now() WHERE id = ANY($1) AND direction = 'outbound' AND status = 'sent'`,
      [ids],
    );
  }
}
