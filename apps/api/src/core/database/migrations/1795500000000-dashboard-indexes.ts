import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the dashboards read instead of the tables: an office's open cases with the
 * columns the case load groups by, and contacts by office and time with the coded columns
 * the activity figures count (index-only scans; measured in docs/performance.md).
 */
export class DashboardIndexes1795500000000 implements MigrationInterface {
  name = 'DashboardIndexes1795500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_cases_open_load" ON "cases" ("office_id", "status", "priority", "type", "assignee_id", "last_activity_at") WHERE status <> 'closed'`,
    );
    await q.query(
      `CREATE INDEX "ix_contacts_office_activity" ON "contacts" ("office_id", "started_at")
         INCLUDE ("channel", "category", "language", "caller_type", "status", "duration_seconds", "operator_id", "phone_hash", "caller_pseudonym")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_contacts_office_activity"`);
    await q.query(`DROP INDEX "ix_cases_open_load"`);
  }
}
