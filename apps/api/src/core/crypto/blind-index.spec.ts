import { BlindIndex } from './blind-index';

describe('BlindIndex', () => {
  const index = new BlindIndex(Buffer.alloc(32, 7));

  it('gives the same short value for the same input and purpose, and different ones otherwise', () => {
    expect(index.of('phone', '+77012345678')).toBe(index.of('phone', '+77012345678'));
    expect(index.of('phone', '+77012345678')).toHaveLength(22);
    expect(index.of('phone', '+77012345678')).not.toBe(index.of('phone', '+77012345679'));
    expect(index.of('phone', 'aigerim')).not.toBe(index.of('name', 'aigerim'));
  });

  it('depends on the key, so the hashes cannot be recomputed without it', () => {
    expect(new BlindIndex(Buffer.alloc(32, 8)).of('phone', '+77012345678')).not.toBe(index.of('phone', '+77012345678'));
  });
});

describe('BlindIndex while its key rotates', () => {
  const h1 = { id: 'h1', key: Buffer.alloc(32, 7) };
  const h2 = { id: 'h2', key: Buffer.alloc(32, 8) };

  it('hashes new values under the active key and looks up under every key, active first', () => {
    const rotating = new BlindIndex([h1, h2], 'h2');
    const before = new BlindIndex([h1]);
    const after = new BlindIndex([h2]);
    expect(rotating.rotating).toBe(true);
    expect(rotating.keyIds).toEqual(['h2', 'h1']);
    expect(rotating.of('phone', '+77012345678')).toBe(after.of('phone', '+77012345678'));
    expect(rotating.candidates('phone', '+77012345678')).toEqual([after.of('phone', '+77012345678'), before.of('phone', '+77012345678')]);
    expect(before.rotating).toBe(false);
    expect(before.candidates('phone', '+77012345678')).toEqual([before.of('phone', '+77012345678')]);
  });

  it('keeps the single-key form: a bare key is key "h1"', () => {
    expect(new BlindIndex(h1.key).of('name', 'aigerim')).toBe(new BlindIndex([h1]).of('name', 'aigerim'));
    expect(() => new BlindIndex([h1], 'h9')).toThrow(/h9/);
  });
});
