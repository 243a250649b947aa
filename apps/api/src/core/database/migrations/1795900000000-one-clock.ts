import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database reads the application's clock: `mayak_now()` is `now()` moved by the offset
 * the application gives each connection (`mayak.clock_offset_ms`, zero unless the clock is
 * pinned outside production), and every column that defaulted to `now()` defaults to it.
 */
export class OneClock1795900000000 implements MigrationInterface {
  name = 'OneClock1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION mayak_clock_offset() RETURNS interval LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(NULLIF(current_setting('mayak.clock_offset_ms', true), '')::bigint, 0) * interval '1 millisecond' $$`,
    );
    await q.query(`CREATE FUNCTION mayak_now() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT now() + mayak_clock_offset() $$`);
    await q.query(
      `CREATE FUNCTION mayak_clock_timestamp() RETURNS timestamptz LANGUAGE sql VOLATILE PARALLEL SAFE AS $$ SELECT clock_timestamp() + mayak_clock_offset() $$`,
    );
    await this.swapDefaults(q, 'now()', 'mayak_now()');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.swapDefaults(q, 'mayak_now()', 'now()');
    await q.query(`DROP FUNCTION mayak_clock_timestamp()`);
    await q.query(`DROP FUNCTION mayak_now()`);
    await q.query(`DROP FUNCTION mayak_clock_offset()`);
  }

  private async swapDefaults(q: QueryRunner, from: string, to: string): Promise<void> {
    const columns: { table_name: string; column_name: string }[] = await q.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_default = $1 ORDER BY table_name, column_name`,
      [from],
    );
    for (const c of columns) await q.query(`ALTER TABLE "${c.table_name}" ALTER COLUMN "${c.column_name}" SET DEFAULT ${to}`);
  }
}
