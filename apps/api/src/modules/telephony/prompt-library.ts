import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { AppConfig, PromptKind, PromptLanguage } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { DomainError, notFound } from '#api/core/errors/domain-error';
import { TelephonyLineRepository } from './telephony-line.repository';

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

  constructor(
    private readonly lines: TelephonyLineRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditService,
  ) {
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
    const prompts = await this.lines.listPrompts();
    return prompts.map((p) => ({ ...p, updatedAt: p.updatedAt.toISOString() }));
  }

  async audio(kind: PromptKind, language: PromptLanguage): Promise<{ contentType: string; audio: Buffer }> {
    const recorded = await this.lines.findPromptAudio(kind, language);
    if (!recorded) throw notFound('Prompt');
    return recorded;
  }

  async save(actor: Actor, kind: PromptKind, language: PromptLanguage, contentType: string, audio: unknown): Promise<RecordedPromptView> {
    if (!Buffer.isBuffer(audio) || audio.length < 44)
      throw new DomainError('validation_failed', 'Send the recording as the body', {
        errors: [{ field: 'body', code: 'required', message: 'An MP3 or WAV file is required' }],
      });
    const type = contentType === 'audio/x-wav' ? 'audio/wav' : contentType;
    if (!looksLike(type, audio))
      throw new DomainError('validation_failed', 'This is not the audio file its type says', {
        errors: [{ field: 'body', code: 'not_audio', message: 'The file is not an MP3 or WAV recording' }],
      });
    await this.lines.transaction(async (m) => {
      await this.lines.upsertPrompt(m, { kind, language, contentType: type, audio, updatedById: actor.userId });
      await this.audit.record(
        { action: AuditAction.PromptRecorded, entityType: 'prompt', entityId: `${kind}:${language}`, summary: { bytes: audio.length, contentType: type } },
        m,
      );
    });
    await this.refresh();
    return (await this.list()).find((p) => p.kind === kind && p.language === language)!;
  }

  async remove(kind: PromptKind, language: PromptLanguage): Promise<void> {
    await this.lines.transaction(async (m) => {
      if (!(await this.lines.deletePrompt(m, kind, language))) throw notFound('Prompt');
      await this.audit.record({ action: AuditAction.PromptRemoved, entityType: 'prompt', entityId: `${kind}:${language}`, summary: {} }, m);
    });
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const recorded = await this.lines.promptVersions();
    this.versions = new Map(recorded.map((r) => [`${r.kind}:${r.language}`, r.version]));
  }
}
