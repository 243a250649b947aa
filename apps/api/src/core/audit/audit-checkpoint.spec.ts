import { checkpointLine, makeCheckpoint, readCheckpoint } from './audit-checkpoint';

const KEY = { id: 'a1', key: Buffer.alloc(32, 3) };
const KEYS = new Map([[KEY.id, KEY.key]]);
const HEAD = { database: 'mayak', position: '42', auditId: '4711', hash: 'ab'.repeat(32), sealed: 42, at: '2026-11-23T09:00:00.000Z' };

describe('audit checkpoints', () => {
  it('reads back a line it wrote, with the key that MACs it', () => {
    const checkpoint = makeCheckpoint(KEY, HEAD);
    const line = checkpointLine(checkpoint);
    expect(JSON.parse(line)).toMatchObject({ v: 1, ...HEAD, keyId: 'a1', mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(readCheckpoint(line, KEYS)).toEqual({ valid: true, checkpoint });
  });

  it('refuses a line with any field changed, its MAC made with another key, or a key it does not hold', () => {
    const line = checkpointLine(makeCheckpoint(KEY, HEAD));
    const changed: Record<string, unknown>[] = [
      { position: '41' },
      { hash: 'cd'.repeat(32) },
      { sealed: 41 },
      { auditId: '4710' },
      { at: '2026-11-23T10:00:00.000Z' },
      { database: 'other' },
    ];
    for (const change of changed) {
      const reading = readCheckpoint(JSON.stringify({ ...JSON.parse(line), ...change }), KEYS);
      expect({ change, valid: reading.valid }).toEqual({ change, valid: false });
    }
    const otherKey = checkpointLine(makeCheckpoint({ id: 'a1', key: Buffer.alloc(32, 4) }, HEAD));
    expect(readCheckpoint(otherKey, KEYS)).toMatchObject({ valid: false, detail: expect.stringMatching(/MAC does not verify/) });
    const unknown = checkpointLine(makeCheckpoint({ id: 'zz', key: Buffer.alloc(32, 4) }, HEAD));
    expect(readCheckpoint(unknown, KEYS)).toMatchObject({ valid: false, detail: expect.stringMatching(/"zz"/) });
  });

  it('refuses what is not a checkpoint', () => {
    for (const line of ['not json', '[]', '{}', JSON.stringify({ ...HEAD, v: 1, keyId: 'a1', mac: 'x' })]) expect(readCheckpoint(line, KEYS).valid).toBe(false);
  });
});
