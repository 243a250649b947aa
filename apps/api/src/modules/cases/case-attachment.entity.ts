import type { CaseAttachmentCategory, CaseAttachmentType } from '@mayak/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';
import { Case } from './case.entity';

/**
 * `kept`: on the case, its file sealed in the store. `removed`: taken off the case by one who
 * manages it; `erased`: its case's period ran out (retention). The row stays either way (who added
 * and removed what, for the audit trail); its file is deleted from the store, and `storage_key` is
 * cleared once it is gone.
 */
export type CaseAttachmentStatus = 'kept' | 'removed' | 'erased';

/** A file a case worker keeps with a case (a scan, a photo): checked by its bytes, sealed in the file store. */
@Entity('case_attachments')
@Index('ix_case_attachments_case', ['caseId', 'createdAt', 'id'])
@Index('ix_case_attachments_discarded', ['id'], { where: `status <> 'kept' AND storage_key IS NOT NULL` })
@Check('ck_case_attachments_content_type', `content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')`)
@Check('ck_case_attachments_category', `category IN ('identity_document', 'contract_or_job_offer', 'medical', 'evidence_photo', 'correspondence', 'other')`)
@Check('ck_case_attachments_status', `status IN ('kept', 'removed', 'erased')`)
export class CaseAttachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_case_attachments' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_attachments_case' })
  case?: Relation<Case>;

  /** What it is shown and downloaded as (cleaned by libs/domain). Free text like a case's notes: blanked by retention. */
  @Column({ type: 'text' })
  fileName!: string;

  @Column({ type: 'text' })
  contentType!: CaseAttachmentType;

  @Column({ type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'text' })
  category!: CaseAttachmentCategory;

  /** A few words on what it shows, like a note (blanked by retention). */
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', default: 'kept' })
  status!: CaseAttachmentStatus;

  /** `case-attachments/<id>` while its sealed file is (or may still be) in the store. */
  @Column({ type: 'text', nullable: true })
  storageKey!: string | null;

  @Column({ type: 'uuid' })
  uploadedById!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_id', foreignKeyConstraintName: 'fk_case_attachments_uploaded_by' })
  uploadedBy?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  removedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'removed_by_id', foreignKeyConstraintName: 'fk_case_attachments_removed_by' })
  removedBy?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;
}
