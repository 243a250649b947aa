import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases that move between offices: a request by the office that has the case, answered by the
 * office asked to take it. At most one request per case waits at a time; receiving supervisors
 * list what waits for their office, and a case's page lists its transfers.
 */
export class CaseTransfers1797700000000 implements MigrationInterface {
  name = 'CaseTransfers1797700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_transfers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "version" integer NOT NULL DEFAULT '1', "case_id" uuid NOT NULL, "from_office_id" uuid NOT NULL,
      "to_office_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "reason" text NOT NULL, "requested_by_id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decline_reason" text, "assignee_id" uuid,
      CONSTRAINT "ck_case_transfers_offices" CHECK (from_office_id <> to_office_id),
      CONSTRAINT "ck_case_transfers_status" CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
      CONSTRAINT "PK_1b05e065aff76261de201856b14" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_case_transfers_case" ON "case_transfers" ("case_id", "requested_at")`);
    await q.query(`CREATE INDEX "ix_case_transfers_incoming" ON "case_transfers" ("to_office_id", "requested_at", "id") WHERE status = 'pending'`);
    await q.query(`CREATE UNIQUE INDEX "uq_case_transfers_pending" ON "case_transfers" ("case_id") WHERE status = 'pending'`);
    await q.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "fk_case_transfers_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "fk_case_transfers_from_office" FOREIGN KEY ("from_office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "fk_case_transfers_to_office" FOREIGN KEY ("to_office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "fk_case_transfers_requested_by" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "fk_case_transfers_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "fk_case_transfers_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE TRIGGER "case_transfers_updated_at_by_the_clock" BEFORE UPDATE ON "case_transfers" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_transfers"`);
  }
}
