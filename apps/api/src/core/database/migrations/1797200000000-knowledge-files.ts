import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files of knowledge-base articles that operators send to people on the written channels (a
 * leaflet on registration, a map to a shelter), and which message carried which file.
 */
export class KnowledgeFiles1797200000000 implements MigrationInterface {
  name = 'KnowledgeFiles1797200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "knowledge_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "article_id" uuid NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL,
      "size_bytes" integer NOT NULL, "storage_key" text NOT NULL, "share_token" text NOT NULL, "created_by_id" uuid NOT NULL, "removed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_knowledge_files_content_type" CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
      CONSTRAINT "pk_knowledge_files" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_knowledge_files_article" ON "knowledge_files" ("article_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_knowledge_files_offered" ON "knowledge_files" ("created_at", "id") WHERE removed_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_knowledge_files_share_token" ON "knowledge_files" ("share_token")`);
    await q.query(
      `ALTER TABLE "knowledge_files" ADD CONSTRAINT "fk_knowledge_files_article" FOREIGN KEY ("article_id") REFERENCES "knowledge_articles"("id") ON DELETE RESTRICT`,
    );
    await q.query(`CREATE TRIGGER "knowledge_files_updated_at_by_the_clock" BEFORE UPDATE ON "knowledge_files" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);
    await q.query(`ALTER TABLE "conversation_messages" ADD "knowledge_file_id" uuid`);
    await q.query(
      `CREATE INDEX "ix_conversation_messages_knowledge_file" ON "conversation_messages" ("knowledge_file_id") WHERE knowledge_file_id IS NOT NULL`,
    );
    await q.query(
      `ALTER TABLE "conversation_messages" ADD CONSTRAINT "fk_conversation_messages_knowledge_file" FOREIGN KEY ("knowledge_file_id") REFERENCES "knowledge_files"("id") ON DELETE RESTRICT`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation_messages" DROP COLUMN "knowledge_file_id"`);
    await q.query(`DROP TABLE "knowledge_files"`);
  }
}
