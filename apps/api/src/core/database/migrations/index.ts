import { Foundation1795000000000 } from './1795000000000-foundation';
import { IntakeAndCases1795100000000 } from './1795100000000-intake-and-cases';
import { Referrals1795200000000 } from './1795200000000-referrals';
import { TelephonyAndCallbacks1795300000000 } from './1795300000000-telephony-and-callbacks';
import { Retention1795400000000 } from './1795400000000-retention';
import { DashboardIndexes1795500000000 } from './1795500000000-dashboard-indexes';
import { DashboardRollups1795600000000 } from './1795600000000-dashboard-rollups';
import { DashboardRefreshByRange1795700000000 } from './1795700000000-dashboard-refresh-by-range';
import { CallbacksContactIndex1795800000000 } from './1795800000000-callbacks-contact-index';
import { OneClock1795900000000 } from './1795900000000-one-clock';
import { UpdatedAtByTheClock1796000000000 } from './1796000000000-updated-at-by-the-clock';
import { AfterCallWork1796100000000 } from './1796100000000-after-call-work';
import { QueueOrder1796200000000 } from './1796200000000-queue-order';
import { OperatorLanguages1796300000000 } from './1796300000000-operator-languages';
import { LineHours1796400000000 } from './1796400000000-line-hours';
import { Voicemail1796500000000 } from './1796500000000-voicemail';
import { RecordedPrompts1796600000000 } from './1796600000000-recorded-prompts';
import { Conversations1796700000000 } from './1796700000000-conversations';
import { QuickReplies1796800000000 } from './1796800000000-quick-replies';
import { MessageAttachments1796900000000 } from './1796900000000-message-attachments';
import { WebchatSessions1797000000000 } from './1797000000000-webchat-sessions';
import { MessageTemplates1797100000000 } from './1797100000000-message-templates';
import { KnowledgeFiles1797200000000 } from './1797200000000-knowledge-files';
import { KeyedAuditChain1797300000000 } from './1797300000000-keyed-audit-chain';
import { CallbackConsentAndNightWindows1797400000000 } from './1797400000000-callback-consent-and-night-windows';
import { FlaggedNumberEncrypted1797500000000 } from './1797500000000-flagged-number-encrypted';
import { MailOutbox1797600000000 } from './1797600000000-mail-outbox';
import { CaseTransfers1797700000000 } from './1797700000000-case-transfers';
import { CaseAttachments1797800000000 } from './1797800000000-case-attachments';
import { CasePlans1797900000000 } from './1797900000000-case-plans';
import { AccountLinks1798000000000 } from './1798000000000-account-links';
import { ActivePersonFlags1798100000000 } from './1798100000000-active-person-flags';
import { ContactCallerKeys1798200000000 } from './1798200000000-contact-caller-keys';
import { TraffickingPictureIndexes1798300000000 } from './1798300000000-trafficking-picture-indexes';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS = [
  Foundation1795000000000,
  IntakeAndCases1795100000000,
  Referrals1795200000000,
  TelephonyAndCallbacks1795300000000,
  Retention1795400000000,
  DashboardIndexes1795500000000,
  DashboardRollups1795600000000,
  DashboardRefreshByRange1795700000000,
  CallbacksContactIndex1795800000000,
  OneClock1795900000000,
  UpdatedAtByTheClock1796000000000,
  AfterCallWork1796100000000,
  QueueOrder1796200000000,
  OperatorLanguages1796300000000,
  LineHours1796400000000,
  Voicemail1796500000000,
  RecordedPrompts1796600000000,
  Conversations1796700000000,
  QuickReplies1796800000000,
  MessageAttachments1796900000000,
  WebchatSessions1797000000000,
  MessageTemplates1797100000000,
  KnowledgeFiles1797200000000,
  KeyedAuditChain1797300000000,
  CallbackConsentAndNightWindows1797400000000,
  FlaggedNumberEncrypted1797500000000,
  MailOutbox1797600000000,
  CaseTransfers1797700000000,
  CaseAttachments1797800000000,
  CasePlans1797900000000,
  AccountLinks1798000000000,
  ActivePersonFlags1798100000000,
  ContactCallerKeys1798200000000,
  TraffickingPictureIndexes1798300000000,
];
