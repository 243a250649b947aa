import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit seals become HMAC-SHA-256 under AUDIT_CHAIN_KEY, a key the database does not hold; each
 * seal names its key so that keys can rotate. Seals made before (plain SHA-256) keep a NULL key
 * id and stay verifiable as the chain's first stretch only. Adding a nullable column rewrites no
 * row, so the append-only triggers are not involved.
 */
export class KeyedAuditChain1797300000000 implements MigrationInterface {
  name = 'KeyedAuditChain1797300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_seals" ADD "key_id" text`);
  }

  /** Keyed seals would then read as plain SHA-256 ones and fail verification: for development only. */
  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_seals" DROP COLUMN "key_id"`);
  }
}
