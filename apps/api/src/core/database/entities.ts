import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditSeal } from '../audit/audit-seal.entity';
import { RecoveryCode } from '../auth/recovery-code.entity';
import { Session } from '../auth/session.entity';
import { Office } from '../../modules/offices/office.entity';
import { User } from '../../modules/users/user.entity';
import { AccountLink } from '../../modules/users/account-link.entity';
import { Person } from '../../modules/people/person.entity';
import { PersonIdentifier } from '../../modules/people/person-identifier.entity';
import { PersonFlag } from '../../modules/people/person-flag.entity';
import { PersonMerge } from '../../modules/people/person-merge.entity';
import { Contact } from '../../modules/contacts/contact.entity';
import { Case } from '../../modules/cases/case.entity';
import { CaseReferenceSequence } from '../../modules/cases/case-reference-sequence.entity';
import { CaseEvent } from '../../modules/cases/case-event.entity';
import { CaseTask } from '../../modules/cases/case-task.entity';
import { CaseConsent } from '../../modules/cases/case-consent.entity';
import { CaseShare } from '../../modules/cases/case-share.entity';
import { CaseTransfer } from '../../modules/cases/case-transfer.entity';
import { CasePlan } from '../../modules/cases/case-plan.entity';
import { CaseAttachment } from '../../modules/cases/case-attachment.entity';
import { TraffickingEvent } from '../../modules/cases/trafficking-event.entity';
import { Alert } from '../../modules/alerts/alert.entity';
import { Organisation } from '../../modules/directory/organisation.entity';
import { KnowledgeArticle } from '../../modules/knowledge/article.entity';
import { ContactArticle } from '../../modules/knowledge/contact-article.entity';
import { Referral } from '../../modules/referrals/referral.entity';
import { TelephonyCall } from '../../modules/telephony/call.entity';
import { OperatorPresence } from '../../modules/telephony/operator-presence.entity';
import { TelephonyLine } from '../../modules/telephony/telephony-line.entity';
import { Voicemail } from '../../modules/telephony/voicemail.entity';
import { RecordedPrompt } from '../../modules/telephony/recorded-prompt.entity';
import { Conversation } from '../../modules/messaging/conversation.entity';
import { ConversationMessage } from '../../modules/messaging/conversation-message.entity';
import { InboundWebhook } from '../../modules/messaging/inbound-webhook.entity';
import { QuickReply } from '../../modules/messaging/quick-reply.entity';
import { MessageAttachment } from '../../modules/messaging/message-attachment.entity';
import { WebchatSession } from '../../modules/messaging/webchat-session.entity';
import { MessageTemplate } from '../../modules/messaging/message-template.entity';
import { Callback } from '../../modules/callbacks/callback.entity';
import { CallbackAttempt } from '../../modules/callbacks/callback-attempt.entity';
import { KnowledgeFile } from '../../modules/knowledge/knowledge-file.entity';
import { RetentionSettings } from '../../modules/retention/retention-settings.entity';
import { OutboundMail } from '../mail/mail.entity';
import { Notification } from '../../modules/notifications/notification.entity';
import { NotificationPreference } from '../../modules/notifications/notification-preference.entity';

export const ENTITIES = [
  Office, User, AccountLink, Session, RecoveryCode, AuditEntry, AuditSeal,
  Person, PersonIdentifier, PersonFlag, PersonMerge, Contact,
  Case, CaseReferenceSequence, CaseEvent, CaseTask, CaseConsent, CaseShare, CaseTransfer, CaseAttachment, CasePlan, TraffickingEvent, Alert,
  Organisation, KnowledgeArticle, KnowledgeFile, ContactArticle, Referral,
  TelephonyCall, OperatorPresence, TelephonyLine, Voicemail, RecordedPrompt, Conversation, ConversationMessage, InboundWebhook, QuickReply, MessageAttachment, WebchatSession, MessageTemplate, Callback, CallbackAttempt, RetentionSettings, OutboundMail, Notification, NotificationPreference,
];
