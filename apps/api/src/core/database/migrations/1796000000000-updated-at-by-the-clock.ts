import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TypeORM writes `updated_at = CURRENT_TIMESTAMP` itself on every save and update of an
 * entity with an update-date column (the literal is in its query builder), which is the
 * database's wall, not the application's clock. When the clock is pinned (a non-zero offset),
 * a trigger moves exactly that value, the transaction's `now()`, to `mayak_now()`; with the
 * system clock the trigger's condition is false and it never runs.
 */
export class UpdatedAtByTheClock1796000000000 implements MigrationInterface {
  name = 'UpdatedAtByTheClock1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION mayak_updated_at_by_the_clock() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.updated_at := mayak_now();
        RETURN NEW;
      END $$`);
    for (const table of await this.tables(q)) {
      await q.query(`CREATE TRIGGER "${table}_updated_at_by_the_clock" BEFORE UPDATE ON "${table}" FOR EACH ROW
        WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of await this.tables(q)) await q.query(`DROP TRIGGER IF EXISTS "${table}_updated_at_by_the_clock" ON "${table}"`);
    await q.query(`DROP FUNCTION mayak_updated_at_by_the_clock()`);
  }

  /** Every table with an updated_at column (those of the entities, and any that keep one by hand: the trigger changes nothing else). */
  private async tables(q: QueryRunner): Promise<string[]> {
    const rows: { table_name: string }[] = await q.query(
      `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND c.column_name = 'updated_at' AND t.table_type = 'BASE TABLE' ORDER BY c.table_name`,
    );
    return rows.map((r) => r.table_name);
  }
}
