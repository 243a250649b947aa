import { CASE_ATTACHMENT_TYPES, type CaseAttachmentCategory } from '@mayak/domain';
import { problemCode } from '@web/modules/api/errors';
import type { CaseAttachmentUpload } from '../hooks/use-case-attachments';

/** What the file picker offers: the types the API keeps, by type and by extension (phones often go by the extension). */
export const ACCEPT = [...CASE_ATTACHMENT_TYPES, '.pdf', '.jpg', '.jpeg', '.png', '.webp'].join(',');

/** Refusals about the file itself: shown beside the file field rather than above the form. */
const FILE_PROBLEMS: Record<string, string> = {
  payload_too_large: 'caseAttachments.tooLarge',
  unsupported_media_type: 'caseAttachments.typeNotAllowed',
  file_rejected: 'caseAttachments.rejected',
};

export interface UploadValues {
  file: File | null;
  category: CaseAttachmentCategory | '';
  description: string;
}

/** The message key for an upload refused because of the file itself, if it was. */
export function fileProblemKey(error: unknown): string | undefined {
  return FILE_PROBLEMS[problemCode(error) ?? ''];
}

/** What is wrong with the chosen file before it is sent: none chosen, or larger than the API takes (null: not known yet). */
export function fileCheck(file: Pick<File, 'size'> | null, maxBytes: number | null): 'missing' | 'tooLarge' | null {
  if (!file) return 'missing';
  if (maxBytes !== null && file.size > maxBytes) return 'tooLarge';
  return null;
}

/** The upload as the API takes it (a blank description is left out), or null while the file or category is missing. */
export function uploadOf(values: UploadValues): CaseAttachmentUpload | null {
  if (!values.file || !values.category) return null;
  return { file: values.file, category: values.category, description: values.description.trim() || undefined };
}
