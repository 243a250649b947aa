import { LOCALES } from '../common/locales';
import {
  CASE_ATTACHMENT_CATEGORIES,
  CASE_ATTACHMENT_CATEGORY_LABELS,
  CASE_ATTACHMENT_DEFAULT_MAX_BYTES,
  CASE_ATTACHMENT_NAME_MAX,
  caseAttachmentFileName,
  judgeCaseAttachment,
} from './case-attachments';
import { judgeKnowledgeFile } from '../messaging/knowledge-files';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const PDF = bytes('%PDF-1.7');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0]);
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');

describe('judgeCaseAttachment', () => {
  it('takes a PDF, JPEG, PNG or WebP whose bytes are what it was declared as', () => {
    expect(judgeCaseAttachment('application/pdf', PDF, 100)).toEqual({ ok: true, contentType: 'application/pdf' });
    expect(judgeCaseAttachment('image/jpeg; charset=binary', JPEG, 100)).toEqual({ ok: true, contentType: 'image/jpeg' });
    expect(judgeCaseAttachment('IMAGE/PNG', PNG, 100)).toEqual({ ok: true, contentType: 'image/png' });
    expect(judgeCaseAttachment('image/webp', WEBP, 100)).toEqual({ ok: true, contentType: 'image/webp' });
  });

  it('refuses every other type, even ones kept when people send them in messages', () => {
    for (const type of ['image/gif', 'image/svg+xml', 'text/html', 'application/zip', 'application/octet-stream', 'audio/ogg', 'video/mp4', '']) {
      expect(judgeCaseAttachment(type, PDF, 100)).toEqual({ ok: false, reason: 'type_not_allowed' });
    }
  });

  it('refuses bytes that are not what the file was declared as', () => {
    expect(judgeCaseAttachment('application/pdf', JPEG, 100)).toEqual({ ok: false, reason: 'type_mismatch' });
    expect(judgeCaseAttachment('image/png', bytes('<html><script>'), 100)).toEqual({ ok: false, reason: 'type_mismatch' });
    // A RIFF file that is not a WebP picture (a WAV recording).
    expect(judgeCaseAttachment('image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 100)).toEqual({ ok: false, reason: 'type_mismatch' });
  });

  it('refuses an empty file and one over the limit, and takes one at the limit', () => {
    expect(judgeCaseAttachment('application/pdf', PDF, 0)).toEqual({ ok: false, reason: 'empty' });
    expect(judgeCaseAttachment('application/pdf', PDF, CASE_ATTACHMENT_DEFAULT_MAX_BYTES + 1)).toEqual({ ok: false, reason: 'too_large' });
    expect(judgeCaseAttachment('application/pdf', PDF, CASE_ATTACHMENT_DEFAULT_MAX_BYTES).ok).toBe(true);
  });

  it('holds a file to the installation’s own limit when it has one', () => {
    expect(judgeCaseAttachment('image/png', PNG, 2 * 1024 * 1024, 1024 * 1024)).toEqual({ ok: false, reason: 'too_large' });
    expect(judgeCaseAttachment('image/png', PNG, 20 * 1024 * 1024, 25 * 1024 * 1024).ok).toBe(true);
  });

  it('judges by the same sniffing as the knowledge base’s files, which still take no WebP', () => {
    expect(judgeKnowledgeFile('image/webp', WEBP, 100)).toEqual({ ok: false, reason: 'type_not_allowed' });
    expect(judgeKnowledgeFile('application/pdf', JPEG, 100)).toEqual(judgeCaseAttachment('application/pdf', JPEG, 100));
  });
});

describe('caseAttachmentFileName', () => {
  it('keeps a plain name and gives it the extension of what it is', () => {
    expect(caseAttachmentFileName('Паспорт — скан.pdf', 'application/pdf')).toBe('Паспорт — скан.pdf');
    expect(caseAttachmentFileName('photo.JPEG', 'image/jpeg')).toBe('photo.jpg');
    expect(caseAttachmentFileName('место.webp', 'image/webp')).toBe('место.webp');
    expect(caseAttachmentFileName('contract.pdf', 'image/png')).toBe('contract.pdf.png');
  });

  it('drops directories, control characters, direction overrides and leading dots', () => {
    expect(caseAttachmentFileName('C:\\Users\\cw\\..\\secret/договор.pdf', 'application/pdf')).toBe('договор.pdf');
    expect(caseAttachmentFileName('a\u0000b\nc\u202Egnp.exe', 'image/png')).toBe('abcgnp.exe.png');
    expect(caseAttachmentFileName('..hidden', 'application/pdf')).toBe('hidden.pdf');
    expect(caseAttachmentFileName('', 'image/webp')).toBe('file.webp');
  });

  it('never exceeds the length limit, counting characters not bytes', () => {
    const name = caseAttachmentFileName(`${'ж'.repeat(500)}.pdf`, 'application/pdf');
    expect([...name]).toHaveLength(CASE_ATTACHMENT_NAME_MAX);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('case attachment categories', () => {
  it('are named in every console language', () => {
    for (const locale of LOCALES) expect(Object.keys(CASE_ATTACHMENT_CATEGORY_LABELS[locale]).sort()).toEqual([...CASE_ATTACHMENT_CATEGORIES].sort());
  });
});
