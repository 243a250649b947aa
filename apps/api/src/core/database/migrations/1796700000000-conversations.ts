import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written channels beyond SMS. Text threads become conversations of a channel (SMS, WhatsApp,
 * Telegram, web chat) with the person's address on it; messages keep their kind of content (a photo, a voice note, a location…)
 * and its details, encrypted. Every inbound messaging webhook is first stored as received in
 * `inbound_webhooks` (idempotent on the provider's id) and only then processed, so a message
 * that fails to process, or cannot be routed, is kept rather than lost. Once processed its
 * payload is dropped: the conversation holds it, and retention reaches it there.
 */
export class Conversations1796700000000 implements MigrationInterface {
  name = 'Conversations1796700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sms_threads" RENAME TO "conversations"`);
    await q.query(`ALTER TRIGGER "sms_threads_updated_at_by_the_clock" ON "conversations" RENAME TO "conversations_updated_at_by_the_clock"`);
    await q.query(`ALTER INDEX "ix_sms_threads_office_last" RENAME TO "ix_conversations_office_last"`);
    await q.query(`DROP INDEX "uq_sms_threads_office_phone"`);
    await q.query(`ALTER TABLE "conversations" RENAME CONSTRAINT "fk_sms_threads_office" TO "fk_conversations_office"`);
    await q.query(`ALTER TABLE "conversations" ADD "channel" text NOT NULL DEFAULT 'sms'`);
    await q.query(`ALTER TABLE "conversations" ADD CONSTRAINT "ck_conversations_channel" CHECK (channel IN ('sms', 'whatsapp', 'telegram', 'webchat'))`);
    await q.query(`ALTER TABLE "conversations" ADD "last_inbound_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "conversations" ADD "display_name_encrypted" text`);
    await q.query(
      `UPDATE "conversations" c SET last_inbound_at = (SELECT max(created_at) FROM sms_messages m WHERE m.thread_id = c.id AND m.direction = 'inbound')`,
    );
    // The person's address on the channel: their number on SMS and WhatsApp, their user id on
    // Telegram, the chat's session on the web. The phone, where known, is kept apart for flags and history.
    await q.query(`ALTER TABLE "conversations" ADD "address_encrypted" text`);
    await q.query(`ALTER TABLE "conversations" ADD "address_hash" text`);
    await q.query(`UPDATE "conversations" SET address_encrypted = phone_encrypted, address_hash = phone_hash`);
    await q.query(`ALTER TABLE "conversations" ALTER COLUMN "address_encrypted" SET NOT NULL`);
    await q.query(`ALTER TABLE "conversations" ALTER COLUMN "address_hash" SET NOT NULL`);
    await q.query(`ALTER TABLE "conversations" ALTER COLUMN "phone_encrypted" DROP NOT NULL`);
    await q.query(`ALTER TABLE "conversations" ALTER COLUMN "phone_hash" DROP NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_conversations_office_channel_address" ON "conversations" ("office_id", "channel", "address_hash")`);
    await q.query(`CREATE INDEX "ix_conversations_phone" ON "conversations" ("phone_hash")`);

    await q.query(`ALTER TABLE "sms_messages" RENAME TO "conversation_messages"`);
    await q.query(`ALTER TRIGGER "sms_messages_updated_at_by_the_clock" ON "conversation_messages" RENAME TO "conversation_messages_updated_at_by_the_clock"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME COLUMN "thread_id" TO "conversation_id"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME COLUMN "message_sid" TO "provider_message_id"`);
    await q.query(`ALTER INDEX "ix_sms_messages_thread" RENAME TO "ix_conversation_messages_conversation"`);
    await q.query(`ALTER INDEX "uq_sms_messages_message_sid" RENAME TO "uq_conversation_messages_provider_id"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME CONSTRAINT "fk_sms_messages_thread" TO "fk_conversation_messages_conversation"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME CONSTRAINT "ck_sms_messages_direction" TO "ck_conversation_messages_direction"`);
    await q.query(`ALTER TABLE "conversation_messages" ADD "content_kind" text NOT NULL DEFAULT 'text'`);
    await q.query(`ALTER TABLE "conversation_messages" ADD CONSTRAINT "ck_conversation_messages_content_kind"
      CHECK (content_kind IN ('text', 'image', 'document', 'audio', 'video', 'sticker', 'location', 'contact', 'unsupported'))`);
    await q.query(`ALTER TABLE "conversation_messages" ADD "details_encrypted" text`);
    await q.query(`CREATE INDEX "ix_conversation_messages_contact" ON "conversation_messages" ("contact_id")`);

    await q.query(`CREATE TABLE "inbound_webhooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "provider" text NOT NULL, "kind" text NOT NULL, "external_id" text NOT NULL, "payload_encrypted" text, "attempts" integer NOT NULL DEFAULT 0,
      "processed_at" TIMESTAMP WITH TIME ZONE, "outcome" text, "last_error" text, "office_id" uuid,
      CONSTRAINT "ck_inbound_webhooks_kind" CHECK (kind IN ('message', 'status')),
      CONSTRAINT "ck_inbound_webhooks_outcome" CHECK (outcome IS NULL OR outcome IN ('processed', 'unroutable', 'ignored')),
      CONSTRAINT "pk_inbound_webhooks" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_inbound_webhooks_external" ON "inbound_webhooks" ("provider", "kind", "external_id")`);
    await q.query(`CREATE INDEX "ix_inbound_webhooks_pending" ON "inbound_webhooks" ("received_at") WHERE processed_at IS NULL`);
    await q.query(`CREATE INDEX "ix_inbound_webhooks_processed" ON "inbound_webhooks" ("processed_at") WHERE processed_at IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "inbound_webhooks"`);
    await q.query(`DROP INDEX "ix_conversation_messages_contact"`);
    await q.query(`ALTER TABLE "conversation_messages" DROP COLUMN "details_encrypted"`);
    await q.query(`ALTER TABLE "conversation_messages" DROP CONSTRAINT "ck_conversation_messages_content_kind"`);
    await q.query(`ALTER TABLE "conversation_messages" DROP COLUMN "content_kind"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME CONSTRAINT "ck_conversation_messages_direction" TO "ck_sms_messages_direction"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME CONSTRAINT "fk_conversation_messages_conversation" TO "fk_sms_messages_thread"`);
    await q.query(`ALTER INDEX "uq_conversation_messages_provider_id" RENAME TO "uq_sms_messages_message_sid"`);
    await q.query(`ALTER INDEX "ix_conversation_messages_conversation" RENAME TO "ix_sms_messages_thread"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME COLUMN "provider_message_id" TO "message_sid"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME COLUMN "conversation_id" TO "thread_id"`);
    await q.query(`ALTER TRIGGER "conversation_messages_updated_at_by_the_clock" ON "conversation_messages" RENAME TO "sms_messages_updated_at_by_the_clock"`);
    await q.query(`ALTER TABLE "conversation_messages" RENAME TO "sms_messages"`);

    // Conversations of other channels have no place among text threads.
    await q.query(`DELETE FROM "conversations" WHERE channel <> 'sms'`);
    await q.query(`DROP INDEX "ix_conversations_phone"`);
    await q.query(`DROP INDEX "uq_conversations_office_channel_address"`);
    await q.query(`ALTER TABLE "conversations" ALTER COLUMN "phone_hash" SET NOT NULL`);
    await q.query(`ALTER TABLE "conversations" ALTER COLUMN "phone_encrypted" SET NOT NULL`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "address_hash"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "address_encrypted"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "display_name_encrypted"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "last_inbound_at"`);
    await q.query(`ALTER TABLE "conversations" DROP CONSTRAINT "ck_conversations_channel"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "channel"`);
    await q.query(`ALTER TABLE "conversations" RENAME CONSTRAINT "fk_conversations_office" TO "fk_sms_threads_office"`);
    await q.query(`CREATE UNIQUE INDEX "uq_sms_threads_office_phone" ON "conversations" ("office_id", "phone_hash")`);
    await q.query(`ALTER INDEX "ix_conversations_office_last" RENAME TO "ix_sms_threads_office_last"`);
    await q.query(`ALTER TRIGGER "conversations_updated_at_by_the_clock" ON "conversations" RENAME TO "sms_threads_updated_at_by_the_clock"`);
    await q.query(`ALTER TABLE "conversations" RENAME TO "sms_threads"`);
  }
}
