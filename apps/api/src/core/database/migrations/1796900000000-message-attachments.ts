import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files that arrive in messages (a photo of a contract, a passport page, a voice note). A row
 * is written with the message; the worker fetches the file from the channel, checks what it
 * is by its bytes and its size, and keeps it sealed in the file store (`storage_key`), or
 * records why it did not.
 */
export class MessageAttachments1796900000000 implements MigrationInterface {
  name = 'MessageAttachments1796900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "message_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "message_id" uuid NOT NULL, "office_id" uuid NOT NULL, "position" integer NOT NULL DEFAULT 0,
      "status" text NOT NULL DEFAULT 'pending', "declared_type" text NOT NULL, "content_type" text, "size_bytes" integer, "source_encrypted" text,
      "storage_key" text, "reject_reason" text, "fetched_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_message_attachments_status" CHECK (status IN ('pending', 'stored', 'rejected', 'failed', 'erased')),
      CONSTRAINT "pk_message_attachments" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_message_attachments_message_position" ON "message_attachments" ("message_id", "position")`);
    await q.query(`CREATE INDEX "ix_message_attachments_pending" ON "message_attachments" ("created_at") WHERE status = 'pending'`);
    await q.query(`CREATE INDEX "ix_message_attachments_erased" ON "message_attachments" ("updated_at") WHERE status = 'erased' AND storage_key IS NOT NULL`);
    await q.query(
      `ALTER TABLE "message_attachments" ADD CONSTRAINT "fk_message_attachments_message" FOREIGN KEY ("message_id") REFERENCES "conversation_messages"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "message_attachments" ADD CONSTRAINT "fk_message_attachments_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT`,
    );
    await q.query(`CREATE TRIGGER "message_attachments_updated_at_by_the_clock" BEFORE UPDATE ON "message_attachments" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "message_attachments"`);
  }
}
