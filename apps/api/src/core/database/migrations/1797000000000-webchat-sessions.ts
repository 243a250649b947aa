import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Web chat: a visitor of the hotline's website opens a session (a random token the widget
 * keeps in memory only; here only its hash), writes, and reads the line's answers. Anonymous:
 * no address, no cookie; a number only if the visitor gives one.
 */
export class WebchatSessions1797000000000 implements MigrationInterface {
  name = 'WebchatSessions1797000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webchat_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "token_hash" text NOT NULL, "office_id" uuid NOT NULL, "language" text NOT NULL, "conversation_id" uuid,
      "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_webchat_sessions_language" CHECK (language IN ('ru', 'kk', 'en', 'uz', 'tg', 'ky')),
      CONSTRAINT "pk_webchat_sessions" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_webchat_sessions_token_hash" ON "webchat_sessions" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_webchat_sessions_conversation" ON "webchat_sessions" ("conversation_id")`);
    await q.query(
      `ALTER TABLE "webchat_sessions" ADD CONSTRAINT "fk_webchat_sessions_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT`,
    );
    await q.query(
      `ALTER TABLE "webchat_sessions" ADD CONSTRAINT "fk_webchat_sessions_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE SET NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webchat_sessions"`);
  }
}
