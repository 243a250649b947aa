import { AuditEntry } from '../core/audit/audit-entry.entity';
import { AuditSeal } from '../core/audit/audit-seal.entity';
import { RecoveryCode } from '../core/auth/recovery-code.entity';
import { Session } from '../core/auth/session.entity';
import { OutboundMail } from '../core/mail/mail.entity';
import { Alert } from '../modules/alerts/alert.entity';
import { Callback } from '../modules/callbacks/callback.entity';
import { CallbackAttempt } from '../modules/callbacks/callback-attempt.entity';
import { Case } from '../modules/cases/case.entity';
import { CaseAttachment } from '../modules/cases/case-attachment.entity';
import { CaseConsent } from '../modules/cases/case-consent.entity';
import { CaseEvent } from '../modules/cases/case-event.entity';
import { CasePlan } from '../modules/cases/case-plan.entity';
import { CaseReferenceSequence } from '../modules/cases/case-reference-sequence.entity';
import { CaseShare } from '../modules/cases/case-share.entity';
import { CaseTask } from '../modules/cases/case-task.entity';
import { CaseTransfer } from '../modules/cases/case-transfer.entity';
import { TraffickingEvent } from '../modules/cases/trafficking-event.entity';
import { Contact } from '../modules/contacts/contact.entity';
import { Organisation } from '../modules/directory/organisation.entity';
import { KnowledgeArticle } from '../modules/knowledge/article.entity';
import { ContactArticle } from '../modules/knowledge/contact-article.entity';
import { KnowledgeFile } from '../modules/knowledge/knowledge-file.entity';
import { Conversation } from '../modules/messaging/conversation.entity';
import { ConversationMessage } from '../modules/messaging/conversation-message.entity';
import { InboundWebhook } from '../modules/messaging/inbound-webhook.entity';
import { MessageAttachment } from '../modules/messaging/message-attachment.entity';
import { MessageTemplate } from '../modules/messaging/message-template.entity';
import { QuickReply } from '../modules/messaging/quick-reply.entity';
import { WebchatSession } from '../modules/messaging/webchat-session.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { NotificationPreference } from '../modules/notifications/notification-preference.entity';
import { Office } from '../modules/offices/office.entity';
import { Person } from '../modules/people/person.entity';
import { PersonFlag } from '../modules/people/person-flag.entity';
import { PersonIdentifier } from '../modules/people/person-identifier.entity';
import { PersonMerge } from '../modules/people/person-merge.entity';
import { Referral } from '../modules/referrals/referral.entity';
import { RetentionSettings } from '../modules/retention/retention-settings.entity';
import { TelephonyCall } from '../modules/telephony/call.entity';
import { OperatorPresence } from '../modules/telephony/operator-presence.entity';
import { RecordedPrompt } from '../modules/telephony/recorded-prompt.entity';
import { TelephonyLine } from '../modules/telephony/telephony-line.entity';
import { Voicemail } from '../modules/telephony/voicemail.entity';
import { AccountLink } from '../modules/users/account-link.entity';
import { User } from '../modules/users/user.entity';

/**
 * Every entity of the application, by owner. Core names no business entity, so the list is put
 * together here, at the composition root: `EntitiesModule` hands it to the processes' data source,
 * `print-schema-diff` to its own. A new entity goes into its context's folder and into this list
 * (the schema-diff test fails until it is here and in a migration).
 */
export const ENTITIES = [
  // core
  Session,
  RecoveryCode,
  AuditEntry,
  AuditSeal,
  OutboundMail,
  // modules
  Office,
  User,
  AccountLink,
  Person,
  PersonIdentifier,
  PersonFlag,
  PersonMerge,
  Contact,
  Case,
  CaseReferenceSequence,
  CaseEvent,
  CaseTask,
  CaseConsent,
  CaseShare,
  CaseTransfer,
  CaseAttachment,
  CasePlan,
  TraffickingEvent,
  Alert,
  Organisation,
  KnowledgeArticle,
  KnowledgeFile,
  ContactArticle,
  Referral,
  TelephonyCall,
  OperatorPresence,
  TelephonyLine,
  Voicemail,
  RecordedPrompt,
  Conversation,
  ConversationMessage,
  InboundWebhook,
  QuickReply,
  MessageAttachment,
  WebchatSession,
  MessageTemplate,
  Callback,
  CallbackAttempt,
  RetentionSettings,
  Notification,
  NotificationPreference,
];
