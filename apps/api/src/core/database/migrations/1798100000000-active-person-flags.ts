import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What makes a flag active (not removed, not past its expiry) is written once, in the schema:
 * every query that checks a person's or a number's warnings reads `active_person_flags`
 * instead of repeating the condition. A simple view, so the planner inlines it and the
 * indexes on `person_flags` still serve.
 */
export class ActivePersonFlags1798100000000 implements MigrationInterface {
  name = 'ActivePersonFlags1798100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE VIEW "active_person_flags" AS
      SELECT * FROM "person_flags" WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > mayak_now())`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "active_person_flags"`);
  }
}
