import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Phone prompts recorded and uploaded by administrators, one per kind and menu language (no personal data: played to callers). */
export class RecordedPrompts1796600000000 implements MigrationInterface {
  name = 'RecordedPrompts1796600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "telephony_prompts" ("kind" text NOT NULL, "language" text NOT NULL, "content_type" text NOT NULL, "audio" bytea NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "updated_by_id" uuid,
      CONSTRAINT "ck_telephony_prompts_language" CHECK (language IN ('ru', 'kk', 'en', 'uz', 'tg', 'ky')),
      CONSTRAINT "pk_telephony_prompts" PRIMARY KEY ("kind", "language"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "telephony_prompts"`);
  }
}
