import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccountLinkPurpose } from '@mayak/domain';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import { AccountLink } from './account-link.entity';
import { User } from './user.entity';

export interface NewAccountLink {
  userId: string;
  purpose: AccountLinkPurpose;
  tokenHash: string;
  expiresAt: Date;
  createdById: string | null;
}

/** A link with the account it opens. */
export interface AccountLinkWithUser {
  link: AccountLink;
  user: User;
}

/** Invitation and reset links, and the account fields they change. */
@Injectable()
export class AccountLinksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Ends every open link of the account (of one purpose, or all), so only the newest works. */
  async revokeOpen(m: EntityManager, userId: string, now: Date, purpose?: AccountLinkPurpose): Promise<number> {
    const result = await m
      .getRepository(AccountLink)
      .update({ userId, usedAt: IsNull(), revokedAt: IsNull(), ...(purpose ? { purpose } : {}) }, { revokedAt: now });
    return result.affected ?? 0;
  }

  async insert(m: EntityManager, link: NewAccountLink): Promise<AccountLink> {
    const repo = m.getRepository(AccountLink);
    return repo.save(repo.create({ ...link, usedAt: null, revokedAt: null }));
  }

  async findByTokenHash(tokenHash: string, m: EntityManager = this.dataSource.manager): Promise<AccountLinkWithUser | null> {
    const link = await m.getRepository(AccountLink).findOne({ where: { tokenHash } });
    if (!link) return null;
    const user = await m.getRepository(User).findOne({ where: { id: link.userId }, relations: { offices: true } });
    return user ? { link, user } : null;
  }

  /** Takes the link for this use: true for exactly one caller, while it is open and unexpired. */
  async consume(m: EntityManager, id: string, now: Date): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE account_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2 RETURNING id`,
      [id, now],
    );
    return rows.length === 1;
  }

  async setPassword(m: EntityManager, userId: string, passwordHash: string, now: Date): Promise<void> {
    await m.getRepository(User).update({ id: userId }, { passwordHash, passwordSetAt: now });
  }

  /** An account by its (lower-cased) address, for a reset request. */
  async findAccountByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOne({ where: { email: email.toLowerCase() } });
  }
}
