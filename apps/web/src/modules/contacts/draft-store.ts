import { INTAKE_DEFAULTS, type IntakeValues } from './types';
import { consoleClock } from '../clock/console-clock';

/**
 * The intake's local copy, so a crashed or closed page loses nothing of a live call: what
 * was typed, the contact it belongs to and the version last saved.
 */
export interface IntakeDraft {
  values: IntakeValues;
  contactId: string | null;
  version: number | null;
  /** When the first thing was typed: the contact's start time. */
  startedAt: string | null;
  /** Last time the server confirmed a save. */
  savedAt: string | null;
  /** Typed since the last confirmed save. */
  unsaved: boolean;
  caseId: string | null;
  caseReference: string | null;
  /** The live call this contact belongs to (answered or handed over to this user), if any. */
  callId: string | null;
}

export interface DraftStoreDeps {
  /** Where drafts are kept (localStorage); null or a throw when the browser has none. */
  storage: () => Storage | null;
  /** The signed-in session's 32-byte key (GET /auth/draft-key); throws when there is none. */
  fetchKey: () => Promise<Uint8Array>;
  crypto: Pick<Crypto, 'subtle' | 'getRandomValues'>;
  now?: () => number;
}

/** What a draft looks like in storage: only ciphertext, bound to its user. */
interface SealedDraft {
  v: 2;
  /** 12 random bytes, base64: a new one for every write. */
  iv: string;
  /** AES-256-GCM of the draft's JSON, tag included, base64. */
  data: string;
}

export const DRAFT_PREFIX = 'mayak.intake.draft.';
/** After the key could not be fetched, writes try again no sooner than this. */
const KEY_RETRY_MS = 30_000;

export function draftStorageKey(userId: string): string {
  return `${DRAFT_PREFIX}${userId}`;
}

interface Job {
  seq: number;
  draft: IntakeDraft;
  waiting: ((stored: boolean) => void)[];
}

