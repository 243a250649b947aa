import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service directory, the knowledge base (and which articles a contact used),
 * referrals, partner users' organisation, and what the deadline watcher has alerted.
 */
export class Referrals1795200000000 implements MigrationInterface {
  name = 'Referrals1795200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" text NOT NULL, "type" text NOT NULL, "description" text NOT NULL DEFAULT '', "service_types" text array NOT NULL DEFAULT '{}', "regions" text array NOT NULL DEFAULT '{}', "cities" text array NOT NULL DEFAULT '{}', "languages" text array NOT NULL DEFAULT '{}', "phone" text, "email" text, "website" text, "address" text, "opening_hours" text, "accepts_referrals" boolean NOT NULL DEFAULT true, "active" boolean NOT NULL DEFAULT true, "search_tsv" tsvector, CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_organisations_name" ON "organisations"  ("name")`);
    await q.query(
      `CREATE TABLE "knowledge_articles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "locale" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "organisation_ids" uuid array NOT NULL DEFAULT '{}', "published" boolean NOT NULL DEFAULT true, "created_by_id" uuid NOT NULL, "updated_by_id" uuid NOT NULL, "search_tsv" tsvector, CONSTRAINT "PK_4dff86fc9e08f53fe1d4cfe5fb1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_knowledge_articles_locale_updated" ON "knowledge_articles"  ("locale", "updated_at")`);
    await q.query(
      `CREATE TABLE "contact_articles" ("contact_id" uuid NOT NULL, "article_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d3336f9084094f407398afdbfca" PRIMARY KEY ("contact_id", "article_id"))`,
    );
    await q.query(`CREATE INDEX "ix_contact_articles_article" ON "contact_articles"  ("article_id")`);
    await q.query(
      `CREATE TABLE "referrals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "case_id" uuid NOT NULL, "office_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "service_type" text NOT NULL, "status" text NOT NULL DEFAULT 'draft', "created_by_id" uuid NOT NULL, "shared_summary" text NOT NULL, "share_contact_details" boolean NOT NULL DEFAULT false, "response_hours" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "due_at" TIMESTAMP WITH TIME ZONE, "answered_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "reason" text, "outcome" text, "partner_note" text, "answered_by_id" uuid, "overdue_alerted_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_referrals_status" CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled')), CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_referrals_office_status" ON "referrals"  ("office_id", "status", "due_at")`);
    await q.query(`CREATE INDEX "ix_referrals_organisation_status" ON "referrals"  ("organisation_id", "status", "created_at", "id")`);
    await q.query(`CREATE INDEX "ix_referrals_case" ON "referrals"  ("case_id", "created_at")`);
    await q.query(`ALTER TABLE "users" ADD "organisation_id" uuid`);
    await q.query(`ALTER TABLE "cases" ADD "stale_alerted_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "case_tasks" ADD "overdue_alerted_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "users" ADD CONSTRAINT "fk_users_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contact_articles" ADD CONSTRAINT "fk_contact_articles_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contact_articles" ADD CONSTRAINT "fk_contact_articles_article" FOREIGN KEY ("article_id") REFERENCES "knowledge_articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "referrals" ADD CONSTRAINT "fk_referrals_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "referrals" ADD CONSTRAINT "fk_referrals_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Directory and knowledge-base search: arrays and full text over GIN indexes, vectors kept by triggers.
    await q.query(`CREATE INDEX "ix_organisations_service_types" ON "organisations" USING gin ("service_types")`);
    await q.query(`CREATE INDEX "ix_organisations_regions" ON "organisations" USING gin ("regions")`);
    await q.query(`CREATE INDEX "ix_organisations_languages" ON "organisations" USING gin ("languages")`);
    await q.query(
      `CREATE FUNCTION mayak_organisations_search_tsv() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.search_tsv := mayak_text_vector(concat_ws(' ', NEW.name, NEW.description, array_to_string(NEW.cities, ' '))); RETURN NEW; END $$`,
    );
    await q.query(
      `CREATE TRIGGER organisations_search_tsv BEFORE INSERT OR UPDATE OF name, description, cities ON "organisations" FOR EACH ROW EXECUTE FUNCTION mayak_organisations_search_tsv()`,
    );
    await q.query(`CREATE INDEX "ix_organisations_search_tsv" ON "organisations" USING gin ("search_tsv")`);
    await q.query(`CREATE INDEX "ix_knowledge_articles_tags" ON "knowledge_articles" USING gin ("tags")`);
    await q.query(
      `CREATE FUNCTION mayak_knowledge_articles_search_tsv() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.search_tsv := mayak_text_vector(concat_ws(' ', NEW.title, NEW.title, NEW.body, array_to_string(NEW.tags, ' '))); RETURN NEW; END $$`,
    );
    await q.query(
      `CREATE TRIGGER knowledge_articles_search_tsv BEFORE INSERT OR UPDATE OF title, body, tags ON "knowledge_articles" FOR EACH ROW EXECUTE FUNCTION mayak_knowledge_articles_search_tsv()`,
    );
    await q.query(`CREATE INDEX "ix_knowledge_articles_search_tsv" ON "knowledge_articles" USING gin ("search_tsv")`);
    // The deadline watcher's scans: only open work, in deadline order.
    await q.query(`CREATE INDEX "ix_referrals_open_due" ON "referrals" ("due_at") WHERE status = 'sent'`);
    await q.query(`CREATE INDEX "ix_cases_open_activity" ON "cases" ("last_activity_at") WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX "ix_case_tasks_open_due" ON "case_tasks" ("due_at") WHERE status = 'open' AND overdue_alerted_at IS NULL`);
    await q.query(`CREATE INDEX "ix_users_organisation" ON "users" ("organisation_id") WHERE organisation_id IS NOT NULL`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_partner_organisation" CHECK (NOT ('partner' = ANY(roles)) OR organisation_id IS NOT NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_partner_organisation"`);
    await q.query(`DROP INDEX "ix_users_organisation"`);
    await q.query(`DROP INDEX "ix_case_tasks_open_due"`);
    await q.query(`DROP INDEX "ix_cases_open_activity"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_organisation"`);
    await q.query(`ALTER TABLE "case_tasks" DROP COLUMN "overdue_alerted_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "stale_alerted_at"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "organisation_id"`);
    for (const table of ['referrals', 'contact_articles', 'knowledge_articles', 'organisations']) await q.query(`DROP TABLE "${table}" CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS mayak_organisations_search_tsv()`);
    await q.query(`DROP FUNCTION IF EXISTS mayak_knowledge_articles_search_tsv()`);
  }
}
