import { webcrypto } from 'node:crypto';
import { createDraftStore, draftStorageKey, type DraftStoreDeps, type IntakeDraft } from './draft-store';
import { INTAKE_DEFAULTS } from './types';

/** localStorage as the browser has it, in memory. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
  /** Everything kept, as one string: what someone reading the browser's profile would find. */
  dump() {
    return JSON.stringify([...this.items]);
  }
}

const crypto = webcrypto as unknown as Crypto;
const USER = '0d6f7a52-3a0e-4f4e-9a55-4b1c2f3e9a01';
const OTHER_USER = '7e1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PHONE = '+7 705 111 22 33';
const NOTES = 'Работодатель не отпускает, паспорт забрали.';

function draft(notes = NOTES): IntakeDraft {
  return {
    values: { ...INTAKE_DEFAULTS, phone: PHONE, notes },
    contactId: 'c0ffee00-0000-4000-8000-000000000001',
    version: 3,
    startedAt: '2026-03-01T10:00:00.000Z',
    savedAt: null,
    unsaved: true,
    caseId: null,
    caseReference: null,
    callId: null,
  };
}

/** What is kept for the user, as text ('' when nothing). */
const stored = (storage: Storage, userId: string) => storage.getItem(draftStorageKey(userId)) ?? '';

function setup(options: { key?: Uint8Array | null; storage?: MemoryStorage } = {}) {
  const storage = options.storage ?? new MemoryStorage();
  let key = options.key === undefined ? Uint8Array.from({ length: 32 }, (_, i) => i + 1) : options.key;
  const fetchKey = jest.fn(async () => {
    if (!key) throw new Error('401');
    return Uint8Array.from(key);
  });
  const deps: DraftStoreDeps = { storage: () => storage, fetchKey, crypto };
  return {
    store: createDraftStore(deps),
    storage,
    fetchKey,
    setKey: (next: Uint8Array | null) => {
      key = next;
    },
  };
}

describe('intake draft store', () => {
  it('keeps only ciphertext, with a new IV on every write, and reads the draft back', async () => {
    const { store, storage, fetchKey } = setup();
    expect(await store.write(USER, draft())).toBe(true);
    const first = JSON.parse(stored(storage, USER));
    expect(first).toEqual({ v: 2, iv: expect.any(String), data: expect.any(String) });
    for (const plain of [PHONE, '7051112233', '111 22 33', 'паспорт', 'Работодатель', 'c0ffee00']) expect(storage.dump()).not.toContain(plain);

    expect(await store.write(USER, draft())).toBe(true);
    const second = JSON.parse(stored(storage, USER));
    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);

    expect(await store.read(USER)).toEqual(draft());
    // The key is fetched once for the session, not per write.
    expect(fetchKey).toHaveBeenCalledTimes(1);
  });

  it("opens a draft in a fresh console of the same session (a reload), and not with another session's key", async () => {
    const first = setup();
    await first.store.write(USER, draft());
    const reloaded = setup({ storage: first.storage });
    expect(await reloaded.store.read(USER)).toEqual(draft());

    const otherSession = setup({ storage: first.storage, key: new Uint8Array(32).fill(9) });
    expect(await otherSession.store.read(USER)).toBeNull();
    // It can never be opened again: it is gone.
    expect(first.storage.getItem(draftStorageKey(USER))).toBeNull();
  });

  it("binds a draft to its user: copied under another user's name it does not open", async () => {
    const { store, storage } = setup();
    await store.write(USER, draft());
    storage.setItem(draftStorageKey(OTHER_USER), stored(storage, USER));
    expect(await store.read(OTHER_USER)).toBeNull();
    expect(await store.read(USER)).toEqual(draft());
  });

  it('lets the last write win when writes come faster than encryption', async () => {
    const { store } = setup();
    const writes = Array.from({ length: 25 }, (_, i) => store.write(USER, draft(NOTES.slice(0, i + 1))));
    expect(await Promise.all(writes)).toEqual(writes.map(() => true));
    expect((await store.read(USER))?.values.notes).toBe(NOTES.slice(0, 25));
  });

  it('drops a write still under way when the draft is cleared, and a later write still lands', async () => {
    const { store, storage } = setup();
    const cleared = store.write(USER, draft('before'));
    store.clear(USER);
    expect(await cleared).toBe(false);
    expect(storage.getItem(draftStorageKey(USER))).toBeNull();
    expect(await store.write(USER, draft('after'))).toBe(true);
    expect((await store.read(USER))?.values.notes).toBe('after');
  });

  it('keeps nothing when the key cannot be had, and removes an older draft rather than leave it to be restored', async () => {
    const { store, storage, setKey } = setup();
    await store.write(USER, draft('older'));
    store.forgetKey();
    setKey(null);
    expect(await store.write(USER, draft('newer'))).toBe(false);
    expect(storage.getItem(draftStorageKey(USER))).toBeNull();
    expect(storage.dump()).not.toContain('newer');
  });

  it('reads a plain draft of an older console once, seals it again and leaves no plain text behind', async () => {
    const { store, storage } = setup();
    storage.setItem(draftStorageKey(USER), JSON.stringify({ v: 1, ...draft() }));
    expect(await store.read(USER)).toEqual(draft());
    await store.write(USER, draft()); // whatever the hook writes next waits behind the re-sealing
    expect(JSON.parse(stored(storage, USER)).v).toBe(2);
    expect(storage.dump()).not.toContain('паспорт');
    expect(await store.read(USER)).toEqual(draft());
  });

  it('drops a plain draft of an older console when there is no key to seal it with', async () => {
    const { store, storage } = setup({ key: null });
    storage.setItem(draftStorageKey(USER), JSON.stringify({ v: 1, ...draft() }));
    expect(await store.read(USER)).toEqual(draft());
    await store.prepare(USER);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(storage.getItem(draftStorageKey(USER))).toBeNull();
  });

  it('shares one answer between reads at the same time (a re-mounted screen)', async () => {
    const { store, storage } = setup();
    storage.setItem(draftStorageKey(USER), JSON.stringify({ v: 1, ...draft() }));
    const [a, b] = await Promise.all([store.read(USER), store.read(USER)]);
    expect(a).toEqual(draft());
    expect(b).toEqual(draft());
  });

  it('removes every draft and forgets the key on sign-out', async () => {
    const { store, storage, fetchKey } = setup();
    await store.write(USER, draft());
    await store.write(OTHER_USER, draft());
    storage.setItem('mayak.locale', 'ru');
    const fetched = fetchKey.mock.calls.length;
    store.clearAll();
    expect(storage.dump()).toBe(JSON.stringify([['mayak.locale', 'ru']]));
    // The next sign-in's writes fetch that session's key.
    await store.write(USER, draft());
    expect(fetchKey).toHaveBeenCalledTimes(fetched + 1);
  });

  it('says whether anything is stored without fetching the key', () => {
    const { store, storage, fetchKey } = setup();
    expect(store.has(USER)).toBe(false);
    storage.setItem(draftStorageKey(USER), '{"v":2}');
    expect(store.has(USER)).toBe(true);
    expect(fetchKey).not.toHaveBeenCalled();
  });
});
