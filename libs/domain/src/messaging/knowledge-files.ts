import { sniffContentType } from './attachments';

/**
 * Files the hotline sends people from its knowledge base (a leaflet on registration, a map to
 * a shelter): what every channel carries as it is, WhatsApp's limits for documents and images
 * being the tightest that matter.
 */
export const KNOWLEDGE_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type KnowledgeFileType = (typeof KNOWLEDGE_FILE_TYPES)[number];
export const KNOWLEDGE_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const KNOWLEDGE_FILE_NAME_MAX = 120;

const EXTENSIONS: Record<KnowledgeFileType, string> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png' };

export const isKnowledgeFileType = (type: string): type is KnowledgeFileType => (KNOWLEDGE_FILE_TYPES as readonly string[]).includes(type);

export type KnowledgeFileVerdict =
  | { ok: true; contentType: KnowledgeFileType }
  | { ok: false; reason: 'empty' | 'too_large' | 'type_not_allowed' | 'type_mismatch' };

/** Whether an uploaded file may be sent to people: a PDF, JPEG or PNG whose bytes are what it was declared as. */
export function judgeKnowledgeFile(declaredType: string, head: Uint8Array, sizeBytes: number): KnowledgeFileVerdict {
  const declared = declaredType.toLowerCase().split(';')[0].trim();
  if (!isKnowledgeFileType(declared)) return { ok: false, reason: 'type_not_allowed' };
  if (sizeBytes <= 0) return { ok: false, reason: 'empty' };
  if (sizeBytes > KNOWLEDGE_FILE_MAX_BYTES) return { ok: false, reason: 'too_large' };
  if (sniffContentType(head) !== declared) return { ok: false, reason: 'type_mismatch' };
  return { ok: true, contentType: declared };
}

/**
 * The name a file is sent and shown under: the last part of what the uploader called it, without
 * control or path characters, at most 120 characters, ending in its type's extension.
 */
export function knowledgeFileName(given: string, contentType: KnowledgeFileType): string {
  const extension = EXTENSIONS[contentType];
  const base = (given.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stem = base.toLowerCase().endsWith(extension) || (contentType === 'image/jpeg' && base.toLowerCase().endsWith('.jpeg'))
    ? base.slice(0, base.lastIndexOf('.'))
    : base;
  const kept = [...stem].slice(0, KNOWLEDGE_FILE_NAME_MAX - extension.length).join('').trim();
  return `${kept || 'file'}${extension}`;
}
