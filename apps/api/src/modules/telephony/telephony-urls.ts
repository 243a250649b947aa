import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';

export const WEBHOOK_BASE_PATH = '/api/v1/telephony/twilio';

/**
 * The addresses the provider calls us back on. They are built from PUBLIC_URL, the address
 * the provider sees, because that is what it signs: behind a proxy our own host differs.
 */
@Injectable()
export class TelephonyUrls {
  private readonly base: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.base = config.publicUrl + WEBHOOK_BASE_PATH;
  }

  url(path: string, query: Record<string, string | number> = {}): string {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return `${this.base}${path}${search ? `?${search}` : ''}`;
  }
}
