import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offices, users and their offices, sessions, second-factor recovery codes, and the
 * append-only, hash-chained audit log.
 */
export class Foundation1795000000000 implements MigrationInterface {
  name = 'Foundation1795000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "tx_id" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_user_id" uuid, "actor_email" text, "action" text NOT NULL, "entity_type" text, "entity_id" text, "office_id" uuid, "ip" text, "user_agent" text, "request_id" text, "summary" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_audit_log_actor" ON "audit_log"  ("actor_user_id", "occurred_at") `);
    await q.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log"  ("entity_type", "entity_id") `);
    await q.query(`CREATE INDEX "ix_audit_log_occurred_at" ON "audit_log"  ("occurred_at") `);
    await q.query(`CREATE INDEX "ix_audit_log_tx_order" ON "audit_log"  ("tx_id", "id") `);
    await q.query(
      `CREATE TABLE "audit_seals" ("position" bigint NOT NULL, "audit_id" bigint NOT NULL, "audit_tx_id" bigint NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e732a5b0b002234822cdf7725a9" UNIQUE ("audit_id"), CONSTRAINT "PK_2aa95f8d9d4716f0001ed5b5b77" PRIMARY KEY ("position"))`,
    );
    await q.query(
      `CREATE TABLE "offices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" text NOT NULL, "code" text NOT NULL, "timezone" text NOT NULL DEFAULT 'Asia/Almaty', "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_1ea41502c6dddcec44ad9fcbbb3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_offices_code" ON "offices"  ("code") `);
    await q.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL, "locale" text NOT NULL DEFAULT 'ru', "active" boolean NOT NULL DEFAULT true, "mfa_secret_encrypted" text, "mfa_enrolled_at" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
    await q.query(
      `CREATE TABLE "mfa_recovery_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0076416b1b84361afc3371ba121" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_mfa_recovery_codes_user_id" ON "mfa_recovery_codes"  ("user_id") `);
    await q.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" bytea NOT NULL, "user_id" uuid NOT NULL, "state" text NOT NULL, "csrf_token" text NOT NULL, "pending_mfa_secret_encrypted" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "ip" text, "user_agent" text, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_sessions_token_hash" ON "sessions"  ("token_hash") `);
    await q.query(`CREATE INDEX "ix_sessions_user_id" ON "sessions"  ("user_id") `);
    await q.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions"  ("expires_at") `);
    await q.query(
      `CREATE TABLE "user_offices" ("user_id" uuid NOT NULL, "office_id" uuid NOT NULL, CONSTRAINT "PK_415597415f2278f7ff52f40302a" PRIMARY KEY ("user_id", "office_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_879345ee07ab82248af85b16fa" ON "user_offices"  ("user_id") `);
    await q.query(`CREATE INDEX "IDX_0607ff2eb3db5df6c7035d5946" ON "user_offices"  ("office_id") `);
    await q.query(
      `ALTER TABLE "mfa_recovery_codes" ADD CONSTRAINT "fk_mfa_recovery_codes_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "fk_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "user_offices" ADD CONSTRAINT "fk_user_offices_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "user_offices" ADD CONSTRAINT "fk_user_offices_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );

    // Office names are unique whatever their case.
    await q.query(`CREATE UNIQUE INDEX "uq_offices_name_lower" ON "offices" (lower("name"))`);

    // The audit log and its seals are append-only: the database itself refuses changes.
    await q.query(`
      CREATE FUNCTION mayak_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit records are append-only (% on %)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // The inserting transaction's id orders the chain (see AuditSealer); the database sets it.
    await q.query(`
      CREATE FUNCTION mayak_audit_set_tx_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.tx_id := pg_current_xact_id()::text::bigint;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_set_tx_id BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION mayak_audit_set_tx_id()`);
    for (const table of ['audit_log', 'audit_seals']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION mayak_refuse_audit_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION mayak_refuse_audit_change()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "user_offices"`);
    await q.query(`DROP TABLE "mfa_recovery_codes"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP TABLE "audit_seals"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`DROP TABLE "offices"`);
    await q.query(`DROP FUNCTION mayak_refuse_audit_change()`);
    await q.query(`DROP FUNCTION mayak_audit_set_tx_id()`);
  }
}
