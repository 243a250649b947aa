import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig, TelephonyConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';

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

  constructor(@InjectDataSource() private readonly dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.telephony = config.telephony;
  }

  async officeFor(lineNumber: string): Promise<LineOffice> {
    const code = this.telephony.lines[lineNumber] ?? this.telephony.defaultOfficeCode;
    const rows: { id: string; code: string; timezone: string }[] = code
      ? await this.dataSource.query(`SELECT id, code, timezone FROM offices WHERE code = $1 AND active`, [code])
      : [];
    const chosen = rows[0] ?? ((await this.dataSource.query(`SELECT id, code, timezone FROM offices WHERE active ORDER BY code LIMIT 1`)) as typeof rows)[0];
    if (!chosen) throw new Error('No active office to route telephony to');
    return { officeId: chosen.id, officeCode: chosen.code, timeZone: chosen.timezone };
  }

  /** The hotline queue for an office: callers wait here until an operator takes them. */
  queueName(officeCode: string): string {
    return `hotline-${officeCode.toLowerCase()}`;
  }
}
