import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contacts given their key per statement while the backfill runs: each batch commits on its own. */
const BACKFILL_BATCH = 20_000;

/**
 * Repeat callers (callers with two or more contacts in a period) cannot be added up from daily
 * rollups: the dashboards count them from the period's contacts. Over a year of several
 * offices that is hundreds of thousands of rows, grouped by the caller. `caller_key` is the
 * caller (the anonymised pseudonym, else the keyed hash of the number) as a 64-bit hash,
 * kept by a trigger on every write; a narrow index on (office, time) carries it, so the count
 * reads only that index and sorts 8-byte keys instead of text. Two different callers share
 * a key with a probability of about one in 40 million among a million callers, and a
 * collision changes the count by at most one.
 *
 * Not in one transaction: on a large line the backfill takes minutes (about three per million
 * contacts on a 2-core machine), and a transaction would hold the table's lock from the
 * ALTER TABLE to the end. Here the column and trigger are added at once, existing contacts
 * get their key in committed batches (logging and editing go on), and the index is built
 * concurrently. Every step can run again if the migration is interrupted.
 */
export class ContactCallerKeys1798200000000 implements MigrationInterface {
  name = 'ContactCallerKeys1798200000000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "contacts" ADD COLUMN IF NOT EXISTS "caller_key" bigint`);
    await q.query(`CREATE OR REPLACE FUNCTION mayak_contacts_caller_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.caller_key := hashtextextended(COALESCE(NEW.caller_pseudonym, NEW.phone_hash), 0);
        RETURN NEW;
      END $$`);
    await q.query(`DROP TRIGGER IF EXISTS contacts_caller_key ON "contacts"`);
    await q.query(
      `CREATE TRIGGER contacts_caller_key BEFORE INSERT OR UPDATE OF phone_hash, caller_pseudonym, caller_key ON "contacts" FOR EACH ROW EXECUTE FUNCTION mayak_contacts_caller_key()`,
    );
    // Bounded: every pass gives a key to rows that had none, so the passes needed are the rows over the batch.
    const [{ pending }] = (await q.query(`SELECT count(*)::int AS pending FROM "contacts" WHERE caller_key IS NULL`)) as { pending: number }[];
    for (let pass = 0; pass <= Math.ceil(pending / BACKFILL_BATCH); pass++) {
      const [{ n }] = (await q.query(
        `WITH batch AS (SELECT id FROM "contacts" WHERE caller_key IS NULL AND COALESCE(caller_pseudonym, phone_hash) IS NOT NULL LIMIT ${BACKFILL_BATCH}),
              keyed AS (UPDATE "contacts" k SET caller_key = hashtextextended(COALESCE(k.caller_pseudonym, k.phone_hash), 0) FROM batch WHERE k.id = batch.id RETURNING 1)
         SELECT count(*)::int AS n FROM keyed`,
      )) as { n: number }[];
      if (n === 0) break;
    }
    // An interrupted concurrent build leaves an invalid index behind: built again from the start.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "ix_contacts_office_callers"`);
    await q.query(
      `CREATE INDEX CONCURRENTLY "ix_contacts_office_callers" ON "contacts" (office_id, started_at) INCLUDE (caller_key) WHERE caller_key IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "ix_contacts_office_callers"`);
    await q.query(`DROP TRIGGER IF EXISTS contacts_caller_key ON "contacts"`);
    await q.query(`DROP FUNCTION IF EXISTS mayak_contacts_caller_key()`);
    await q.query(`ALTER TABLE "contacts" DROP COLUMN IF EXISTS "caller_key"`);
  }
}
