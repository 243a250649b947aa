/** The kinds of record the API audits (`audit_log.entity_type`), each named in the console's languages. */
export const AUDITED_ENTITY_TYPES = [
  'article', 'call', 'caller', 'callback', 'case', 'contact', 'conversation', 'export', 'inbound_webhook', 'line', 'message_attachment', 'message_template',
  'office', 'organisation', 'person', 'prompt', 'queue', 'quick_reply', 'referral', 'report', 'retention', 'retention_settings', 'user', 'voicemail',
] as const;
