import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People (encrypted identifiers, keyed-hash indexes, flags, merges), contacts, cases with
 * their reference sequence, timeline, tasks, consents, shares and trafficking route, and
 * alerts. Notes are searchable in Russian and English through trigger-kept vectors.
 */
export class IntakeAndCases1795100000000 implements MigrationInterface {
  name = 'IntakeAndCases1795100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "people" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "office_id" uuid NOT NULL, "created_by_id" uuid NOT NULL, "name_encrypted" text, "name_index" text array NOT NULL DEFAULT '{}', "gender" text, "birth_year" smallint, "age_group" text, "citizenship" text array NOT NULL DEFAULT '{}', "languages" text array NOT NULL DEFAULT '{}', "migration_situation" text, "merged_into_id" uuid, CONSTRAINT "PK_aa866e71353ee94c6cc51059c5b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_people_merged_into" ON "people"  ("merged_into_id")`);
    await q.query(`CREATE INDEX "ix_people_office_created" ON "people"  ("office_id", "created_at")`);
    await q.query(
      `CREATE TABLE "person_identifiers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" text NOT NULL, "value_encrypted" text NOT NULL, "value_hash" text NOT NULL, "label" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_be64c323ee4d71d03d979e26b73" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_person_identifiers_hash" ON "person_identifiers"  ("value_hash")`);
    await q.query(`CREATE INDEX "ix_person_identifiers_person" ON "person_identifiers"  ("person_id")`);
    await q.query(
      `CREATE TABLE "person_flags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid, "phone_hash" text, "office_id" uuid NOT NULL, "kind" text NOT NULL, "reason" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "removed_at" TIMESTAMP WITH TIME ZONE, "removed_by_id" uuid, CONSTRAINT "PK_809a7619affc02231db43f39d12" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_person_flags_phone" ON "person_flags"  ("phone_hash")`);
    await q.query(`CREATE INDEX "ix_person_flags_person" ON "person_flags"  ("person_id")`);
    await q.query(
      `CREATE TABLE "person_merges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survivor_id" uuid NOT NULL, "merged_id" uuid NOT NULL, "office_id" uuid NOT NULL, "moved" jsonb NOT NULL, "reason" text NOT NULL, "merged_by_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "undone_at" TIMESTAMP WITH TIME ZONE, "undone_by_id" uuid, CONSTRAINT "PK_1571c5e03c58fbe2f048482b153" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_person_merges_merged" ON "person_merges"  ("merged_id")`);
    await q.query(`CREATE INDEX "ix_person_merges_survivor" ON "person_merges"  ("survivor_id")`);
    await q.query(
      `CREATE TABLE "cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "reference" text NOT NULL, "office_id" uuid NOT NULL, "type" text NOT NULL, "category" text, "priority" text NOT NULL DEFAULT 'normal', "status" text NOT NULL DEFAULT 'new', "assignee_id" uuid, "created_by_id" uuid NOT NULL, "person_id" uuid, "summary" text NOT NULL DEFAULT '', "search_tsv" tsvector, "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closure_reason" text, "closure_note" text, "closed_at" TIMESTAMP WITH TIME ZONE, "closure_approved_by_id" uuid, "closure_approved_at" TIMESTAMP WITH TIME ZONE, "trafficking_status" text, "trafficking_status_decided_by" text, "exploitation_types" text array NOT NULL DEFAULT '{}', "control_methods" text array NOT NULL DEFAULT '{}', "labour_industry" text, "recruitment_methods" text array NOT NULL DEFAULT '{}', "recruiter_relation" text, "migration_situation" text, CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_cases_person" ON "cases"  ("person_id")`);
    await q.query(`CREATE INDEX "ix_cases_office_created" ON "cases"  ("office_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_cases_office_category_activity" ON "cases"  ("office_id", "category", "last_activity_at", "id")`);
    await q.query(`CREATE INDEX "ix_cases_office_priority_activity" ON "cases"  ("office_id", "priority", "last_activity_at", "id")`);
    await q.query(`CREATE INDEX "ix_cases_office_status_activity" ON "cases"  ("office_id", "status", "last_activity_at", "id")`);
    await q.query(`CREATE INDEX "ix_cases_assignee_activity" ON "cases"  ("assignee_id", "last_activity_at", "id")`);
    await q.query(`CREATE INDEX "ix_cases_office_activity" ON "cases"  ("office_id", "last_activity_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_cases_reference" ON "cases"  ("reference")`);
    await q.query(
      `CREATE TABLE "contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "office_id" uuid NOT NULL, "operator_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'in_progress', "channel" text NOT NULL, "direction" text NOT NULL, "language" text, "caller_type" text, "category" text, "risk_level" text NOT NULL DEFAULT 'none', "critical" boolean NOT NULL DEFAULT false, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "duration_seconds" integer, "phone_encrypted" text, "phone_hash" text, "consent_to_record" boolean, "consent_to_refer" boolean, "consent_to_contact_back" boolean, "safe_contact_times" text, "safe_contact_method" text, "notes" text NOT NULL DEFAULT '', "notes_tsv" tsvector, "person_id" uuid, "case_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_contacts_office_category_started" ON "contacts"  ("office_id", "category", "started_at", "id")`);
    await q.query(`CREATE INDEX "ix_contacts_phone_hash" ON "contacts"  ("phone_hash", "started_at")`);
    await q.query(`CREATE INDEX "ix_contacts_person" ON "contacts"  ("person_id", "started_at")`);
    await q.query(`CREATE INDEX "ix_contacts_case" ON "contacts"  ("case_id", "started_at")`);
    await q.query(`CREATE INDEX "ix_contacts_operator_started" ON "contacts"  ("operator_id", "started_at", "id")`);
    await q.query(`CREATE INDEX "ix_contacts_office_started" ON "contacts"  ("office_id", "started_at", "id")`);
    await q.query(
      `CREATE TABLE "case_reference_sequences" ("prefix" text NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_4c918ea73785780730b0123e75c" PRIMARY KEY ("prefix", "year"))`,
    );
    await q.query(
      `CREATE TABLE "case_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "case_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "kind" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "body" text, "contact_id" uuid, CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_events_case_time" ON "case_events"  ("case_id", "occurred_at", "id")`);
    await q.query(
      `CREATE TABLE "case_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "case_id" uuid NOT NULL, "title" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "assignee_id" uuid, "status" text NOT NULL DEFAULT 'open', "created_by_id" uuid NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6884bc205016f0df75a601d9311" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_tasks_assignee_open" ON "case_tasks"  ("assignee_id", "status", "due_at")`);
    await q.query(`CREATE INDEX "ix_case_tasks_case" ON "case_tasks"  ("case_id", "due_at")`);
    await q.query(
      `CREATE TABLE "case_consents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "purpose" text NOT NULL, "channel" text NOT NULL, "given_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by_id" uuid NOT NULL, "note" text, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_by_id" uuid, CONSTRAINT "PK_f76061198c833571b1435d76c83" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_consents_case" ON "case_consents"  ("case_id", "purpose")`);
    await q.query(
      `CREATE TABLE "case_shares" ("case_id" uuid NOT NULL, "user_id" uuid NOT NULL, "shared_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e68e186d8f403453570349450a8" PRIMARY KEY ("case_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_shares_user" ON "case_shares"  ("user_id")`);
    await q.query(
      `CREATE TABLE "case_trafficking_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "position" smallint NOT NULL, "type" text NOT NULL, "country" text, "city" text, "date" date, "description" text, CONSTRAINT "PK_274343efe046ef97555ea3bd937" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_trafficking_events_case" ON "case_trafficking_events"  ("case_id", "position")`);
    await q.query(
      `CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "office_id" uuid, "kind" text NOT NULL, "dedupe_key" text NOT NULL, "entity_type" text, "entity_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_alerts_dedupe" ON "alerts"  ("recipient_id", "dedupe_key")`);
    await q.query(`CREATE INDEX "ix_alerts_recipient_created" ON "alerts"  ("recipient_id", "created_at", "id")`);
    await q.query(
      `ALTER TABLE "people" ADD CONSTRAINT "fk_people_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "person_identifiers" ADD CONSTRAINT "fk_person_identifiers_person" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "person_flags" ADD CONSTRAINT "fk_person_flags_person" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "person_flags" ADD CONSTRAINT "fk_person_flags_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "person_merges" ADD CONSTRAINT "fk_person_merges_survivor" FOREIGN KEY ("survivor_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "person_merges" ADD CONSTRAINT "fk_person_merges_merged" FOREIGN KEY ("merged_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_person" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "fk_contacts_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "fk_contacts_operator" FOREIGN KEY ("operator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "fk_contacts_person" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "fk_contacts_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "fk_case_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_tasks" ADD CONSTRAINT "fk_case_tasks_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_tasks" ADD CONSTRAINT "fk_case_tasks_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_consents" ADD CONSTRAINT "fk_case_consents_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_shares" ADD CONSTRAINT "fk_case_shares_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_shares" ADD CONSTRAINT "fk_case_shares_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_trafficking_events" ADD CONSTRAINT "fk_case_trafficking_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "fk_alerts_recipient" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // Full text over notes in Russian and English, kept by triggers so no writer forgets it.
    await q.query(
      `CREATE FUNCTION mayak_text_vector(body text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$ SELECT to_tsvector('russian', coalesce(body, '')) || to_tsvector('english', coalesce(body, '')) $$`,
    );
    await q.query(
      `CREATE FUNCTION mayak_contacts_notes_tsv() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.notes_tsv := mayak_text_vector(NEW.notes); RETURN NEW; END $$`,
    );
    await q.query(`CREATE TRIGGER contacts_notes_tsv BEFORE INSERT OR UPDATE OF notes ON "contacts" FOR EACH ROW EXECUTE FUNCTION mayak_contacts_notes_tsv()`);
    // A case's search vector covers its summary, its contacts' notes and its timeline notes.
    await q.query(`CREATE FUNCTION mayak_case_search_vector(case_id uuid, summary text) RETURNS tsvector LANGUAGE sql STABLE AS $$
      SELECT mayak_text_vector(concat_ws(' ', summary,
        (SELECT string_agg(k.notes, ' ') FROM contacts k WHERE k.case_id = $1),
        (SELECT string_agg(e.body, ' ') FROM case_events e WHERE e.case_id = $1 AND e.body IS NOT NULL)))
    $$`);
    await q.query(
      `CREATE FUNCTION mayak_cases_search_tsv() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.search_tsv := mayak_case_search_vector(NEW.id, NEW.summary); RETURN NEW; END $$`,
    );
    await q.query(`CREATE TRIGGER cases_search_tsv BEFORE INSERT OR UPDATE OF summary ON "cases" FOR EACH ROW EXECUTE FUNCTION mayak_cases_search_tsv()`);
    await q.query(`CREATE FUNCTION mayak_refresh_case_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'contacts' AND TG_OP = 'UPDATE' AND OLD.case_id IS NOT NULL AND OLD.case_id IS DISTINCT FROM NEW.case_id THEN
          UPDATE cases SET search_tsv = mayak_case_search_vector(id, summary) WHERE id = OLD.case_id;
        END IF;
        IF NEW.case_id IS NOT NULL THEN
          UPDATE cases SET search_tsv = mayak_case_search_vector(id, summary) WHERE id = NEW.case_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER contacts_case_search AFTER INSERT OR UPDATE OF notes, case_id ON "contacts" FOR EACH ROW EXECUTE FUNCTION mayak_refresh_case_search()`,
    );
    await q.query(
      `CREATE TRIGGER case_events_case_search AFTER INSERT ON "case_events" FOR EACH ROW WHEN (NEW.body IS NOT NULL) EXECUTE FUNCTION mayak_refresh_case_search()`,
    );
    await q.query(`CREATE INDEX "ix_contacts_notes_tsv" ON "contacts" USING gin ("notes_tsv")`);
    await q.query(`CREATE INDEX "ix_cases_search_tsv" ON "cases" USING gin ("search_tsv")`);
    // Name search matches keyed hashes of name tokens: array containment over a GIN index.
    await q.query(`CREATE INDEX "ix_people_name_index" ON "people" USING gin ("name_index")`);
    // At most one standing consent per case and purpose.
    await q.query(`CREATE UNIQUE INDEX "uq_case_consents_active" ON "case_consents" ("case_id", "purpose") WHERE withdrawn_at IS NULL`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_status" CHECK (status IN ('new', 'open', 'in_progress', 'referred', 'follow_up', 'closed'))`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_priority" CHECK (priority IN ('critical', 'high', 'normal', 'low'))`);
    await q.query(`ALTER TABLE "contacts" ADD CONSTRAINT "ck_contacts_status" CHECK (status IN ('in_progress', 'completed'))`);
    await q.query(`ALTER TABLE "person_flags" ADD CONSTRAINT "ck_person_flags_target" CHECK (person_id IS NOT NULL OR phone_hash IS NOT NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "alerts" CASCADE`);
    await q.query(`DROP TABLE "case_trafficking_events" CASCADE`);
    await q.query(`DROP TABLE "case_shares" CASCADE`);
    await q.query(`DROP TABLE "case_consents" CASCADE`);
    await q.query(`DROP TABLE "case_tasks" CASCADE`);
    await q.query(`DROP TABLE "case_events" CASCADE`);
    await q.query(`DROP TABLE "case_reference_sequences" CASCADE`);
    await q.query(`DROP TABLE "contacts" CASCADE`);
    await q.query(`DROP TABLE "cases" CASCADE`);
    await q.query(`DROP TABLE "person_merges" CASCADE`);
    await q.query(`DROP TABLE "person_flags" CASCADE`);
    await q.query(`DROP TABLE "person_identifiers" CASCADE`);
    await q.query(`DROP TABLE "people" CASCADE`);
    for (const fn of ['mayak_refresh_case_search', 'mayak_cases_search_tsv', 'mayak_contacts_notes_tsv']) await q.query(`DROP FUNCTION IF EXISTS ${fn}()`);
    await q.query(`DROP FUNCTION IF EXISTS mayak_case_search_vector(uuid, text)`);
    await q.query(`DROP FUNCTION IF EXISTS mayak_text_vector(text)`);
  }
}
