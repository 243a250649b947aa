import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Where an encrypted value lives: its table, its column and its row's id. Bound into the
 * ciphertext (as AES-GCM associated data), so a value copied to another row or column does
 * not decrypt there.
 */
export interface FieldContext {
  table: string;
  column: string;
  row: string;
}

/** The format a stored value is in, and the key that sealed it (see FieldCipher). */
export interface CiphertextInfo {
  format: 'bound' | 'legacy';
  keyId: string;
}

const BOUND_VERSION = 'v2';
const AAD_LABEL = 'mayak.field.v2';

/**
 * A stored value that does not open: malformed, under a key that is not configured, altered, or
 * moved from another row or column. The message names the place, never the value; the API answers
 * it as a plain 500.
 */
export class CiphertextError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown_key' | 'not_authentic',
    readonly at: FieldContext,
  ) {
    super(
      `The encrypted value in ${at.table}.${at.column} of row ${at.row} ${
        reason === 'malformed'
          ? 'is malformed'
          : reason === 'unknown_key'
            ? 'names a key that ENCRYPTION_KEYS does not list'
            : 'does not open here: it was altered, or belongs to another row or column'
      }`,
    );
    this.name = 'CiphertextError';
  }
}

/** What a stored string value is: bound (`v2.keyId.iv.tag.body`), legacy (`keyId.iv.tag.body`) or nothing we wrote (null). */
export function describeCiphertext(sealed: string): CiphertextInfo | null {
  const parts = sealed.split('.');
  if (parts.length === 5 && parts[0] === BOUND_VERSION && parts[1]) return { format: 'bound', keyId: parts[1] };
  if (parts.length === 4 && parts[0]) return { format: 'legacy', keyId: parts[0] };
  return null;
}

function aad(at: FieldContext): Buffer {
  const parts = [AAD_LABEL, at.table, at.column, at.row];
  // NUL separates the parts, so no two places give the same bytes.
  if (parts.some((p) => typeof p !== 'string' || !p || p.includes('\u0000'))) throw new Error('An encrypted value needs its table, column and row');
  return Buffer.from(parts.join('\u0000'), 'utf8');
}

/**
 * AES-256-GCM for identifiers and secrets at rest, under several keys while they rotate: the
 * active key seals, every configured key opens. A string value is stored as
 * `v2.keyId.iv.tag.ciphertext` (base64url parts) with its table, column and row bound as
 * associated data; values written before that (`keyId.iv.tag.ciphertext`, legacy, unbound)
 * still open until `npm run keys:rotate` rewrites them.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: { id: string; key: Buffer }[],
    private readonly activeKey: string,
  ) {
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    if (!this.keys.has(activeKey)) throw new Error(`Unknown active encryption key "${activeKey}"`);
  }

  get activeKeyId(): string {
    return this.activeKey;
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  encrypt(plaintext: string, at: FieldContext): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKey)!, iv);
    cipher.setAAD(aad(at));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [BOUND_VERSION, this.activeKey, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(sealed: string, at: FieldContext): string {
    const info = describeCiphertext(sealed);
    if (!info) throw new CiphertextError('malformed', at);
    const key = this.keys.get(info.keyId);
    if (!key) throw new CiphertextError('unknown_key', at);
    const [iv, tag, body] = sealed.split('.').slice(info.format === 'bound' ? 2 : 1);
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== 12 || tagBytes.length !== 16) throw new CiphertextError('malformed', at);
    const decipher = createDecipheriv('aes-256-gcm', key, ivBytes);
    if (info.format === 'bound') decipher.setAAD(aad(at));
    decipher.setAuthTag(tagBytes);
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new CiphertextError('not_authentic', at);
    }
  }

  /** Whether `keys:rotate` still has work on this value: not bound, or not under the active key. */
  needsRotation(sealed: string): boolean {
    const info = describeCiphertext(sealed);
    return !info || info.format !== 'bound' || info.keyId !== this.activeKey;
  }

  /**
   * Seals a file: `1 | key id length | key id | iv | tag | ciphertext`, bound to `context` (the
   * record it belongs to, as additional authenticated data), so a sealed file moved to another
   * record does not open there.
   */
  sealBytes(plaintext: Buffer, context: string): Buffer {
    const keyId = Buffer.from(this.activeKey, 'utf8');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKey)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([1, keyId.length]), keyId, iv, cipher.getAuthTag(), body]);
  }

  /** The key id a sealed file names (null when it is not a sealed file). */
  sealedKeyId(sealed: Buffer): string | null {
    if (sealed.length < 2 || sealed[0] !== 1 || sealed.length < 2 + sealed[1]) return null;
    return sealed.subarray(2, 2 + sealed[1]).toString('utf8');
  }

  openBytes(sealed: Buffer, context: string): Buffer {
    if (sealed.length < 2 || sealed[0] !== 1) throw new Error('Sealed file is malformed');
    const keyEnd = 2 + sealed[1];
    const key = this.keys.get(sealed.subarray(2, keyEnd).toString('utf8'));
    if (!key || sealed.length < keyEnd + 28) throw new Error('Sealed file is malformed or its key is not configured');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(keyEnd, keyEnd + 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.subarray(keyEnd + 12, keyEnd + 28));
    return Buffer.concat([decipher.update(sealed.subarray(keyEnd + 28)), decipher.final()]);
  }
}
