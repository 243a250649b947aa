import { Encrypted, type EncryptedColumn } from '#api/core/crypto/encrypted-columns';
import type { IdentifierVault } from '../people/identifier-vault';

/** A stored row as the rotation reads it: its id, its encrypted values, their hashes and the columns the hashes depend on. */
export type StoredRow = Record<string, string | null>;

/**
 * A keyed hash stored beside an encrypted value and computed from its plaintext: the hashes under
 * every configured identifier hash key, active first (`vault`'s rules, so the rotation computes
 * exactly what the services store), or null when the stored hash is not to be recomputed.
 */
export interface DerivedHash {
  column: string;
  /** text[] columns (people.name_index) hold a list of hashes. */
  list?: boolean;
  /** Unique together with these columns: a recomputed hash another row already holds is left as it is (reported). */
  uniqueWith?: string[];
  of(vault: IdentifierVault, plaintext: string, row: StoredRow): string[] | string[][] | null;
}

/** One encrypted column and the keyed hashes derived from its plaintext. */
export interface RotatedValue {
  column: EncryptedColumn;
  hashes?: DerivedHash[];
}

export interface RotatedTable {
  table: string;
  idColumn: string;
  idType: 'uuid' | 'text';
  /** Columns a hash depends on besides the value (an identifier's kind, a conversation's channel). */
  extra?: string[];
  values: RotatedValue[];
  /** Rows per batch (smaller for large values: voicemail audio). */
  batchSize?: number;
}

/** Anonymised rows keep `anonymised:<id>` where the hash was, on purpose: never recomputed. */
const keepAnonymised = (stored: string | null) => stored?.startsWith('anonymised:') ?? false;

const phoneHash = (column: string): DerivedHash => ({
  column,
  of: (vault, e164, row) => (keepAnonymised(row[column]) || !e164 ? null : vault.phoneHashesOf(e164)),
});

/**
 * Every encrypted column of the schema (the test in test/api/key-rotation.e2e-spec.ts holds this
 * list against the database: every `*_encrypted` and every keyed `*_hash` column must be in it or
 * named in NOT_RECOMPUTED). Flags on a number come first: a flag from before its number was kept
 * learns it from other rows with the same hash while those are still under the old key.
 */
export const ROTATION_PLAN: readonly RotatedTable[] = [
  { table: 'person_flags', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.flagPhone, hashes: [phoneHash('phone_hash')] }] },
  { table: 'users', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.userMfaSecret }] },
  { table: 'sessions', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.sessionPendingMfaSecret }] },
  {
    table: 'people',
    idColumn: 'id',
    idType: 'uuid',
    values: [{ column: Encrypted.personName, hashes: [{ column: 'name_index', list: true, of: (vault, name) => vault.nameIndexes(name) }] }],
  },
  {
    table: 'person_identifiers',
    idColumn: 'id',
    idType: 'uuid',
    extra: ['kind'],
    values: [
      { column: Encrypted.personIdentifier, hashes: [{ column: 'value_hash', of: (vault, value, row) => vault.identifierHashesOf(row.kind ?? '', value) }] },
    ],
  },
  { table: 'contacts', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.contactPhone, hashes: [phoneHash('phone_hash')] }] },
  { table: 'telephony_calls', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.callParty, hashes: [phoneHash('party_hash')] }] },
  { table: 'operator_presence', idColumn: 'user_id', idType: 'uuid', values: [{ column: Encrypted.presenceRingTarget }] },
  { table: 'callbacks', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.callbackPhone, hashes: [phoneHash('phone_hash')] }] },
  { table: 'telephony_lines', idColumn: 'line_number', idType: 'text', values: [{ column: Encrypted.lineForwardTo }] },
  { table: 'voicemails', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.voicemailAudio }], batchSize: 20 },
  {
    table: 'conversations',
    idColumn: 'id',
    idType: 'uuid',
    extra: ['channel'],
    values: [
      {
        column: Encrypted.conversationAddress,
        hashes: [
          {
            column: 'address_hash',
            uniqueWith: ['office_id', 'channel'],
            of: (vault, address, row) => (keepAnonymised(row.address_hash) || !address ? null : vault.conversationAddressHashesOf(row.channel ?? '', address)),
          },
        ],
      },
      { column: Encrypted.conversationPhone, hashes: [phoneHash('phone_hash')] },
      { column: Encrypted.conversationDisplayName },
    ],
  },
  { table: 'conversation_messages', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.messageBody }, { column: Encrypted.messageDetails }] },
  { table: 'inbound_webhooks', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.webhookPayload }] },
  { table: 'message_attachments', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.attachmentSource }] },
  { table: 'mails', idColumn: 'id', idType: 'uuid', values: [{ column: Encrypted.mailContent }] },
];

/**
 * Keyed hashes that are not recomputed, and why: a caller pseudonym is a hash of the number's
 * hash, kept after the number itself was removed (retention), so there is nothing left to compute
 * it from; it stays as it is and still counts a caller once (it is never looked up by number).
 */
export const NOT_RECOMPUTED: Record<string, string> = {
  'contacts.caller_pseudonym': "a keyed hash of the number's hash, kept after retention removed the number: nothing left to recompute it from",
};

/** Where a flag written before it kept its number may find that number: rows with the same phone hash. */
export const NUMBER_SOURCES: readonly { table: string; column: EncryptedColumn; hash: string; where?: string }[] = [
  { table: 'contacts', column: Encrypted.contactPhone, hash: 'phone_hash' },
  { table: 'person_identifiers', column: Encrypted.personIdentifier, hash: 'value_hash', where: `kind = 'phone'` },
  { table: 'callbacks', column: Encrypted.callbackPhone, hash: 'phone_hash' },
  { table: 'telephony_calls', column: Encrypted.callParty, hash: 'party_hash' },
  { table: 'conversations', column: Encrypted.conversationPhone, hash: 'phone_hash' },
];
