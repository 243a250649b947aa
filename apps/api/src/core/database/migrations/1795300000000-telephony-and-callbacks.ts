import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Telephony and callbacks: provider calls (unique on CallSid), operator presence, text
 * threads and messages (unique on MessageSid), callbacks and their attempts. A contact
 * created by a ringing call has no operator until someone answers it.
 */
export class TelephonyAndCallbacks1795300000000 implements MigrationInterface {
  name = 'TelephonyAndCallbacks1795300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "telephony_calls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "call_sid" text NOT NULL, "direction" text NOT NULL, "purpose" text NOT NULL, "office_id" uuid NOT NULL, "contact_id" uuid, "callback_id" uuid, "party_encrypted" text, "party_hash" text, "line_number" text NOT NULL, "language" text, "state" text NOT NULL, "outcome" text, "operator_id" uuid, "transfer_to_id" uuid, "transfer_mode" text, "queued_at" TIMESTAMP WITH TIME ZONE, "answered_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "duration_seconds" integer, "provider_status" text, CONSTRAINT "ck_telephony_calls_state" CHECK (state IN ('menu', 'queued', 'connecting', 'in_progress', 'on_hold', 'completed', 'missed', 'abandoned')), CONSTRAINT "PK_718bcc17db7cefcec118d12fec9" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_telephony_calls_operator_live" ON "telephony_calls"  ("operator_id") WHERE state IN ('connecting', 'in_progress', 'on_hold')`,
    );
    await q.query(`CREATE INDEX "ix_telephony_calls_contact" ON "telephony_calls"  ("contact_id")`);
    await q.query(
      `CREATE INDEX "ix_telephony_calls_office_live" ON "telephony_calls"  ("office_id", "created_at") WHERE state IN ('menu', 'queued', 'connecting', 'in_progress', 'on_hold')`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_telephony_calls_call_sid" ON "telephony_calls"  ("call_sid")`);
    await q.query(
      `CREATE TABLE "operator_presence" ("user_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'away', "ring_target_kind" text NOT NULL DEFAULT 'console', "ring_target_encrypted" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_operator_presence_ring_target" CHECK (ring_target_kind IN ('console', 'phone', 'sip')), CONSTRAINT "ck_operator_presence_status" CHECK (status IN ('available', 'busy', 'away')), CONSTRAINT "PK_1f13eb6225cb0307c30ef7283e5" PRIMARY KEY ("user_id"))`,
    );
    await q.query(`CREATE INDEX "ix_operator_presence_status" ON "operator_presence"  ("status")`);
    await q.query(
      `CREATE TABLE "sms_threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "office_id" uuid NOT NULL, "phone_encrypted" text NOT NULL, "phone_hash" text NOT NULL, "line_number" text NOT NULL, "contact_id" uuid, "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_direction" text NOT NULL, "unanswered" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_5f6426484fd0aab01c13cfd0599" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_sms_threads_office_last" ON "sms_threads"  ("office_id", "last_message_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_sms_threads_office_phone" ON "sms_threads"  ("office_id", "phone_hash")`);
    await q.query(
      `CREATE TABLE "sms_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "thread_id" uuid NOT NULL, "contact_id" uuid, "direction" text NOT NULL, "body_encrypted" text NOT NULL, "message_sid" text, "status" text NOT NULL, "sent_by_id" uuid, "error_code" text, CONSTRAINT "ck_sms_messages_direction" CHECK (direction IN ('inbound', 'outbound')), CONSTRAINT "PK_6d4cfef86e93e3fde23954d11bc" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_sms_messages_thread" ON "sms_messages"  ("thread_id", "created_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_sms_messages_message_sid" ON "sms_messages"  ("message_sid")`);
    await q.query(
      `CREATE TABLE "callbacks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "office_id" uuid NOT NULL, "contact_id" uuid, "case_id" uuid, "person_id" uuid, "source_call_id" uuid, "phone_encrypted" text NOT NULL, "phone_hash" text NOT NULL, "reason" text NOT NULL, "method" text NOT NULL DEFAULT 'voice', "status" text NOT NULL DEFAULT 'scheduled', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "safe_days" smallint array, "safe_start_minute" integer, "safe_end_minute" integer, "time_zone" text NOT NULL, "assignee_id" uuid, "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL DEFAULT '3', "last_outcome" text, "notes" text NOT NULL DEFAULT '', "close_reason" text, "fired_at" TIMESTAMP WITH TIME ZONE, "placed_by_id" uuid, "finished_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, CONSTRAINT "ck_callbacks_window" CHECK ((safe_start_minute IS NULL) = (safe_end_minute IS NULL) AND (safe_start_minute IS NULL OR safe_start_minute < safe_end_minute)), CONSTRAINT "ck_callbacks_attempts" CHECK (attempts >= 0 AND max_attempts BETWEEN 1 AND 10), CONSTRAINT "ck_callbacks_status" CHECK (status IN ('scheduled', 'due', 'in_progress', 'completed', 'no_answer', 'failed', 'cancelled')), CONSTRAINT "PK_8090fb14d5629af03bc043429d0" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_callbacks_source_call" ON "callbacks"  ("source_call_id") WHERE source_call_id IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_callbacks_case" ON "callbacks"  ("case_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_callbacks_scheduled_due" ON "callbacks"  ("due_at", "id") WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX "ix_callbacks_assignee_status_due" ON "callbacks"  ("assignee_id", "status", "due_at", "id")`);
    await q.query(`CREATE INDEX "ix_callbacks_office_status_due" ON "callbacks"  ("office_id", "status", "due_at", "id")`);
    await q.query(
      `CREATE TABLE "callback_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "callback_id" uuid NOT NULL, "number" integer NOT NULL, "operator_id" uuid, "call_sid" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "PK_54a7640e4b97255357190733de7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_callback_attempts_number" ON "callback_attempts"  ("callback_id", "number")`);
    await q.query(`ALTER TABLE "contacts" ALTER COLUMN "operator_id" DROP NOT NULL`);
    await q.query(
      `ALTER TABLE "telephony_calls" ADD CONSTRAINT "fk_telephony_calls_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "telephony_calls" ADD CONSTRAINT "fk_telephony_calls_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "operator_presence" ADD CONSTRAINT "fk_operator_presence_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sms_threads" ADD CONSTRAINT "fk_sms_threads_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sms_messages" ADD CONSTRAINT "fk_sms_messages_thread" FOREIGN KEY ("thread_id") REFERENCES "sms_threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "callbacks" ADD CONSTRAINT "fk_callbacks_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "callbacks" ADD CONSTRAINT "fk_callbacks_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "callbacks" ADD CONSTRAINT "fk_callbacks_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "callbacks" ADD CONSTRAINT "fk_callbacks_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "callback_attempts" ADD CONSTRAINT "fk_callback_attempts_callback" FOREIGN KEY ("callback_id") REFERENCES "callbacks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "callback_attempts"`);
    await q.query(`DROP TABLE "callbacks"`);
    await q.query(`DROP TABLE "sms_messages"`);
    await q.query(`DROP TABLE "sms_threads"`);
    await q.query(`DROP TABLE "operator_presence"`);
    await q.query(`DROP TABLE "telephony_calls"`);
    // Never delete contacts to make a rollback fit: refuse while unanswered calls' contacts exist.
    await q.query(
      `DO $$ BEGIN IF EXISTS (SELECT 1 FROM contacts WHERE operator_id IS NULL) THEN RAISE EXCEPTION 'contacts without an operator exist; assign them before rolling back'; END IF; END $$`,
    );
    await q.query(`ALTER TABLE "contacts" ALTER COLUMN "operator_id" SET NOT NULL`);
  }
}
