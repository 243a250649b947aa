import type { DataSource, EntityTarget } from 'typeorm';

/**
 * An entity from a row of raw SQL (`RETURNING *`, snake_case columns), through the entity's
 * own column metadata: for hot paths that write in one hand-written statement but answer
 * with the same entity the rest of the code works with.
 */
export function entityFromRow<T extends object>(dataSource: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (column.databaseName in row) column.setEntityValue(entity, row[column.databaseName]);
  }
  return entity;
}
