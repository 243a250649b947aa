import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Voicemail. A line may take voicemail outside its opening hours, and a waiting caller may
 * leave one instead of waiting (`voicemail_requested`). Twilio records; the worker fetches the
 * recording, stores it encrypted here (AES-256-GCM, like every field) and deletes it at
 * Twilio. One voicemail per call; it belongs to the call's contact and office.
 */
export class Voicemail1796500000000 implements MigrationInterface {
  name = 'Voicemail1796500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "telephony_lines" DROP CONSTRAINT "ck_telephony_lines_after_hours"`);
    await q.query(`ALTER TABLE "telephony_lines" ADD CONSTRAINT "ck_telephony_lines_after_hours" CHECK (after_hours IN ('message', 'forward', 'voicemail'))`);
    await q.query(`ALTER TABLE "telephony_calls" ADD "voicemail_requested" boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE TABLE "voicemails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "office_id" uuid NOT NULL, "call_id" uuid NOT NULL, "contact_id" uuid, "recording_sid" text NOT NULL, "recording_url" text, "duration_seconds" integer,
      "status" text NOT NULL DEFAULT 'pending', "content_type" text, "audio_encrypted" text, "fetched_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_voicemails_status" CHECK (status IN ('pending', 'stored', 'failed', 'erased')),
      CONSTRAINT "pk_voicemails" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_voicemails_recording_sid" ON "voicemails" ("recording_sid")`);
    await q.query(`CREATE UNIQUE INDEX "uq_voicemails_call" ON "voicemails" ("call_id")`);
    await q.query(`CREATE INDEX "ix_voicemails_contact" ON "voicemails" ("contact_id")`);
    await q.query(`ALTER TABLE "voicemails" ADD CONSTRAINT "fk_voicemails_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT`);
    await q.query(`ALTER TABLE "voicemails" ADD CONSTRAINT "fk_voicemails_call" FOREIGN KEY ("call_id") REFERENCES "telephony_calls"("id") ON DELETE CASCADE`);
    await q.query(`ALTER TABLE "voicemails" ADD CONSTRAINT "fk_voicemails_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "voicemails"`);
    await q.query(`ALTER TABLE "telephony_calls" DROP COLUMN "voicemail_requested"`);
    await q.query(`UPDATE telephony_lines SET after_hours = 'message' WHERE after_hours = 'voicemail'`);
    await q.query(`ALTER TABLE "telephony_lines" DROP CONSTRAINT "ck_telephony_lines_after_hours"`);
    await q.query(`ALTER TABLE "telephony_lines" ADD CONSTRAINT "ck_telephony_lines_after_hours" CHECK (after_hours IN ('message', 'forward'))`);
  }
}
