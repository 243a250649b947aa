import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A flag on a number keeps the number itself, encrypted, beside its keyed hash: when the hash key
 * rotates, `npm run keys:rotate` recomputes the hash from it (flags written before this learn
 * their number from another row with the same hash, on the first rotation).
 */
export class FlaggedNumberEncrypted1797500000000 implements MigrationInterface {
  name = 'FlaggedNumberEncrypted1797500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "person_flags" ADD "phone_encrypted" text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "person_flags" DROP COLUMN "phone_encrypted"`);
  }
}
