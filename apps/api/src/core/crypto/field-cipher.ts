import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for identifiers and secrets at rest. Output: `keyId.iv.tag.ciphertext`
 * (base64url parts), so old rows stay readable after the active key rotates.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(keys: { id: string; key: Buffer }[], private readonly activeKeyId: string) {
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    if (!this.keys.has(activeKeyId)) throw new Error(`Unknown active encryption key "${activeKeyId}"`);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [this.activeKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /**
   * Seals a file: `1 | key id length | key id | iv | tag | ciphertext`, bound to `context` (the
   * record it belongs to, as additional authenticated data), so a sealed file moved to another
   * record does not open there.
   */
  sealBytes(plaintext: Buffer, context: string): Buffer {
    const keyId = Buffer.from(this.activeKeyId, 'utf8');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([1, keyId.length]), keyId, iv, cipher.getAuthTag(), body]);
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

  decrypt(sealed: string): string {
    const [keyId, iv, tag, body] = sealed.split('.');
    const key = this.keys.get(keyId ?? '');
    if (!key || !iv || !tag || body === undefined) throw new Error('Encrypted value is malformed or its key is not configured');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
