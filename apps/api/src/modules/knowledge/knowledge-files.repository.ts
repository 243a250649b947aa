import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import { KnowledgeFile } from './knowledge-file.entity';

/** A file with the article it belongs to. */
export interface KnowledgeFileRow extends KnowledgeFile {
  articleTitle: string;
  articleLocale: Locale;
  articlePublished: boolean;
}

export interface OfferedFilesFilter {
  articleId?: string;
  locale?: Locale;
  /** Words of the file's name or its article's title. */
  q?: string;
  /** Those who write articles also see files of drafts. */
  includeDrafts: boolean;
}

const SELECT = `SELECT f.*, a.title AS article_title, a.locale AS article_locale, a.published AS article_published
  FROM knowledge_files f JOIN knowledge_articles a ON a.id = f.article_id`;

type Raw = Record<string, unknown>;

function toRow(raw: Raw): KnowledgeFileRow {
  return Object.assign(new KnowledgeFile(), {
    id: raw.id as string,
    createdAt: raw.created_at as Date,
    updatedAt: raw.updated_at as Date,
    articleId: raw.article_id as string,
    fileName: raw.file_name as string,
    contentType: raw.content_type as KnowledgeFile['contentType'],
    sizeBytes: raw.size_bytes as number,
    storageKey: raw.storage_key as string,
    shareToken: raw.share_token as string,
    createdById: raw.created_by_id as string,
    removedAt: (raw.removed_at as Date | null) ?? null,
    articleTitle: raw.article_title as string,
    articleLocale: raw.article_locale as Locale,
    articlePublished: raw.article_published as boolean,
  });
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The SQL of the knowledge base's files. */
@Injectable()
export class KnowledgeFilesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(
    m: EntityManager,
    file: Pick<KnowledgeFile, 'id' | 'articleId' | 'fileName' | 'contentType' | 'sizeBytes' | 'storageKey' | 'shareToken' | 'createdById'>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO knowledge_files (id, article_id, file_name, content_type, size_bytes, storage_key, share_token, created_by_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [file.id, file.articleId, file.fileName, file.contentType, file.sizeBytes, file.storageKey, file.shareToken, file.createdById],
    );
  }

  async find(id: string): Promise<KnowledgeFileRow | null> {
    const [raw] = (await this.dataSource.query(`${SELECT} WHERE f.id = $1`, [id])) as Raw[];
    return raw ? toRow(raw) : null;
  }

  async findMany(ids: string[]): Promise<KnowledgeFileRow[]> {
    const rows = (await this.dataSource.query(`${SELECT} WHERE f.id = ANY($1::uuid[])`, [ids])) as Raw[];
    return rows.map(toRow);
  }

  async findByShareToken(token: string): Promise<KnowledgeFileRow | null> {
    const [raw] = (await this.dataSource.query(`${SELECT} WHERE f.share_token = $1`, [token])) as Raw[];
    return raw ? toRow(raw) : null;
  }

  /** Files operators may send, newest first, a page at a time. */
  async pageOfOffered(filter: OfferedFilesFilter, limit: number, offset: number): Promise<{ items: KnowledgeFileRow[]; total: number }> {
    const where = ['f.removed_at IS NULL'];
    const params: unknown[] = [];
    if (!filter.includeDrafts) where.push('a.published');
    if (filter.articleId) where.push(`f.article_id = $${params.push(filter.articleId)}`);
    if (filter.locale) where.push(`a.locale = $${params.push(filter.locale)}`);
    if (filter.q) {
      const p = params.push(likePattern(filter.q));
      where.push(`(f.file_name ILIKE $${p} OR a.title ILIKE $${p})`);
    }
    const condition = where.join(' AND ');
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(`${SELECT} WHERE ${condition} ORDER BY f.created_at DESC, f.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
        ...params,
        limit,
        offset,
      ]) as Promise<Raw[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM knowledge_files f JOIN knowledge_articles a ON a.id = f.article_id WHERE ${condition}`,
        params,
      ) as Promise<{ total: number }[]>,
    ]);
    return { items: rows.map(toRow), total: count.total };
  }

  /** Stops offering a file; false when it was not offered. */
  async markRemoved(m: EntityManager, id: string): Promise<boolean> {
    const rows = await updateReturning(
      m,
      `UPDATE knowledge_files SET removed_at = mayak_now(), updated_at = mayak_now() WHERE id = $1 AND removed_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** How many files an article offers (inside the caller's transaction). */
  async countOffered(m: EntityManager, articleId: string): Promise<number> {
    const [row] = (await m.query(`SELECT count(*)::int AS n FROM knowledge_files WHERE article_id = $1 AND removed_at IS NULL`, [articleId])) as {
      n: number;
    }[];
    return row.n;
  }

  async articleExists(m: EntityManager, articleId: string): Promise<boolean> {
    const rows = (await m.query(`SELECT 1 FROM knowledge_articles WHERE id = $1 FOR KEY SHARE`, [articleId])) as unknown[];
    return rows.length > 0;
  }
}
