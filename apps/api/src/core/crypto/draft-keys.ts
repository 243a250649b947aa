import { hkdfSync } from 'node:crypto';

/** Mixed into every derivation, so no other use of the server key can ever give the same bytes. */
const SALT = Buffer.from('mayak console intake draft', 'utf8');
const PURPOSE = 'mayak.intake-draft-key.v1';

/**
 * The key a console encrypts its local copy of the intake (the live call's draft) with.
 * Derived, never stored: HKDF-SHA-256 over the active IDENTIFIER_HASH_KEY with a purpose
 * label of its own and the session's id. One session always gets the same key (across
 * restarts and API instances), any other session (or user) another one, so a browser that
 * keeps only ciphertext needs the live session it was written in to read it. Rotating the
 * hash key only makes the drafts of sessions open at the time unreadable: the console then
 * drops them, and the server's autosaved copy remains.
 */
export class DraftKeys {
  constructor(private readonly secret: Buffer) {}

  /** 32 bytes (AES-256), base64url. */
  forSession(sessionId: string): string {
    return Buffer.from(hkdfSync('sha256', this.secret, SALT, `${PURPOSE}\u0000${sessionId}`, 32)).toString('base64url');
  }
}
