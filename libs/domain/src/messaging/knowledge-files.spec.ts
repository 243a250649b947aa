import { KNOWLEDGE_FILE_MAX_BYTES, KNOWLEDGE_FILE_NAME_MAX, judgeKnowledgeFile, knowledgeFileName } from './knowledge-files';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const PDF = bytes('%PDF-1.7');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0]);
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('judgeKnowledgeFile', () => {
  it('takes a PDF, JPEG or PNG whose bytes are what it was declared as', () => {
    expect(judgeKnowledgeFile('application/pdf', PDF, 100)).toEqual({ ok: true, contentType: 'application/pdf' });
    expect(judgeKnowledgeFile('image/jpeg; charset=binary', JPEG, 100)).toEqual({ ok: true, contentType: 'image/jpeg' });
    expect(judgeKnowledgeFile('IMAGE/PNG', PNG, 100)).toEqual({ ok: true, contentType: 'image/png' });
  });

  it('refuses other types, even ones kept when people send them', () => {
    for (const type of ['image/gif', 'image/svg+xml', 'text/html', 'application/zip', 'audio/ogg', '']) {
      expect(judgeKnowledgeFile(type, PDF, 100)).toEqual({ ok: false, reason: 'type_not_allowed' });
    }
  });

  it('refuses bytes that are not what the file was declared as', () => {
    expect(judgeKnowledgeFile('application/pdf', JPEG, 100)).toEqual({ ok: false, reason: 'type_mismatch' });
    expect(judgeKnowledgeFile('image/png', bytes('<html>'), 100)).toEqual({ ok: false, reason: 'type_mismatch' });
  });

  it('refuses empty files and files over the limit, and takes one at the limit', () => {
    expect(judgeKnowledgeFile('application/pdf', PDF, 0)).toEqual({ ok: false, reason: 'empty' });
    expect(judgeKnowledgeFile('application/pdf', PDF, KNOWLEDGE_FILE_MAX_BYTES + 1)).toEqual({ ok: false, reason: 'too_large' });
    expect(judgeKnowledgeFile('application/pdf', PDF, KNOWLEDGE_FILE_MAX_BYTES).ok).toBe(true);
  });
});

describe('knowledgeFileName', () => {
  it('keeps a plain name and its extension', () => {
    expect(knowledgeFileName('Памятка мигранту.pdf', 'application/pdf')).toBe('Памятка мигранту.pdf');
    expect(knowledgeFileName('map.JPEG', 'image/jpeg')).toBe('map.jpg');
  });

  it('adds the extension of the type, whatever the name said', () => {
    expect(knowledgeFileName('leaflet', 'application/pdf')).toBe('leaflet.pdf');
    expect(knowledgeFileName('leaflet.exe', 'image/png')).toBe('leaflet.exe.png');
  });

  it('drops directories, control characters, direction overrides and leading dots', () => {
    expect(knowledgeFileName('C:\\Users\\op\\..\\secret/info.pdf', 'application/pdf')).toBe('info.pdf');
    expect(knowledgeFileName('a\u0000b\nc\u202Efdp.exe', 'application/pdf')).toBe('abcfdp.exe.pdf');
    expect(knowledgeFileName('...hidden', 'application/pdf')).toBe('hidden.pdf');
  });

  it('names a file with nothing usable left "file"', () => {
    expect(knowledgeFileName('', 'application/pdf')).toBe('file.pdf');
    expect(knowledgeFileName('/\\', 'image/png')).toBe('file.png');
  });

  it('never exceeds the length limit, counting characters not bytes', () => {
    const name = knowledgeFileName(`${'ж'.repeat(500)}.pdf`, 'application/pdf');
    expect([...name]).toHaveLength(KNOWLEDGE_FILE_NAME_MAX);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
