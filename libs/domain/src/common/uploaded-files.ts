import { sniffContentType } from '../messaging/attachments';

/**
 * Files staff upload (a leaflet for the knowledge base, a scan for a case): taken only as one of
 * a few types, declared by the sender and confirmed by the file's own first bytes.
 */
export type UploadVerdict<T extends string> = { ok: true; contentType: T } | { ok: false; reason: UploadRefusal };

export type UploadRefusal = 'empty' | 'too_large' | 'type_not_allowed' | 'type_mismatch';

/** The extensions of the types staff may upload, the one a cleaned name ends in first. */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
};

/** The media type of a Content-Type header, without its parameters, in lower case. */
const mediaTypeOf = (declaredType: string): string => declaredType.toLowerCase().split(';')[0].trim();

/**
 * Whether an upload is one of `types`, not empty, at most `maxBytes`, and its bytes are what it
 * was declared as (`head`: its first bytes; 32 are enough for every type here).
 */
export function judgeUpload<T extends string>(
  declaredType: string,
  head: Uint8Array,
  sizeBytes: number,
  rule: { types: readonly T[]; maxBytes: number },
): UploadVerdict<T> {
  const declared = mediaTypeOf(declaredType);
  if (!(rule.types as readonly string[]).includes(declared)) return { ok: false, reason: 'type_not_allowed' };
  if (sizeBytes <= 0) return { ok: false, reason: 'empty' };
  if (sizeBytes > rule.maxBytes) return { ok: false, reason: 'too_large' };
  if (sniffContentType(head) !== declared) return { ok: false, reason: 'type_mismatch' };
  return { ok: true, contentType: declared as T };
}

/**
 * The name an uploaded file is shown under: the last part of what the uploader called it, without
 * control, path or text-direction characters, at most `maxLength` characters (not bytes), ending
 * in its type's extension.
 */
export function uploadedFileName(given: string, contentType: string, maxLength: number): string {
  const [extension, ...alternatives] = EXTENSIONS[contentType] ?? ['.bin'];
  const base = (given.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const lower = base.toLowerCase();
  const stem = [extension, ...alternatives].some((e) => lower.endsWith(e)) ? base.slice(0, base.lastIndexOf('.')) : base;
  const kept = [...stem]
    .slice(0, maxLength - extension.length)
    .join('')
    .trim();
  return `${kept || 'file'}${extension}`;
}
