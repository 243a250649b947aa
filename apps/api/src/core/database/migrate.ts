import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Runs pending migrations (each in its own transaction); returns the names it applied. Migrations are SQL: no entity is needed. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
