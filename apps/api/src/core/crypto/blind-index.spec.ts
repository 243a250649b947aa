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
