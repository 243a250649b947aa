import { Injectable } from '@nestjs/common';
import { maskName, maskPhone, nameTokens, normalisePhone } from '@mayak/domain';
import { BlindIndex } from '../../core/crypto/blind-index';
import { FieldCipher } from '../../core/crypto/field-cipher';
import type { Actor } from '../../core/context/request-context';
import { fieldInvalid } from '../../core/errors/domain-error';

export interface ProtectedPhone {
  e164: string;
  encrypted: string;
  hash: string;
}

/** How identifiers appear to one reader: in full, or masked for roles without `identifiers.view`. */
export interface IdentifierPresenter {
  readonly revealed: boolean;
  phone(encrypted: string | null): string | null;
  name(encrypted: string | null): string | null;
  identifier(kind: string, encrypted: string): string;
}

function maskOther(value: string): string {
  const tail = [...value].slice(-2).join('');
  return `••• ${tail}`;
}

/**
 * The one place where identifiers are encrypted, hashed for lookup, decrypted and masked,
 * so no service handles plaintext rules of its own.
 */
@Injectable()
export class IdentifierVault {
  constructor(private readonly cipher: FieldCipher, private readonly blind: BlindIndex) {}

  /** Normalises a phone number typed in any common way; a malformed one is a 400 on `field`. */
  protectPhone(input: string, field = 'phone'): ProtectedPhone {
    const normalised = normalisePhone(input);
    if (!normalised.ok) throw fieldInvalid(field, 'invalid_phone', `${field} is not a valid phone number (${normalised.reason})`);
    return { e164: normalised.e164, encrypted: this.cipher.encrypt(normalised.e164), hash: this.blind.of('phone', normalised.e164) };
  }

  /**
   * What an anonymised contact keeps instead of its number's hash: a keyed hash of that hash,
   * so repeat-caller statistics stay the same while no lookup by number can find it again.
   */
  callerPseudonym(phoneHash: string): string {
    return this.blind.of('caller-pseudonym', phoneHash);
  }

  phoneHash(input: string, field = 'phone'): string {
    return this.protectPhone(input, field).hash;
  }

  /** Phones are compared as E.164, other identifiers case- and space-insensitively. */
  protectIdentifier(kind: string, value: string, field = 'value'): { encrypted: string; hash: string } {
    if (kind === 'phone') {
      const phone = this.protectPhone(value, field);
      return { encrypted: phone.encrypted, hash: phone.hash };
    }
    const trimmed = value.trim();
    if (!trimmed) throw fieldInvalid(field, 'required', `${field} must not be empty`);
    const normalised = trimmed.toLowerCase().replace(/\s+/g, ' ');
    const purpose = kind === 'email' ? 'email' : kind === 'document' ? 'document' : 'identifier';
    return { encrypted: this.cipher.encrypt(trimmed), hash: this.blind.of(purpose, `${kind}:${normalised}`) };
  }

  encrypt(value: string): string {
    return this.cipher.encrypt(value);
  }

  decrypt(value: string): string {
    return this.cipher.decrypt(value);
  }

  nameIndex(name: string | null | undefined): string[] {
    return name ? nameTokens(name).map((token) => this.blind.of('name', token)) : [];
  }

  presenterFor(actor: Actor, forceReveal = false): IdentifierPresenter {
    const revealed = forceReveal || actor.permissions.includes('identifiers.view');
    const open = (encrypted: string) => this.cipher.decrypt(encrypted);
    return {
      revealed,
      phone: (encrypted) => (encrypted === null ? null : revealed ? open(encrypted) : maskPhone(open(encrypted))),
      name: (encrypted) => (encrypted === null ? null : revealed ? open(encrypted) : maskName(open(encrypted))),
      identifier: (kind, encrypted) => (revealed ? open(encrypted) : kind === 'phone' ? maskPhone(open(encrypted)) : maskOther(open(encrypted))),
    };
  }
}
