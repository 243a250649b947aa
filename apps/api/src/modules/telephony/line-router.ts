import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig, TelephonyConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { TelephonyLineRepository } from './telephony-line.repository';

const CACHE_MS = 60_000;

export interface LineOffice {
  officeId: string;
  officeCode: string;
  timeZone: string;
}

/**
 * Which office answers a call or text that came in on one of the line's numbers
 * (TELEPHONY_LINES), falling back to TELEPHONY_DEFAULT_OFFICE and then to the first active
 * office by code. Looked up on every webhook: a handful of rows, an index walk.
 */
@Injectable()
export class LineRouter {
  private readonly telephony: TelephonyConfig;
  // Offices change rarely; every call arrives through here. A minute's staleness is harmless.
  private readonly byLine = new Map<string, { office: LineOffice; until: number }>();
  private readonly codes = new Map<string, { code: string; until: number }>();

  constructor(
    private readonly lines: TelephonyLineRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.telephony = config.telephony;
  }

  /**
   * `m`: the transaction the caller holds, when it holds one, so a lookup never waits for a
   * second connection from a pool that busy transactions have emptied.
   */
  async officeFor(lineNumber: string, m?: EntityManager): Promise<LineOffice> {
    return this.cached(`line:${lineNumber}`, () => this.lookUp(this.telephony.lines[lineNumber] ?? this.telephony.defaultOfficeCode, m));
  }

  /** The office named by a code (a channel's own setting, such as TELEGRAM_OFFICE), with the same fallbacks. */
  async officeForCode(code: string | null, m?: EntityManager): Promise<LineOffice> {
    return this.cached(`code:${code ?? ''}`, () => this.lookUp(code ?? this.telephony.defaultOfficeCode, m));
  }

  private async cached(key: string, find: () => Promise<LineOffice>): Promise<LineOffice> {
    const cached = this.byLine.get(key);
    if (cached && cached.until > this.clock.nowMs()) return cached.office;
    const office = await find();
    if (this.byLine.size > 1000) this.byLine.clear();
    this.byLine.set(key, { office, until: this.clock.nowMs() + CACHE_MS });
    return office;
  }

  /** An office's code (for its queue's name), cached like the routing. */
  async officeCode(officeId: string): Promise<string> {
    const cached = this.codes.get(officeId);
    if (cached && cached.until > this.clock.nowMs()) return cached.code;
    const code = (await this.lines.officeCode(officeId)) ?? 'main';
    this.codes.set(officeId, { code, until: this.clock.nowMs() + CACHE_MS });
    return code;
  }

  private async lookUp(code: string | null, m?: EntityManager): Promise<LineOffice> {
    const named = code ? await this.lines.activeOfficeByCode(code, m) : null;
    const chosen = named ?? (await this.lines.firstActiveOffice(m));
    if (!chosen) throw new Error('No active office to route telephony to');
    return { officeId: chosen.id, officeCode: chosen.code, timeZone: chosen.timezone };
  }

  /** The hotline queue for an office: callers wait here until an operator takes them. */
  queueName(officeCode: string): string {
    return `hotline-${officeCode.toLowerCase()}`;
  }
}
