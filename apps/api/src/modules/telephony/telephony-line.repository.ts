import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PromptKind, PromptLanguage } from '#api/core/config/app-config';
import { RecordedPrompt } from './recorded-prompt.entity';
import { TelephonyLine } from './telephony-line.entity';

/** An active office a line can route to. */
export interface RoutableOffice {
  id: string;
  code: string;
  timezone: string;
}

/** A line's settings as written; the version is the one the change moves to. */
export type LineSettings = Pick<TelephonyLine, 'lineNumber' | 'openingHours' | 'afterHours' | 'forwardToEncrypted' | 'version'>;

/** A recorded prompt without its audio. */
export interface RecordedPromptSummary {
  kind: PromptKind;
  language: PromptLanguage;
  contentType: string;
  bytes: number;
  updatedAt: Date;
}

export interface RecordedPromptUpload {
  kind: PromptKind;
  language: PromptLanguage;
  contentType: string;
  audio: Buffer;
  updatedById: string;
}

/** What the line is: the offices its numbers route to, its opening hours and its recorded prompts. */
export abstract class TelephonyLineRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** The active office with this code, or null. */
  abstract activeOfficeByCode(code: string, m?: EntityManager): Promise<RoutableOffice | null>;
  /** The active office first by code, or null when none is active. */
  abstract firstActiveOffice(m?: EntityManager): Promise<RoutableOffice | null>;
  /** The office's code, or null when there is no such office. */
  abstract officeCode(officeId: string): Promise<string | null>;
  /** A line's settings, or null when it has none (open around the clock). */
  abstract findLine(lineNumber: string): Promise<TelephonyLine | null>;
  /** The settings of those of the lines that have any. */
  abstract findLines(lineNumbers: string[]): Promise<TelephonyLine[]>;
  /** A line's settings locked for a change, or null. */
  abstract lockLine(m: EntityManager, lineNumber: string): Promise<TelephonyLine | null>;
  /** Writes the line's settings; returns them as stored. */
  abstract saveLine(m: EntityManager, settings: LineSettings): Promise<TelephonyLine>;
  /** Every recorded prompt, by kind then language. */
  abstract listPrompts(): Promise<RecordedPromptSummary[]>;
  /** A recorded prompt with its audio, or null. */
  abstract findPromptAudio(kind: PromptKind, language: PromptLanguage): Promise<{ contentType: string; audio: Buffer } | null>;
  /** Writes the recording, replacing the one of the same kind and language. */
  abstract upsertPrompt(m: EntityManager, upload: RecordedPromptUpload): Promise<void>;
  /** Deletes the recording; false when there was none. */
  abstract deletePrompt(m: EntityManager, kind: PromptKind, language: PromptLanguage): Promise<boolean>;
  /** Each recorded prompt's version: its last change in epoch milliseconds. */
  abstract promptVersions(): Promise<{ kind: string; language: string; version: number }[]>;
}

@Injectable()
export class SqlTelephonyLineRepository extends TelephonyLineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async activeOfficeByCode(code: string, m: EntityManager = this.dataSource.manager): Promise<RoutableOffice | null> {
    const rows: RoutableOffice[] = await m.query(`SELECT id, code, timezone FROM offices WHERE code = $1 AND active`, [code]);
    return rows[0] ?? null;
  }

  async firstActiveOffice(m: EntityManager = this.dataSource.manager): Promise<RoutableOffice | null> {
    const rows: RoutableOffice[] = await m.query(`SELECT id, code, timezone FROM offices WHERE active ORDER BY code LIMIT 1`);
    return rows[0] ?? null;
  }

  async officeCode(officeId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT code FROM offices WHERE id = $1`, [officeId])) as { code: string }[];
    return row?.code ?? null;
  }

  async findLine(lineNumber: string): Promise<TelephonyLine | null> {
    return this.dataSource.getRepository(TelephonyLine).findOneBy({ lineNumber });
  }

  async findLines(lineNumbers: string[]): Promise<TelephonyLine[]> {
    return this.dataSource.getRepository(TelephonyLine).findBy(lineNumbers.map((lineNumber) => ({ lineNumber })));
  }

  async lockLine(m: EntityManager, lineNumber: string): Promise<TelephonyLine | null> {
    return m.getRepository(TelephonyLine).findOne({ where: { lineNumber }, lock: { mode: 'pessimistic_write' } });
  }

  async saveLine(m: EntityManager, settings: LineSettings): Promise<TelephonyLine> {
    const repo = m.getRepository(TelephonyLine);
    await repo.save(repo.create(settings));
    return repo.findOneByOrFail({ lineNumber: settings.lineNumber });
  }

  async listPrompts(): Promise<RecordedPromptSummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT kind, language, content_type, octet_length(audio) AS bytes, updated_at FROM telephony_prompts ORDER BY kind, language`,
    )) as { kind: PromptKind; language: PromptLanguage; content_type: string; bytes: number; updated_at: Date }[];
    return rows.map((r) => ({ kind: r.kind, language: r.language, contentType: r.content_type, bytes: Number(r.bytes), updatedAt: new Date(r.updated_at) }));
  }

  async findPromptAudio(kind: PromptKind, language: PromptLanguage): Promise<{ contentType: string; audio: Buffer } | null> {
    const row = await this.dataSource
      .getRepository(RecordedPrompt)
      .createQueryBuilder('p')
      .addSelect('p.audio')
      .where('p.kind = :kind AND p.language = :language', { kind, language })
      .getOne();
    return row ? { contentType: row.contentType, audio: row.audio } : null;
  }

  async upsertPrompt(m: EntityManager, upload: RecordedPromptUpload): Promise<void> {
    await m.query(
      `INSERT INTO telephony_prompts (kind, language, content_type, audio, updated_at, updated_by_id) VALUES ($1, $2, $3, $4, mayak_now(), $5)
       ON CONFLICT (kind, language) DO UPDATE SET content_type = EXCLUDED.content_type, audio = EXCLUDED.audio, updated_at = mayak_now(), updated_by_id = EXCLUDED.updated_by_id`,
      [upload.kind, upload.language, upload.contentType, upload.audio, upload.updatedById],
    );
  }

  async deletePrompt(m: EntityManager, kind: PromptKind, language: PromptLanguage): Promise<boolean> {
    const removed = await m.query(`DELETE FROM telephony_prompts WHERE kind = $1 AND language = $2 RETURNING kind`, [kind, language]);
    return (Array.isArray(removed[0]) ? removed[0] : removed).length > 0;
  }

  async promptVersions(): Promise<{ kind: string; language: string; version: number }[]> {
    const rows = (await this.dataSource.query(`SELECT kind, language, (extract(epoch FROM updated_at) * 1000)::bigint AS version FROM telephony_prompts`)) as {
      kind: string;
      language: string;
      version: string;
    }[];
    return rows.map((r) => ({ kind: r.kind, language: r.language, version: Number(r.version) }));
  }
}
