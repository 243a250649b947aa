import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import type { AppConfig, PromptKind, PromptLanguage } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import type { Actor } from '../../core/context/request-context';
import { DomainError, notFound } from '../../core/errors/domain-error';
import { RecordedPrompt } from './recorded-prompt.entity';

const REFRESH_MS = 60_000;

export interface RecordedPromptView {
  kind: PromptKind;
  language: PromptLanguage;
  contentType: string;
  bytes: number;
  updatedAt: string;
}

/** What an MP3 or WAV file starts with: an upload must be the audio it says it is. */
function looksLike(contentType: string, audio: Buffer): boolean {
  if (contentType === 'audio/mpeg') return audio.subarray(0, 3).toString('latin1') === 'ID3' || (audio[0] === 0xff && (audio[1] & 0xe0) === 0xe0);
  return audio.subarray(0, 4).toString('latin1') === 'RIFF' && audio.subarray(8, 12).toString('latin1') === 'WAVE';
}

/**
 * Recordings administrators upload for the phone prompts, per kind and menu language. TwiML is
 * written synchronously on the webhook path, so which recordings exist (and their versions) is
 * kept in memory: loaded at start, after each change here, and every minute (other instances).
 * Twilio fetches the audio from a public URL that names the version, so a new recording is
 * never served from Twilio's cache of the old one.
 */
@Injectable()
export class PromptLibrary implements OnModuleInit, OnModuleDestroy {
  private versions = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly publicUrl: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig, private readonly audit: AuditService) {
    this.publicUrl = config.publicUrl.replace(/\/+$/, '');
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The public URL of the recorded prompt, or null when none is recorded (the configured text or URL is used). */
  urlFor(kind: PromptKind, language: PromptLanguage): string | null {
    const version = this.versions.get(`${kind}:${language}`);
    return version === undefined ? null : `${this.publicUrl}/api/v1/telephony/prompts/${kind}/${language}?v=${version}`;
  }

  async list(): Promise<RecordedPromptView[]> {
    const rows = await this.dataSource.query(`SELECT kind, language, content_type, octet_length(audio) AS bytes, updated_at FROM telephony_prompts ORDER BY kind, language`) as { kind: PromptKind; language: PromptLanguage; content_type: string; bytes: number; updated_at: Date }[];
    return rows.map((r) => ({ kind: r.kind, language: r.language, contentType: r.content_type, bytes: Number(r.bytes), updatedAt: new Date(r.updated_at).toISOString() }));
  }

  async audio(kind: PromptKind, language: PromptLanguage): Promise<{ contentType: string; audio: Buffer }> {
    const row = await this.dataSource.getRepository(RecordedPrompt).createQueryBuilder('p').addSelect('p.audio').where('p.kind = :kind AND p.language = :language', { kind, language }).getOne();
    if (!row) throw notFound('Prompt');
    return { contentType: row.contentType, audio: row.audio };
  }

  async save(actor: Actor, kind: PromptKind, language: PromptLanguage, contentType: string, audio: unknown): Promise<RecordedPromptView> {
    if (!Buffer.isBuffer(audio) || audio.length < 44) throw new DomainError('validation_failed', 'Send the recording as the body', { errors: [{ field: 'body', code: 'required', message: 'An MP3 or WAV file is required' }] });
    const type = contentType === 'audio/x-wav' ? 'audio/wav' : contentType;
    if (!looksLike(type, audio)) throw new DomainError('validation_failed', 'This is not the audio file its type says', { errors: [{ field: 'body', code: 'not_audio', message: 'The file is not an MP3 or WAV recording' }] });
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO telephony_prompts (kind, language, content_type, audio, updated_at, updated_by_id) VALUES ($1, $2, $3, $4, mayak_now(), $5)
         ON CONFLICT (kind, language) DO UPDATE SET content_type = EXCLUDED.content_type, audio = EXCLUDED.audio, updated_at = mayak_now(), updated_by_id = EXCLUDED.updated_by_id`,
        [kind, language, type, audio, actor.userId],
      );
      await this.audit.record({ action: AuditAction.PromptRecorded, entityType: 'prompt', entityId: `${kind}:${language}`, summary: { bytes: audio.length, contentType: type } }, m);
    });
    await this.refresh();
    return (await this.list()).find((p) => p.kind === kind && p.language === language)!;
  }

  async remove(kind: PromptKind, language: PromptLanguage): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const removed = await m.query(`DELETE FROM telephony_prompts WHERE kind = $1 AND language = $2 RETURNING kind`, [kind, language]);
      if (!(Array.isArray(removed[0]) ? removed[0] : removed).length) throw notFound('Prompt');
      await this.audit.record({ action: AuditAction.PromptRemoved, entityType: 'prompt', entityId: `${kind}:${language}`, summary: {} }, m);
    });
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const rows = await this.dataSource.query(`SELECT kind, language, (extract(epoch FROM updated_at) * 1000)::bigint AS version FROM telephony_prompts`) as { kind: string; language: string; version: string }[];
    this.versions = new Map(rows.map((r) => [`${r.kind}:${r.language}`, Number(r.version)]));
  }
}
