import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'referral_received', 'referral_reminder', 'referral_withdrawn', 'case_assigned', 'task_assigned', 'task_overdue', 'referral_overdue', 'critical_alert_unread'`;

/**
 * E-mail for people who are not in the console. `mails` is the outbox: a mail is a row first
 * (unique on its idempotency key, its content sealed until it is sent), sent by the worker.
 * `notifications` records each event for each recipient once (unique on the event's key) and
 * how it was delivered; `notification_preferences` holds each person's choice per kind.
 */
export class MailOutbox1797600000000 implements MigrationInterface {
  name = 'MailOutbox1797600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "mails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "idempotency_key" text NOT NULL, "kind" text NOT NULL, "recipient_id" uuid,
      "to_address" text NOT NULL, "locale" text NOT NULL, "content_encrypted" text, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "claimed_until" TIMESTAMP WITH TIME ZONE, "last_error" text,
      "sent_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, "smtp_message_id" text,
      CONSTRAINT "ck_mails_status" CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      CONSTRAINT "pk_mails" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_mails_idempotency_key" ON "mails" ("idempotency_key")`);
    await q.query(`CREATE INDEX "ix_mails_due" ON "mails" ("next_attempt_at") WHERE status IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX "ix_mails_failed" ON "mails" ("failed_at") WHERE status = 'failed'`);
    await q.query(`CREATE INDEX "ix_mails_recipient" ON "mails" ("recipient_id")`);
    await q.query(`ALTER TABLE "mails" ADD CONSTRAINT "fk_mails_recipient" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE SET NULL`);
    await q.query(`CREATE TRIGGER "mails_updated_at_by_the_clock" BEFORE UPDATE ON "mails" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);

    await q.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "idempotency_key" text NOT NULL, "recipient_id" uuid NOT NULL, "kind" text NOT NULL, "delivery" text NOT NULL, "entity_type" text NOT NULL, "entity_id" uuid NOT NULL,
      "data" jsonb NOT NULL DEFAULT '{}', "mail_id" uuid,
      CONSTRAINT "ck_notifications_kind" CHECK (kind IN (${KINDS})),
      CONSTRAINT "ck_notifications_delivery" CHECK (delivery IN ('immediate', 'digest', 'never')),
      CONSTRAINT "pk_notifications" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_notifications_idempotency_key" ON "notifications" ("idempotency_key")`);
    await q.query(`CREATE INDEX "ix_notifications_digest" ON "notifications" ("recipient_id", "created_at") WHERE delivery = 'digest' AND mail_id IS NULL`);
    await q.query(`CREATE INDEX "ix_notifications_entity" ON "notifications" ("entity_id", "kind")`);
    await q.query(`CREATE INDEX "ix_notifications_mail" ON "notifications" ("mail_id")`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_recipient" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_mail" FOREIGN KEY ("mail_id") REFERENCES "mails"("id") ON DELETE RESTRICT`);

    await q.query(`CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "kind" text NOT NULL, "delivery" text NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      CONSTRAINT "ck_notification_preferences_kind" CHECK (kind IN (${KINDS})),
      CONSTRAINT "ck_notification_preferences_delivery" CHECK (delivery IN ('immediate', 'digest', 'never')),
      CONSTRAINT "pk_notification_preferences" PRIMARY KEY ("user_id", "kind"))`);
    await q.query(
      `ALTER TABLE "notification_preferences" ADD CONSTRAINT "fk_notification_preferences_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    await q.query(`CREATE TRIGGER "notification_preferences_updated_at_by_the_clock" BEFORE UPDATE ON "notification_preferences" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);

    // The notification watch reads the alerts it turns into mails (critical ones unread, overdue work) by age.
    await q.query(`CREATE INDEX "ix_alerts_mail_watch" ON "alerts" ("created_at") WHERE kind IN ('critical_contact', 'referral_overdue', 'task_overdue')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_alerts_mail_watch"`);
    await q.query(`DROP TABLE "notification_preferences"`);
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`DROP TABLE "mails"`);
  }
}
