import type { FieldContext } from './field-cipher';

/** A column that holds FieldCipher values, and how its rows are named in the values' context. */
export class EncryptedColumn {
  constructor(
    readonly table: string,
    readonly column: string,
    readonly idColumn = 'id',
  ) {}

  /** The context a value of this column in row `row` is bound to. */
  at(row: string): FieldContext {
    return { table: this.table, column: this.column, row };
  }
}

/**
 * Every encrypted column of the schema, in one place: services encrypt and decrypt through these,
 * `npm run keys:rotate` walks them, and a test holds this list against the database (every
 * `*_encrypted` column must be here).
 */
export const Encrypted = {
  userMfaSecret: new EncryptedColumn('users', 'mfa_secret_encrypted'),
  sessionPendingMfaSecret: new EncryptedColumn('sessions', 'pending_mfa_secret_encrypted'),
  personName: new EncryptedColumn('people', 'name_encrypted'),
  personIdentifier: new EncryptedColumn('person_identifiers', 'value_encrypted'),
  flagPhone: new EncryptedColumn('person_flags', 'phone_encrypted'),
  contactPhone: new EncryptedColumn('contacts', 'phone_encrypted'),
  callParty: new EncryptedColumn('telephony_calls', 'party_encrypted'),
  presenceRingTarget: new EncryptedColumn('operator_presence', 'ring_target_encrypted', 'user_id'),
  callbackPhone: new EncryptedColumn('callbacks', 'phone_encrypted'),
  lineForwardTo: new EncryptedColumn('telephony_lines', 'forward_to_encrypted', 'line_number'),
  voicemailAudio: new EncryptedColumn('voicemails', 'audio_encrypted'),
  conversationAddress: new EncryptedColumn('conversations', 'address_encrypted'),
  conversationPhone: new EncryptedColumn('conversations', 'phone_encrypted'),
  conversationDisplayName: new EncryptedColumn('conversations', 'display_name_encrypted'),
  messageBody: new EncryptedColumn('conversation_messages', 'body_encrypted'),
  messageDetails: new EncryptedColumn('conversation_messages', 'details_encrypted'),
  webhookPayload: new EncryptedColumn('inbound_webhooks', 'payload_encrypted'),
  attachmentSource: new EncryptedColumn('message_attachments', 'source_encrypted'),
  mailContent: new EncryptedColumn('mails', 'content_encrypted'),
} as const;

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = Object.values(Encrypted);
