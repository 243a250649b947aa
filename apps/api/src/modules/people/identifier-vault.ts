import { Injectable } from '@nestjs/common';
import { maskName, maskPhone, nameTokens, normalisePhone } from '@mayak/domain';
import { BlindIndex, type BlindIndexPurpose } from '#api/core/crypto/blind-index';
import { FieldCipher, type FieldContext } from '#api/core/crypto/field-cipher';
import type { Actor } from '#api/core/context/request-context';
import { fieldInvalid } from '#api/core/errors/domain-error';

/** A phone number in E.164 with its keyed hash: `hash` for a new row, `hashes` (every configured key, active first) for lookups. */
export interface PhoneNumber {
  e164: string;
  hash: string;
  hashes: string[];
}

/** A phone number sealed for one row and column. */
export interface ProtectedPhone extends PhoneNumber {
  encrypted: string;
}

/** An identifier as it is stored (`value`, to encrypt for its row) with its keyed hash (`hash`) and lookup hashes (`hashes`). */
export interface IdentifierValue {
  value: string;
  hash: string;
  hashes: string[];
}

/** How identifiers appear to one reader: in full, or masked for roles without `identifiers.view`. */
export interface IdentifierPresenter {
  readonly revealed: boolean;
  phone(encrypted: string | null, at: FieldContext): string | null;
  name(encrypted: string | null, at: FieldContext): string | null;
  identifier(kind: string, encrypted: string, at: FieldContext): string;
  /** A number the caller already holds in plain (just typed or just decrypted). */
  phoneText(e164: string): string;
}

function maskOther(value: string): string {
  const tail = [...value].slice(-2).join('');
  return `••• ${tail}`;
}

function purposeOf(kind: string): BlindIndexPurpose {
  return kind === 'email' ? 'email' : kind === 'document' ? 'document' : 'identifier';
}

