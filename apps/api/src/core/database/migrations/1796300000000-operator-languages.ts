import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The languages each staff member speaks on calls (menu language codes): a call rings first for those who speak its language. */
export class OperatorLanguages1796300000000 implements MigrationInterface {
  name = 'OperatorLanguages1796300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "languages" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_languages" CHECK (languages <@ ARRAY['ru', 'kk', 'en', 'uz', 'tg', 'ky']::text[])`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_languages"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "languages"`);
  }
}
