import type { Response } from 'express';

/** RFC 6266: an ASCII fallback and the real (often Cyrillic) name. */
export function contentDispositionOf(disposition: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Answers with a stored file as it is. Whatever it holds runs nothing on the console's origin
 * (a sandbox without scripts, no type sniffing). Like every API answer it is `no-store` (configure-app).
 */
export function sendStoredFile(res: Response, file: { contentType: string; fileName: string; bytes: Buffer; disposition: 'inline' | 'attachment' }): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.bytes.length));
  res.setHeader('Content-Disposition', contentDispositionOf(file.disposition, file.fileName));
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(file.bytes);
}
