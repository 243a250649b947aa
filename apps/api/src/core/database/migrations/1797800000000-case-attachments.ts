import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files case workers keep with a case (scans of documents, photos), sealed in the file store.
 * A removed or erased file keeps its row (who added and removed what); the sweep finds those whose
 * file is still in the store by the partial index.
 */
export class CaseAttachments1797800000000 implements MigrationInterface {
  name = 'CaseAttachments1797800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "case_id" uuid NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "category" text NOT NULL, "description" text,
      "status" text NOT NULL DEFAULT 'kept', "storage_key" text, "uploaded_by_id" uuid NOT NULL, "removed_at" TIMESTAMP WITH TIME ZONE, "removed_by_id" uuid,
      "erased_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_case_attachments_content_type" CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
      CONSTRAINT "ck_case_attachments_category" CHECK (category IN ('identity_document', 'contract_or_job_offer', 'medical', 'evidence_photo', 'correspondence', 'other')),
      CONSTRAINT "ck_case_attachments_status" CHECK (status IN ('kept', 'removed', 'erased')),
      CONSTRAINT "pk_case_attachments" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_case_attachments_case" ON "case_attachments" ("case_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "ix_case_attachments_discarded" ON "case_attachments" ("id") WHERE status <> 'kept' AND storage_key IS NOT NULL`);
    await q.query(
      `ALTER TABLE "case_attachments" ADD CONSTRAINT "fk_case_attachments_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_attachments" ADD CONSTRAINT "fk_case_attachments_uploaded_by" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_attachments" ADD CONSTRAINT "fk_case_attachments_removed_by" FOREIGN KEY ("removed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_attachments"`);
  }
}
