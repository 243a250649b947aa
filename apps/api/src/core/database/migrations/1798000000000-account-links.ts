import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations and password resets: an account may exist before its person has chosen a password
 * (no hash yet, so no sign-in), and a link (only its token's hash kept here) lets them choose one
 * once. `password_set_at` tells an invited account from one in use.
 */
export class AccountLinks1798000000000 implements MigrationInterface {
  name = 'AccountLinks1798000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await q.query(`ALTER TABLE "users" ADD "password_set_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "users" SET "password_set_at" = "created_at" WHERE "password_hash" IS NOT NULL`);
    await q.query(`CREATE TABLE "account_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "version" integer NOT NULL DEFAULT '1', "user_id" uuid NOT NULL, "purpose" text NOT NULL,
      "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid,
      CONSTRAINT "ck_account_links_purpose" CHECK (purpose IN ('invitation', 'password_reset')),
      CONSTRAINT "PK_account_links" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_account_links_token" ON "account_links" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_account_links_user_open" ON "account_links" ("user_id", "purpose") WHERE used_at IS NULL AND revoked_at IS NULL`);
    await q.query(
      `ALTER TABLE "account_links" ADD CONSTRAINT "fk_account_links_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "account_links" ADD CONSTRAINT "fk_account_links_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE TRIGGER "account_links_updated_at_by_the_clock" BEFORE UPDATE ON "account_links" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "account_links"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "password_set_at"`);
    await q.query(`DELETE FROM "users" WHERE "password_hash" IS NULL`);
    await q.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
  }
}