/** One user's writes, one at a time: the newest waiting draft replaces any older one, so the last write wins. */
interface Lane {
  seq: number;
  next: Job | null;
  running: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The user's id as associated data: a draft copied under another user's name does not open. */
const boundTo = (userId: string) => encoder.encode(`${DRAFT_PREFIX}v2:${userId}`);

/** A draft as read back (from JSON), with defaults for what an older console did not write. */
function normalise(parsed: Partial<IntakeDraft> | null | undefined): IntakeDraft | null {
  if (!parsed || typeof parsed.values !== 'object' || parsed.values === null) return null;
  return {
    values: { ...INTAKE_DEFAULTS, ...parsed.values },
    contactId: parsed.contactId ?? null,
    version: parsed.version ?? null,
    startedAt: parsed.startedAt ?? null,
    savedAt: parsed.savedAt ?? null,
    unsaved: !!parsed.unsaved,
    caseId: parsed.caseId ?? null,
    caseReference: parsed.caseReference ?? null,
    callId: parsed.callId ?? null,
  };
}

/**
 * Intake drafts in browser storage, encrypted: AES-256-GCM under a key the server derives
 * for the signed-in session (fetched once, kept in memory as a non-extractable CryptoKey,
 * never stored), a random IV per write, bound to the user's id. Nothing typed is ever
 * written in plain text: without the key no draft is kept (the server's autosave remains),
 * and a plain draft left by an older console is taken once and removed.
 */
export function createDraftStore(deps: DraftStoreDeps) {
  const now = deps.now ?? (() => consoleClock.nowMs());
  const subtle = deps.crypto.subtle;
  const lanes = new Map<string, Lane>();
  const reading = new Map<string, Promise<IntakeDraft | null>>();
  let cached: { userId: string; key: Promise<CryptoKey | null>; failedAt: number | null } | null = null;

  const storage = (): Storage | null => {
    try {
      return deps.storage();
    } catch {
      return null;
    }
  };
  const remove = (userId: string) => {
    try {
      storage()?.removeItem(draftStorageKey(userId));
    } catch {
      // Storage disabled: nothing was kept.
    }
  };
  const laneOf = (userId: string): Lane => {
    let lane = lanes.get(userId);
    if (!lane) lanes.set(userId, (lane = { seq: 0, next: null, running: false }));
    return lane;
  };

  /** The session's key, fetched once; null when it cannot be had (then nothing is kept). */
  function key(userId: string): Promise<CryptoKey | null> {
    if (cached && cached.userId === userId && (cached.failedAt === null || now() - cached.failedAt < KEY_RETRY_MS)) return cached.key;
    const entry: NonNullable<typeof cached> = { userId, failedAt: null, key: Promise.resolve(null) };
    entry.key = (async () => {
      try {
        const fetched = await deps.fetchKey();
        if (fetched.length !== 32) throw new Error('The draft key must be 32 bytes');
        const raw = Uint8Array.from(fetched);
        fetched.fill(0);
        const imported = await subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
        raw.fill(0);
        return imported;
      } catch {
        entry.failedAt = now();
        return null;
      }
    })();
    cached = entry;
    return entry.key;
  }

  async function seal(cryptoKey: CryptoKey, userId: string, draft: IntakeDraft): Promise<string> {
    const iv = deps.crypto.getRandomValues(new Uint8Array(12));
    const data = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: boundTo(userId) }, cryptoKey, encoder.encode(JSON.stringify(draft)));
    return JSON.stringify({ v: 2, iv: toBase64(iv), data: toBase64(new Uint8Array(data)) } satisfies SealedDraft);
  }

  async function open(cryptoKey: CryptoKey, userId: string, sealed: SealedDraft): Promise<IntakeDraft | null> {
    const plain = await subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: boundTo(userId) }, cryptoKey, fromBase64(sealed.data));
    return normalise(JSON.parse(decoder.decode(plain)) as Partial<IntakeDraft>);
  }

  async function run(userId: string, lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (lane.next) {
        const job = lane.next;
        lane.next = null;
        let stored = false;
        try {
          const cryptoKey = await key(userId);
          if (job.seq === lane.seq) {
            if (cryptoKey) {
              const text = await seal(cryptoKey, userId, job.draft);
              if (job.seq === lane.seq) {
                storage()?.setItem(draftStorageKey(userId), text);
                stored = true;
              }
            } else {
              // No key: an older draft must not stay behind to be restored over what came since.
              remove(userId);
            }
          }
        } catch {
          // Storage full or disabled, or encryption refused: the server copy (autosave) is then the only one.
          if (job.seq === lane.seq) remove(userId);
        }
        // A newer draft took this one's place: its outcome is this one's too.
        const newer = lane.next as Job | null;
        if (!stored && newer && newer.seq > job.seq) newer.waiting.push(...job.waiting);
        else for (const done of job.waiting) done(stored);
      }
    } finally {
      lane.running = false;
    }
  }

  const store = {
    /** Whether this user has anything stored (to know if restoring must wait for the key). */
    has(userId: string): boolean {
      try {
        return !!storage()?.getItem(draftStorageKey(userId));
      } catch {
        return false;
      }
    },

    /** Fetches the session's key ahead of the first write. */
    prepare(userId: string): Promise<boolean> {
      return key(userId).then((k) => k !== null);
    },

    /**
     * The user's draft, decrypted; null when there is none or it cannot be opened (another
     * session's, or no key), and then it is removed. Reads at the same time share one answer.
     */
    read(userId: string): Promise<IntakeDraft | null> {
      const current = reading.get(userId);
      if (current) return current;
      const lane = laneOf(userId);
      const seqAtStart = lane.seq;
      const done = (async (): Promise<IntakeDraft | null> => {
        let raw: string | null = null;
        try {
          raw = storage()?.getItem(draftStorageKey(userId)) ?? null;
        } catch {
          return null;
        }
        if (!raw) return null;
        type Stored = Partial<IntakeDraft> & Partial<Omit<SealedDraft, 'v'>> & { v?: unknown };
        let parsed: Stored | null;
        try {
          parsed = JSON.parse(raw) as Stored | null;
        } catch {
          parsed = null;
        }
        if (parsed?.v === 1) {
          // Plain text from an older console: taken once, sealed again (or dropped without a key), never left.
          remove(userId);
          const draft = normalise(parsed);
          if (draft) void store.write(userId, draft);
          return draft;
        }
        if (parsed?.v !== 2 || typeof parsed.iv !== 'string' || typeof parsed.data !== 'string') {
          remove(userId);
          return null;
        }
        const cryptoKey = await key(userId);
        try {
          if (!cryptoKey) throw new Error('No draft key');
          return await open(cryptoKey, userId, { v: 2, iv: parsed.iv, data: parsed.data });
        } catch {
          // Sealed for another session (or damaged): it can never be opened again.
          if (lane.seq === seqAtStart) remove(userId);
          return null;
        }
      })();
      reading.set(userId, done);
      void done.finally(() => reading.delete(userId));
      return done;
    },

    /**
     * Keeps the draft, sealed. Writes run one at a time and a newer draft replaces one still
     * waiting, so typing stays cheap and the last write wins. Resolves true once this draft
     * (or a newer one) is stored, false when nothing could be kept.
     */
    write(userId: string, draft: IntakeDraft): Promise<boolean> {
      const lane = laneOf(userId);
      const seq = ++lane.seq;
      return new Promise<boolean>((resolve) => {
        const waiting = lane.next ? lane.next.waiting : [];
        waiting.push(resolve);
        lane.next = { seq, draft, waiting };
        if (!lane.running) void run(userId, lane);
      });
    },

    /** Removes the user's draft; a write still under way is dropped. */
    clear(userId: string): void {
      const lane = laneOf(userId);
      lane.seq += 1;
      const pending = lane.next;
      lane.next = null;
      pending?.waiting.forEach((done) => done(false));
      remove(userId);
    },

    /** Forgets the session's key (a new sign-in gets its own). */
    forgetKey(): void {
      cached = null;
    },

    /** Removes every user's draft from this browser and forgets the key (sign-out). */
    clearAll(): void {
      for (const userId of lanes.keys()) store.clear(userId);
      try {
        const s = storage();
        if (s) {
          const keys = Array.from({ length: s.length }, (_, i) => s.key(i)).filter((k): k is string => !!k && k.startsWith(DRAFT_PREFIX));
          for (const k of keys) s.removeItem(k);
        }
      } catch {
        // Storage disabled: nothing was kept.
      }
      store.forgetKey();
    },
  };
  return store;
}

export type DraftStore = ReturnType<typeof createDraftStore>;
