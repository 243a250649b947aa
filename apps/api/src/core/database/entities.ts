import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditSeal } from '../audit/audit-seal.entity';
import { RecoveryCode } from '../auth/recovery-code.entity';
import { Session } from '../auth/session.entity';
import { Office } from '../../modules/offices/office.entity';
import { User } from '../../modules/users/user.entity';

export const ENTITIES = [Office, User, Session, RecoveryCode, AuditEntry, AuditSeal];
