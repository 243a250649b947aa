import { strictFake } from './strict-fake';

abstract class Shelf {
  abstract find(id: string): Promise<string | null>;
  abstract count(): number;
  abstract readonly locked: boolean;
}

describe('strictFake', () => {
  it('fails on a method that was not set up, naming the call', () => {
    const shelf = strictFake<Shelf>('Shelf');
    expect(() => shelf.count()).toThrow('unexpected call: Shelf.count()');
    expect(() => shelf.find('a-1')).toThrow("unexpected call: Shelf.find('a-1')");
  });

  it('answers as set up and records the calls', async () => {
    const shelf = strictFake<Shelf>('Shelf');
    shelf.find.mockResolvedValue('book');
    await expect(shelf.find('a-1')).resolves.toBe('book');
    expect(shelf.find).toHaveBeenCalledWith('a-1');
  });

  it('is not mistaken for a promise when resolved', async () => {
    const shelf = strictFake<Shelf>('Shelf');
    await expect(Promise.resolve(shelf)).resolves.toBe(shelf);
  });

  it('reads back a plain property set on it, even a false one', () => {
    const shelf = strictFake<Shelf>('Shelf');
    (shelf as { locked: boolean }).locked = false;
    expect(shelf.locked).toBe(false);
  });
});
