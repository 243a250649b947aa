import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Retention: the periods administrators set, legal holds on cases, and when each record was anonymised. */
export class Retention1795400000000 implements MigrationInterface {
  name = 'Retention1795400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "retention_settings" ("id" smallint NOT NULL DEFAULT '1', "contacts_without_case_days" integer NOT NULL DEFAULT '365', "closed_cases_days" integer NOT NULL DEFAULT '1825', "updated_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ck_retention_settings_periods" CHECK (contacts_without_case_days >= 30 AND closed_cases_days >= 30), CONSTRAINT "ck_retention_settings_single" CHECK (id = 1), CONSTRAINT "PK_ba0941ea3e43235c88387d87aa8" PRIMARY KEY ("id"))`,
    );
    await q.query(`ALTER TABLE "people" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "legal_hold" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "cases" ADD "legal_hold_reason" text`);
    await q.query(`ALTER TABLE "cases" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "contacts" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "contacts" ADD "caller_pseudonym" text`);
    await q.query(`CREATE INDEX "ix_people_retention" ON "people"  ("created_at") WHERE anonymised_at IS NULL`);
    await q.query(`CREATE INDEX "ix_cases_retention" ON "cases"  ("closed_at") WHERE status = 'closed' AND anonymised_at IS NULL`);
    await q.query(`CREATE INDEX "ix_contacts_retention" ON "contacts"  ("started_at") WHERE anonymised_at IS NULL AND case_id IS NULL`);
    await q.query(`INSERT INTO "retention_settings" ("id") VALUES (1)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_contacts_retention"`);
    await q.query(`DROP INDEX "ix_cases_retention"`);
    await q.query(`DROP INDEX "ix_people_retention"`);
    await q.query(`ALTER TABLE "contacts" DROP COLUMN "caller_pseudonym"`);
    await q.query(`ALTER TABLE "contacts" DROP COLUMN "anonymised_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "anonymised_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "legal_hold_reason"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "legal_hold"`);
    await q.query(`ALTER TABLE "people" DROP COLUMN "anonymised_at"`);
    await q.query(`DROP TABLE "retention_settings"`);
  }
}
