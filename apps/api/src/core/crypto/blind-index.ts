import { createHmac } from 'node:crypto';

/**
 * Keyed hashes for looking up encrypted identifiers without decrypting them: the same
 * phone number (in E.164) or name token always gives the same 22-character value, and
 * without the key nobody can test guesses against the database. The purpose is mixed
 * in so a phone hash never equals a name-token hash.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {}

  of(purpose: 'phone' | 'name' | 'document' | 'email' | 'identifier' | 'caller-pseudonym', normalised: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${normalised}`, 'utf8').digest().subarray(0, 16).toString('base64url');
  }
}
