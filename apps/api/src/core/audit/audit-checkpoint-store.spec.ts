import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { AuditCheckpointStore, readLastLine } from './audit-checkpoint-store';

describe('AuditCheckpointStore', () => {
  let dir: string;
  let store: AuditCheckpointStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mayak-store-'));
    store = new AuditCheckpointStore({ auditChain: { checkpointDir: join(dir, 'checkpoints') } } as AppConfig);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one line per checkpoint to a file of the database, creating the directory, and reads the last one back', async () => {
    expect(await store.latest('mayak')).toBeNull();
    const path = await store.append('mayak', '{"n":1}');
    expect(path).toBe(join(dir, 'checkpoints', 'mayak.jsonl'));
    await store.append('mayak', '{"n":2}');
    await store.append('other', '{"n":3}');
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(await store.latest('mayak')).toBe('{"n":2}');
    expect(store.fileFor('a/../b c')).toBe(join(dir, 'checkpoints', 'a_.._b_c.jsonl'));
  });

  it('starts a new line after a line cut short, and reads only the end of a long file', async () => {
    const path = store.fileFor('mayak');
    await store.append('mayak', '{"n":1}');
    writeFileSync(path, `${'{"filler":true}\n'.repeat(5_000)}{"cut`, { flag: 'w' });
    await store.append('mayak', '{"n":2}');
    expect(readFileSync(path, 'utf8').endsWith('{"cut\n{"n":2}\n')).toBe(true);
    expect(await readLastLine(path)).toBe('{"n":2}');
  });
});
