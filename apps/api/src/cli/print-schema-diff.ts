import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../core/config/app-config';
import { ENTITIES } from '../app/entities';
import { dataSourceOptions } from '../core/database/data-source-options';

/**
 * Prints the SQL TypeORM would need to bring the database in line with the entities.
 * On a fully migrated database it must print nothing (a test checks exactly that);
 * otherwise paste its output into a new migration.
 */
export async function schemaDiff(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, { entities: ENTITIES }));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  schemaDiff(loadConfig().databaseUrl)
    .then((queries) => {
      for (const q of queries) console.log(`${q};`);
      if (queries.length === 0) console.error('Entities and migrations agree: nothing to generate.');
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
