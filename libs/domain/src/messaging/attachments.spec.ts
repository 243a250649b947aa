import { ATTACHMENT_MAX_BYTES, judgeAttachment, opensInline, sniffContentType } from './attachments';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffContentType', () => {
  it.each([
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['image/gif', bytes('GIF89a')],
    ['image/webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['application/pdf', bytes('%PDF-1.7')],
    ['audio/ogg', bytes('OggS', [0, 2])],
    ['audio/mpeg', bytes('ID3', [4, 0])],
    ['audio/mpeg', bytes([0xff, 0xfb, 0x90])],
    ['audio/amr', bytes('#!AMR\n')],
    ['video/mp4', bytes([0, 0, 0, 0x18], 'ftypisom')],
    ['video/3gpp', bytes([0, 0, 0, 0x18], 'ftyp3gp4')],
    ['audio/mp4', bytes([0, 0, 0, 0x18], 'ftypM4A ')],
    ['application/zip', bytes([0x50, 0x4b, 0x03, 0x04])],
    ['text/vcard', bytes('begin:vcard\r\nVERSION:3.0')],
  ])('recognises %s', (type, head) => {
    expect(sniffContentType(head)).toBe(type);
  });

  it('does not recognise scripts, executables, HTML or plain text', () => {
    for (const head of [
      bytes('<html><script>'),
      bytes('MZ', [0x90, 0]),
      bytes([0x7f], 'ELF'),
      bytes('#!/bin/sh'),
      bytes('hello'),
      bytes('<?xml version="1.0"?><svg'),
    ]) {
      expect(sniffContentType(head)).toBeNull();
    }
    expect(sniffContentType(new Uint8Array())).toBeNull();
  });
});

describe('judgeAttachment', () => {
  it('keeps a file as what its bytes are, whatever it was called', () => {
    expect(judgeAttachment('image/jpeg', bytes('%PDF-1.4'), 1000)).toEqual({ keep: true, contentType: 'application/pdf' });
    expect(judgeAttachment('application/octet-stream', bytes([0xff, 0xd8, 0xff]), 1000)).toEqual({ keep: true, contentType: 'image/jpeg' });
  });

  it('keeps a ZIP only as the office document it declares itself to be', () => {
    const zip = bytes([0x50, 0x4b, 0x03, 0x04]);
    expect(judgeAttachment('application/vnd.openxmlformats-officedocument.wordprocessingml.document', zip, 5000)).toEqual({
      keep: true,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(judgeAttachment('application/zip', zip, 5000)).toEqual({ keep: false, reason: 'type_not_allowed' });
  });

  it('refuses what is empty, too large or of a kind it does not keep', () => {
    expect(judgeAttachment('image/jpeg', bytes([0xff, 0xd8, 0xff]), 0)).toEqual({ keep: false, reason: 'empty' });
    expect(judgeAttachment('image/jpeg', bytes([0xff, 0xd8, 0xff]), ATTACHMENT_MAX_BYTES + 1)).toEqual({ keep: false, reason: 'too_large' });
    expect(judgeAttachment('image/jpeg', bytes([0xff, 0xd8, 0xff]), ATTACHMENT_MAX_BYTES)).toMatchObject({ keep: true });
    expect(judgeAttachment('text/html', bytes('<html>'), 10)).toEqual({ keep: false, reason: 'type_not_allowed' });
  });
});

describe('opensInline', () => {
  it('shows pictures, PDFs, audio and video, and downloads the rest', () => {
    expect(['image/jpeg', 'image/webp', 'application/pdf', 'audio/ogg', 'video/mp4'].map(opensInline)).toEqual([true, true, true, true, true]);
    expect(['text/vcard', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'].map(opensInline)).toEqual([false, false]);
  });
});
