import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { DEMO_EMAIL_DOMAIN } from './demo-seed';

/**
 * The API refuses to serve production while a demo account can sign in: its password is in
 * the README. They get there only if development tooling once ran against this database.
 */
@Injectable()
export class DemoAccountsCheck implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv !== 'production') return;
    const rows: { email: string }[] = await this.dataSource.query(`SELECT email FROM users WHERE active AND email LIKE $1 ORDER BY email LIMIT 20`, [
      `%@${DEMO_EMAIL_DOMAIN}`,
    ]);
    if (rows.length) {
      throw new Error(
        `Production refuses demo accounts, whose password is public: ${rows.map((r) => r.email).join(', ')} can sign in. ` +
          `Deactivate them (UPDATE users SET active = false WHERE email LIKE '%@${DEMO_EMAIL_DOMAIN}') or restore a database that never had demo data.`,
      );
    }
  }
}
