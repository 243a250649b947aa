import { judgeUpload, uploadedFileName, type UploadVerdict } from '../common/uploaded-files';

/**
 * Files the hotline sends people from its knowledge base (a leaflet on registration, a map to
 * a shelter): what every channel carries as it is, WhatsApp's limits for documents and images
 * being the tightest that matter.
 */
export const KNOWLEDGE_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type KnowledgeFileType = (typeof KNOWLEDGE_FILE_TYPES)[number];
export const KNOWLEDGE_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const KNOWLEDGE_FILE_NAME_MAX = 120;

export const isKnowledgeFileType = (type: string): type is KnowledgeFileType => (KNOWLEDGE_FILE_TYPES as readonly string[]).includes(type);

export type KnowledgeFileVerdict = UploadVerdict<KnowledgeFileType>;

/** Whether an uploaded file may be sent to people: a PDF, JPEG or PNG whose bytes are what it was declared as. */
export function judgeKnowledgeFile(declaredType: string, head: Uint8Array, sizeBytes: number): KnowledgeFileVerdict {
  return judgeUpload(declaredType, head, sizeBytes, { types: KNOWLEDGE_FILE_TYPES, maxBytes: KNOWLEDGE_FILE_MAX_BYTES });
}

/**
 * The name a file is sent and shown under: the last part of what the uploader called it, without
 * control or path characters, at most 120 characters, ending in its type's extension.
 */
export function knowledgeFileName(given: string, contentType: KnowledgeFileType): string {
  return uploadedFileName(given, contentType, KNOWLEDGE_FILE_NAME_MAX);
}
