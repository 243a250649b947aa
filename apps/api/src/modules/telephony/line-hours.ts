import { Inject, Injectable } from '@nestjs/common';
import { isLineOpen, validateOpeningHours } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig, TelephonyConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { DomainError, fieldInvalid, notFound, staleVersion } from '#api/core/errors/domain-error';
import { IdentifierVault } from '../people/identifier-vault';
import type { LineDto, UpdateLineDto } from './dto/telephony.dto';
import { LineRouter } from './line-router';
import type { TelephonyLine } from './telephony-line.entity';
import { TelephonyLineRepository } from './telephony-line.repository';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

const CACHE_MS = 60_000;

/** What a caller outside opening hours gets. */
export type AfterHours = { kind: 'message' } | { kind: 'voicemail' } | { kind: 'forward'; to: string };

/**
 * Opening hours per line. The incoming-call webhook asks `whenClosed` on every call, so a
 * line's settings are cached for a minute (and dropped at once by a change made here).
 */
@Injectable()
export class LineHours {
  private readonly telephony: TelephonyConfig;
  private readonly cache = new Map<string, { line: TelephonyLine | null; until: number }>();

  constructor(
    private readonly lines: TelephonyLineRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
    private readonly router: LineRouter,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
  ) {
    this.telephony = config.telephony;
  }

  /** Null while the line is open; otherwise what the caller gets. */
  async whenClosed(lineNumber: string, timeZone: string): Promise<AfterHours | null> {
    const line = await this.cached(lineNumber);
    if (!line || isLineOpen(line.openingHours, this.clock.now(), timeZone)) return null;
    if (line.afterHours === 'forward' && line.forwardToEncrypted)
      return { kind: 'forward', to: this.vault.decrypt(line.forwardToEncrypted, Encrypted.lineForwardTo.at(line.lineNumber)) };
    return line.afterHours === 'voicemail' ? { kind: 'voicemail' } : { kind: 'message' };
  }

  /** The line's numbers (the hotline's and TELEPHONY_LINES'), each with its office and hours. */
  async list(): Promise<LineDto[]> {
    const numbers = [...new Set([this.telephony.hotlineNumber, ...Object.keys(this.telephony.lines)])].sort();
    const rows = await this.lines.findLines(numbers);
    return Promise.all(numbers.map(async (number) => this.view(number, rows.find((r) => r.lineNumber === number) ?? null)));
  }

  async update(lineNumber: string, input: UpdateLineDto): Promise<LineDto> {
    const numbers = new Set([this.telephony.hotlineNumber, ...Object.keys(this.telephony.lines)]);
    if (!numbers.has(lineNumber)) throw notFound('Line');
    if (input.openingHours) {
      const problems = validateOpeningHours(input.openingHours);
      if (problems.length)
        throw new DomainError('validation_failed', 'These opening hours cannot be used', {
          errors: problems.map((code) => ({ field: 'openingHours', code, message: `openingHours: ${code}` })),
        });
    }
    if (input.afterHours === 'forward' && !input.forwardTo)
      throw fieldInvalid('forwardTo', 'required', 'Give the number to forward calls to outside opening hours');
    const forwardTo =
      input.afterHours === 'forward' ? this.vault.encrypt(this.vault.phone(input.forwardTo!, 'forwardTo').e164, Encrypted.lineForwardTo.at(lineNumber)) : null;
    const saved = await this.lines.transaction(async (m) => {
      const current = await this.lines.lockLine(m, lineNumber);
      if ((current?.version ?? 0) !== input.version) throw staleVersion('This line');
      const stored = await this.lines.saveLine(m, {
        lineNumber,
        openingHours: input.openingHours,
        afterHours: input.afterHours,
        forwardToEncrypted: forwardTo,
        version: (current?.version ?? 0) + 1,
      });
      await this.audit.record(
        {
          action: AuditAction.LineHoursChanged,
          entityType: 'line',
          entityId: lineNumber,
          summary: { aroundTheClock: !input.openingHours, afterHours: input.afterHours },
        },
        m,
      );
      return stored;
    });
    this.cache.delete(lineNumber);
    return this.view(lineNumber, saved);
  }

  private async view(lineNumber: string, line: TelephonyLine | null): Promise<LineDto> {
    const office = await this.router.officeFor(lineNumber);
    return {
      lineNumber,
      officeId: office.officeId,
      officeCode: office.officeCode,
      timeZone: office.timeZone,
      openingHours: line?.openingHours ?? null,
      afterHours: line?.afterHours ?? 'message',
      forwardTo: line?.forwardToEncrypted ? this.vault.decrypt(line.forwardToEncrypted, Encrypted.lineForwardTo.at(lineNumber)) : null,
      openNow: isLineOpen(line?.openingHours ?? null, this.clock.now(), office.timeZone),
      version: line?.version ?? 0,
    };
  }

  private async cached(lineNumber: string): Promise<TelephonyLine | null> {
    const hit = this.cache.get(lineNumber);
    if (hit && hit.until > this.clock.nowMs()) return hit.line;
    const line = await this.lines.findLine(lineNumber);
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(lineNumber, { line, until: this.clock.nowMs() + CACHE_MS });
    return line;
  }
}
