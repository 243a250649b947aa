import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'referral_received', 'referral_reminder', 'referral_withdrawn', 'case_assigned', 'task_assigned', 'task_overdue', 'referral_overdue', 'critical_alert_unread'`;
const KINDS_AFTER = `'referral_received', 'referral_reminder', 'referral_withdrawn', 'case_assigned', 'task_assigned', 'task_due_soon', 'task_overdue', 'referral_overdue', 'critical_alert_unread'`;

/**
 * A case's plans (an assessment, a safety plan, a support plan), each with an optional review
 * date that is an open task of the case (`case_tasks.plan_id`, one open task per plan at most).
 * The `task_due_soon` notification kind: the mail that a task (a plan's review among them) falls
 * due soon.
 */
export class CasePlans1797900000000 implements MigrationInterface {
  name = 'CasePlans1797900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "version" integer NOT NULL DEFAULT '1', "case_id" uuid NOT NULL, "kind" text NOT NULL,
      "status" text NOT NULL DEFAULT 'active', "risk_level" text, "details" jsonb NOT NULL DEFAULT '{}', "texts" jsonb NOT NULL DEFAULT '{}', "start_date" date NOT NULL,
      "review_date" date, "planned_end_date" date, "actual_end_date" date, "review_count" integer NOT NULL DEFAULT '0', "last_reviewed_at" TIMESTAMP WITH TIME ZONE,
      "last_reviewed_by_id" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid NOT NULL, "updated_by_id" uuid NOT NULL,
      CONSTRAINT "ck_case_plans_kind" CHECK (kind IN ('assessment', 'safety', 'support')),
      CONSTRAINT "ck_case_plans_status" CHECK (status IN ('active', 'reviewed', 'closed')),
      CONSTRAINT "ck_case_plans_risk_level" CHECK (risk_level IN ('low', 'medium', 'high')),
      CONSTRAINT "PK_case_plans" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_case_plans_case" ON "case_plans" ("case_id", "created_at", "id")`);
    await q.query(
      `ALTER TABLE "case_plans" ADD CONSTRAINT "fk_case_plans_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_plans" ADD CONSTRAINT "fk_case_plans_last_reviewed_by" FOREIGN KEY ("last_reviewed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_plans" ADD CONSTRAINT "fk_case_plans_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_plans" ADD CONSTRAINT "fk_case_plans_updated_by" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE TRIGGER "case_plans_updated_at_by_the_clock" BEFORE UPDATE ON "case_plans" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);

    await q.query(`ALTER TABLE "case_tasks" ADD "plan_id" uuid`);
    await q.query(`CREATE INDEX "ix_case_tasks_plan" ON "case_tasks" ("plan_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_case_tasks_plan_open" ON "case_tasks" ("plan_id") WHERE status = 'open' AND plan_id IS NOT NULL`);
    await q.query(
      `ALTER TABLE "case_tasks" ADD CONSTRAINT "fk_case_tasks_plan" FOREIGN KEY ("plan_id") REFERENCES "case_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK (kind IN (${KINDS_AFTER}))`);
    await q.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "ck_notification_preferences_kind"`);
    await q.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "ck_notification_preferences_kind" CHECK (kind IN (${KINDS_AFTER}))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "notification_preferences" WHERE kind = 'task_due_soon'`);
    await q.query(`DELETE FROM "notifications" WHERE kind = 'task_due_soon'`);
    await q.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "ck_notification_preferences_kind"`);
    await q.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "ck_notification_preferences_kind" CHECK (kind IN (${KINDS_BEFORE}))`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK (kind IN (${KINDS_BEFORE}))`);
    await q.query(`ALTER TABLE "case_tasks" DROP CONSTRAINT "fk_case_tasks_plan"`);
    await q.query(`DROP INDEX "uq_case_tasks_plan_open"`);
    await q.query(`DROP INDEX "ix_case_tasks_plan"`);
    await q.query(`ALTER TABLE "case_tasks" DROP COLUMN "plan_id"`);
    await q.query(`DROP TABLE "case_plans"`);
  }
}
