/** The largest file Mayak keeps from a message (WhatsApp's own media limit; Telegram bots may download 20 MB). */
export const ATTACHMENT_MAX_BYTES = 16 * 1024 * 1024;

const OFFICE_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
]);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/**
 * What a file is by its first bytes, never by what the sender called it: the kinds people send
 * to a hotline (photos, scans, documents, voice notes, short videos, contact cards). Null for
 * anything else, which is not kept.
 */
export function sniffContentType(head: Uint8Array): string | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(head, ascii('OggS'))) return 'audio/ogg';
  if (startsWith(head, ascii('ID3')) || (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (startsWith(head, ascii('#!AMR'))) return 'audio/amr';
  if (startsWith(head, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...head.slice(8, 12));
    if (brand.startsWith('M4A')) return 'audio/mp4';
    if (brand.startsWith('3gp')) return 'video/3gpp';
    if (brand === 'qt  ') return 'video/quicktime';
    return 'video/mp4';
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  const text = String.fromCharCode(...head.slice(0, 11)).toUpperCase();
  if (text.startsWith('BEGIN:VCARD')) return 'text/vcard';
  return null;
}

export type AttachmentVerdict = { keep: true; contentType: string } | { keep: false; reason: 'too_large' | 'empty' | 'type_not_allowed' };

/**
 * Whether to keep a file, and as what. A ZIP container is kept only as the office document it
 * says it is (a .docx is a ZIP); everything else goes by its bytes, whatever it was declared as.
 */
export function judgeAttachment(declaredType: string, head: Uint8Array, sizeBytes: number): AttachmentVerdict {
  if (sizeBytes <= 0) return { keep: false, reason: 'empty' };
  if (sizeBytes > ATTACHMENT_MAX_BYTES) return { keep: false, reason: 'too_large' };
  const sniffed = sniffContentType(head);
  if (!sniffed) return { keep: false, reason: 'type_not_allowed' };
  if (sniffed === 'application/zip') {
    const declared = declaredType.toLowerCase().split(';')[0].trim();
    return OFFICE_TYPES.has(declared) ? { keep: true, contentType: declared } : { keep: false, reason: 'type_not_allowed' };
  }
  return { keep: true, contentType: sniffed };
}

/** Shown in the browser (an image, a PDF, audio, video); anything else is downloaded. */
export function opensInline(contentType: string): boolean {
  return /^(image\/(jpeg|png|gif|webp)|application\/pdf|audio\/|video\/)/.test(contentType);
}
