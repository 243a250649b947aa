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

  decrypt(sealed: string): string {
    const [keyId, iv, tag, body] = sealed.split('.');
    const key = this.keys.get(keyId ?? '');
    if (!key || !iv || !tag || body === undefined) throw new Error('Encrypted value is malformed or its key is not configured');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
