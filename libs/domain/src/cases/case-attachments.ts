import type { CodeLabels } from '../codes/types';
import { judgeUpload, uploadedFileName, type UploadVerdict } from '../common/uploaded-files';

/**
 * Files a case worker keeps with a case: scans of a passport or a contract, a photo of where
 * someone was held, a medical certificate. Documents and pictures only, which every browser shows
 * without running anything (checked by their bytes, like every file Mayak keeps).
 */
export const CASE_ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type CaseAttachmentType = (typeof CASE_ATTACHMENT_TYPES)[number];

/** The largest file unless the installation says otherwise (CASE_ATTACHMENT_MAX_MB). */
export const CASE_ATTACHMENT_DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** What CASE_ATTACHMENT_MAX_MB may raise it to: uploads are held in memory while they are checked and sealed. */
export const CASE_ATTACHMENT_MAX_MB_LIMIT = 50;
export const CASE_ATTACHMENT_NAME_MAX = 120;
export const CASE_ATTACHMENT_DESCRIPTION_MAX = 500;

/** What a file is to the case. Our own list: values are snake_case and stored as they are. */
export const CASE_ATTACHMENT_CATEGORIES = ['identity_document', 'contract_or_job_offer', 'medical', 'evidence_photo', 'correspondence', 'other'] as const;
export type CaseAttachmentCategory = (typeof CASE_ATTACHMENT_CATEGORIES)[number];

export const CASE_ATTACHMENT_CATEGORY_LABELS: CodeLabels<CaseAttachmentCategory> = {
  ru: {
    identity_document: 'Документ, удостоверяющий личность',
    contract_or_job_offer: 'Договор или предложение о работе',
    medical: 'Медицинский документ',
    evidence_photo: 'Фото (доказательство)',
    correspondence: 'Переписка',
    other: 'Другое',
  },
  kk: {
    identity_document: 'Жеке басты куәландыратын құжат',
    contract_or_job_offer: 'Шарт немесе жұмыс ұсынысы',
    medical: 'Медициналық құжат',
    evidence_photo: 'Фото (дәлел)',
    correspondence: 'Хат алмасу',
    other: 'Басқа',
  },
  en: {
    identity_document: 'Identity document',
    contract_or_job_offer: 'Contract or job offer',
    medical: 'Medical document',
    evidence_photo: 'Photo (evidence)',
    correspondence: 'Correspondence',
    other: 'Other',
  },
};

export const isCaseAttachmentType = (type: string): type is CaseAttachmentType => (CASE_ATTACHMENT_TYPES as readonly string[]).includes(type);

export type CaseAttachmentVerdict = UploadVerdict<CaseAttachmentType>;

/**
 * Whether a file may be kept with a case: a PDF, JPEG, PNG or WebP picture, not empty, at most
 * `maxBytes`, whose bytes are what it was declared as.
 */
export function judgeCaseAttachment(
  declaredType: string,
  head: Uint8Array,
  sizeBytes: number,
  maxBytes = CASE_ATTACHMENT_DEFAULT_MAX_BYTES,
): CaseAttachmentVerdict {
  return judgeUpload(declaredType, head, sizeBytes, { types: CASE_ATTACHMENT_TYPES, maxBytes });
}

/** The name a case's file is shown and downloaded under (see uploadedFileName). */
export function caseAttachmentFileName(given: string, contentType: CaseAttachmentType): string {
  return uploadedFileName(given, contentType, CASE_ATTACHMENT_NAME_MAX);
}
