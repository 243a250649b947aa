import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { MIGRATIONS } from './migrations';

/**
 * One place that says how Mayak talks to Postgres: migrations only, never synchronize.
 * `clockOffsetMs` is how far the application's clock is from the system's (zero unless it is
 * pinned outside production): each connection hands it to `mayak_now()`, so SQL and the
 * application agree on "now".
 * `entities` come from the application (core knows none of the contexts' tables); running
 * migrations needs none.
 */
export function dataSourceOptions(
  databaseUrl: string,
  { entities = [], clockOffsetMs = 0 }: { entities?: DataSourceOptions['entities']; clockOffsetMs?: number } = {},
): DataSourceOptions {
  const clockOption = clockOffsetMs === 0 ? '' : ` -c mayak.clock_offset_ms=${Math.round(clockOffsetMs)}`;
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: 'mayak',
    // JIT compilation pays off for long analytical queries, not for a hotline's short ones:
    // it added ~20 ms to a 5 ms search in the benchmark, so it is off for our sessions.
    extra: { max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, options: `-c jit=off${clockOption}` },
  };
}
