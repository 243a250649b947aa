import { createHmac } from 'node:crypto';

export type BlindIndexPurpose = 'phone' | 'name' | 'document' | 'email' | 'identifier' | 'caller-pseudonym';

export interface HashKey {
  id: string;
  key: Buffer;
}

/**
 * Keyed hashes for looking up encrypted identifiers without decrypting them: the same
 * phone number (in E.164) or name token always gives the same 22-character value, and
 * without the key nobody can test guesses against the database. The purpose is mixed
 * in so a phone hash never equals a name-token hash.
 *
 * Several keys while the key rotates (IDENTIFIER_HASH_KEY): new values are hashed under the
 * active key; lookups take the hash under every key (`candidates`), so rows not yet
 * recomputed by `npm run keys:rotate` are still found.
 */
export class BlindIndex {
  private readonly keys: HashKey[];

  constructor(keys: Buffer | HashKey[], activeKeyId?: string) {
    const list = Buffer.isBuffer(keys) ? [{ id: 'h1', key: keys }] : keys;
    const active = list.find((k) => k.id === (activeKeyId ?? list[0]?.id));
    if (!active) throw new Error(`Unknown active identifier hash key "${activeKeyId ?? ''}"`);
    // The active key first: candidates()[0] is what a new row stores.
    this.keys = [active, ...list.filter((k) => k !== active)];
  }

  /** The key ids, active first, in the order `candidates` gives its hashes. */
  get keyIds(): string[] {
    return this.keys.map((k) => k.id);
  }

  get activeKeyId(): string {
    return this.keys[0].id;
  }

  /** More than one key is configured: stored hashes may be under any of them. */
  get rotating(): boolean {
    return this.keys.length > 1;
  }

  /** The hash under the active key: what a new row stores. */
  of(purpose: BlindIndexPurpose, normalised: string): string {
    return hash(this.keys[0].key, purpose, normalised);
  }

  /** The hash under every configured key, active first: what a lookup matches (`= ANY(...)`). */
  candidates(purpose: BlindIndexPurpose, normalised: string): string[] {
    return this.keys.map((k) => hash(k.key, purpose, normalised));
  }
}

function hash(key: Buffer, purpose: BlindIndexPurpose, normalised: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${normalised}`, 'utf8').digest().subarray(0, 16).toString('base64url');
}
