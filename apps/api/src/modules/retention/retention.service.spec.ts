import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import type { FieldContext } from '#api/core/crypto/field-cipher';
import { strictFake } from '#api/testing/strict-fake';
import type { CaseAttachmentsService } from '../cases/case-attachments.service';
import type { IdentifierVault } from '../people/identifier-vault';
import type { RetentionSettings } from './retention-settings.entity';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

const tx = { transaction: 'tx' } as unknown as EntityManager;
const supervisor: Actor = { userId: 'sup-1', email: 'sup@mayak.kz', roles: ['supervisor'], officeIds: ['office-1'], sessionId: 's-1', permissions: [] };
const settings = {
  id: 1,
  contactsWithoutCaseDays: 365,
  closedCasesDays: 1825,
  updatedById: null,
  updatedAt: new Date('2031-01-01T00:00:00.000Z'),
  version: 2,
} as RetentionSettings;

function setup() {
  const retention = strictFake<RetentionRepository>('RetentionRepository');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const audit = strictFake<AuditService>('AuditService');
  const attachments = strictFake<CaseAttachmentsService>('CaseAttachmentsService');
  retention.transaction.mockImplementation((work) => work(tx));
  retention.settings.mockResolvedValue({ ...settings });
  audit.record.mockResolvedValue();
  vault.encrypt.mockImplementation((value: string, at: FieldContext) => `sealed(${value})@${at.table}.${at.column}.${at.row}`);
  vault.callerPseudonym.mockImplementation((hash: string) => `pseudonym-of-${hash}`);
  return { service: new RetentionService(retention, vault, audit, attachments), retention, vault, audit, attachments };
}

/** A run with nothing past its period in any step but those set up after. */
function nothingDue(f: ReturnType<typeof setup>) {
  f.retention.claimCasesDue.mockResolvedValue([]);
  f.attachments.sweep.mockResolvedValue(0);
  f.retention.claimContactsDue.mockResolvedValue([]);
  f.retention.claimPeopleDue.mockResolvedValue([]);
  f.retention.claimInboundWebhooksDue.mockResolvedValue([]);
  f.retention.countHeld.mockResolvedValue(0);
}

describe('RetentionService', () => {
  // A run that anonymised something logs it; the tests need not print it.
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('a run with nothing due changes nothing and still records that it ran', async () => {
    const f = setup();
    nothingDue(f);
    f.retention.countHeld.mockResolvedValue(3);

    await expect(f.service.run()).resolves.toEqual({ dryRun: false, contacts: 0, cases: 0, people: 0, heldCases: 3, complete: true });

    expect(f.retention.claimCasesDue).toHaveBeenCalledWith(tx, 1825, 500);
    expect(f.retention.claimContactsDue).toHaveBeenCalledWith(tx, 365, 500);
    expect(f.audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ summary: expect.objectContaining({ heldCases: 3, contactsWithoutCaseDays: 365, closedCasesDays: 1825 }) }),
    );
  });

  it('a case past its period loses its texts and files, and its finished callbacks their numbers, sealed per row', async () => {
    const f = setup();
    nothingDue(f);
    f.retention.claimCasesDue.mockResolvedValueOnce(['case-1']).mockResolvedValue([]);
    f.retention.eraseCaseTexts.mockResolvedValue();
    f.attachments.eraseWithCases.mockResolvedValue(1);
    f.retention.claimFinishedCallbacksOfCases.mockResolvedValue(['cb-1']);
    f.retention.blankCallbackPhones.mockResolvedValue();

    await expect(f.service.run()).resolves.toMatchObject({ cases: 1 });

    expect(f.retention.eraseCaseTexts).toHaveBeenCalledWith(tx, ['case-1']);
    expect(f.attachments.eraseWithCases).toHaveBeenCalledWith(tx, ['case-1']);
    expect(f.retention.blankCallbackPhones).toHaveBeenCalledWith(tx, ['cb-1'], ['sealed()@callbacks.phone_encrypted.cb-1']);
  });

  it('contacts lose their number for a pseudonym that the number’s kept contacts share; a step that is not drained says the run is incomplete', async () => {
    const f = setup();
    nothingDue(f);
    const full = Array.from({ length: 500 }, (_, n) => `k-${n}`);
    // Every batch comes back full: the run stops after its limit of batches and is not complete.
    f.retention.claimContactsDue.mockResolvedValue(full);
    f.retention.lockContacts.mockResolvedValue([
      { id: 'k-0', phoneHash: 'h-0' },
      { id: 'k-1', phoneHash: null },
    ]);
    f.retention.anonymiseContacts.mockResolvedValue();
    f.retention.setCallerPseudonyms.mockResolvedValue();
    f.retention.eraseCallsAndVoicemails.mockResolvedValue();
    f.retention.claimMessagesOfContacts.mockResolvedValue([]);
    f.retention.eraseMessageAttachments.mockResolvedValue();
    f.retention.claimFinishedCallbacksOfContacts.mockResolvedValue([]);
    f.retention.claimConversationsAllAnonymised.mockResolvedValue([]);

    const report = await f.service.run();

    expect(report).toMatchObject({ contacts: 500 * 200, complete: false });
    expect(f.retention.anonymiseContacts).toHaveBeenCalledWith(tx, ['k-0', 'k-1'], ['pseudonym-of-h-0', null]);
    expect(f.retention.setCallerPseudonyms).toHaveBeenCalledWith(tx, ['h-0'], ['pseudonym-of-h-0']);
    expect(f.retention.blankMessageBodies).not.toHaveBeenCalled();
  });

  it('the preview counts without changing anything, and is audited only for a person', async () => {
    const f = setup();
    f.retention.countDue.mockResolvedValue({ cases: 1, contacts: 2, people: 3, held: 4 });

    await expect(f.service.preview(null)).resolves.toEqual({ dryRun: true, cases: 1, contacts: 2, people: 3, heldCases: 4, complete: true });
    expect(f.audit.record).not.toHaveBeenCalled();
    await f.service.preview(supervisor);
    expect(f.audit.record).toHaveBeenCalledTimes(1);
  });

  it('changing the settings from a stale version is refused', async () => {
    const f = setup();
    await expect(f.service.update(supervisor, { version: 1, contactsWithoutCaseDays: 30, closedCasesDays: 30 })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a legal hold on a case outside the actor’s offices is a 404; lifting one forgets its reason', async () => {
    const f = setup();
    f.retention.lockCaseInOffices.mockResolvedValueOnce(null);
    await expect(f.service.setLegalHold(supervisor, 'case-9', true, 'court order')).rejects.toMatchObject({ code: 'not_found' });

    f.retention.lockCaseInOffices.mockResolvedValue({ id: 'case-1', officeId: 'office-1' });
    f.retention.setLegalHold.mockResolvedValue();
    await expect(f.service.setLegalHold(supervisor, 'case-1', false, 'court order')).resolves.toEqual({ legalHold: false, legalHoldReason: null });
    expect(f.retention.setLegalHold).toHaveBeenCalledWith(tx, 'case-1', false, null);
  });
});