/** Other identifiers are compared case- and space-insensitively. */
function normaliseOther(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The one place where identifiers are encrypted, hashed for lookup, decrypted and masked,
 * so no service handles plaintext rules of its own. Every value is encrypted for the row and
 * column that keep it (FieldContext); every lookup matches the hash under each configured key.
 */
@Injectable()
export class IdentifierVault {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly blind: BlindIndex,
  ) {}

  /** Several identifier hash keys are configured: stored hashes may be under any of them until keys:rotate has run. */
  get hashKeyRotating(): boolean {
    return this.blind.rotating;
  }

  /** Normalises a phone number typed in any common way; a malformed one is a 400 on `field`. */
  phone(input: string, field = 'phone'): PhoneNumber {
    const normalised = normalisePhone(input);
    if (!normalised.ok) throw fieldInvalid(field, 'invalid_phone', `${field} is not a valid phone number (${normalised.reason})`);
    const hashes = this.phoneHashesOf(normalised.e164);
    return { e164: normalised.e164, hash: hashes[0], hashes };
  }

  /** A number typed in any common way, sealed for the row and column that will keep it. */
  protectPhone(input: string, at: FieldContext, field = 'phone'): ProtectedPhone {
    const phone = this.phone(input, field);
    return { ...phone, encrypted: this.cipher.encrypt(phone.e164, at) };
  }

  /** The hashes of a number already in E.164 (as stored), active key first. */
  phoneHashesOf(e164: string): string[] {
    return this.blind.candidates('phone', e164);
  }

  /**
   * What an anonymised contact keeps instead of its number's hash: a keyed hash of that hash,
   * so repeat-caller statistics stay the same while no lookup by number can find it again.
   * (Not recomputed when the key rotates: the number is gone, so is what it would be computed from.)
   */
  callerPseudonym(phoneHash: string): string {
    return this.blind.of('caller-pseudonym', phoneHash);
  }

  /** The hash a new row stores for a typed number. */
  phoneHash(input: string, field = 'phone'): string {
    return this.phone(input, field).hash;
  }

  /** The hashes a lookup by a typed number matches (`= ANY(...)`). */
  phoneHashes(input: string, field = 'phone'): string[] {
    return this.phone(input, field).hashes;
  }

  /**
   * The hashes that stand for the same number as a stored row's hash. With one hash key, the
   * stored hash itself; while the key rotates, the hash under every key, from the row's own
   * number (rows of the same number may not all be recomputed yet).
   */
  sameNumber(storedHash: string, encrypted: string | null, at: FieldContext): string[] {
    if (!this.blind.rotating || !encrypted || storedHash.startsWith('anonymised:')) return [storedHash];
    return [...new Set([storedHash, ...this.phoneHashesOf(this.cipher.decrypt(encrypted, at))])];
  }

  /** Phones are compared as E.164, other identifiers case- and space-insensitively; `value` is what to store. */
  protectIdentifier(kind: string, value: string, field = 'value'): IdentifierValue {
    if (kind === 'phone') {
      const phone = this.phone(value, field);
      return { value: phone.e164, hash: phone.hash, hashes: phone.hashes };
    }
    const trimmed = value.trim();
    if (!trimmed) throw fieldInvalid(field, 'required', `${field} must not be empty`);
    const hashes = this.identifierHashesOf(kind, trimmed);
    return { value: trimmed, hash: hashes[0], hashes };
  }

  /** The hashes of an identifier as stored (a phone in E.164), active key first. */
  identifierHashesOf(kind: string, stored: string): string[] {
    if (kind === 'phone') return this.phoneHashesOf(stored);
    return this.blind.candidates(purposeOf(kind), `${kind}:${normaliseOther(stored)}`);
  }

  /**
   * How a person is known on a messaging channel: on SMS and WhatsApp their number (in E.164;
   * one that does not parse is a 400 on `field`), elsewhere the channel's id, matched like a
   * person's messenger identifier ("telegram:<id>").
   */
  conversationAddress(channel: string, address: string, field = 'from'): IdentifierValue {
    if (channel === 'sms' || channel === 'whatsapp') {
      const phone = this.phone(address, field);
      return { value: phone.e164, hash: phone.hash, hashes: phone.hashes };
    }
    const hashes = this.protectIdentifier('messenger', `${channel}:${address}`, field).hashes;
    return { value: address, hash: hashes[0], hashes };
  }

  /** The hashes of a conversation's stored address, active key first. */
  conversationAddressHashesOf(channel: string, stored: string): string[] {
    return channel === 'sms' || channel === 'whatsapp' ? this.phoneHashesOf(stored) : this.identifierHashesOf('messenger', `${channel}:${stored}`);
  }

  encrypt(value: string, at: FieldContext): string {
    return this.cipher.encrypt(value, at);
  }

  decrypt(value: string, at: FieldContext): string {
    return this.cipher.decrypt(value, at);
  }

  /** The keyed hashes of a name's tokens under the active key: what a new row stores. */
  nameIndex(name: string | null | undefined): string[] {
    return this.nameIndexes(name)[0];
  }

  /** The token hashes under each configured key, active first: a name search matches a row holding all of one of them. */
  nameIndexes(name: string | null | undefined): string[][] {
    const tokens = name ? nameTokens(name) : [];
    const perToken = tokens.map((token) => this.blind.candidates('name', token));
    return this.blind.keyIds.map((_, key) => perToken.map((hashes) => hashes[key]));
  }

  presenterFor(actor: Actor, forceReveal = false): IdentifierPresenter {
    const revealed = forceReveal || actor.permissions.includes('identifiers.view');
    const open = (encrypted: string, at: FieldContext) => this.cipher.decrypt(encrypted, at);
    return {
      revealed,
      phone: (encrypted, at) => (encrypted === null ? null : revealed ? open(encrypted, at) : maskPhone(open(encrypted, at))),
      name: (encrypted, at) => (encrypted === null ? null : revealed ? open(encrypted, at) : maskName(open(encrypted, at))),
      identifier: (kind, encrypted, at) =>
        revealed ? open(encrypted, at) : kind === 'phone' ? maskPhone(open(encrypted, at)) : maskOther(open(encrypted, at)),
      phoneText: (e164) => (revealed ? e164 : maskPhone(e164)),
    };
  }
}
