import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import { fieldInvalid } from '#api/core/errors/domain-error';
import { strictFake } from '#api/testing/strict-fake';
import type { IdentifierVault } from '../people/identifier-vault';
import type { OperatorPresence } from './operator-presence.entity';
import type { PresenceRepository } from './presence.repository';
import { PresenceService } from './presence.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const operator: Actor = { userId: 'user-1', email: 'op@mayak.kz', roles: ['operator'], officeIds: ['office-1'], sessionId: 's-1', permissions: [] };

function aPresence(fields: Partial<OperatorPresence> = {}): OperatorPresence {
  return {
    userId: 'user-1',
    status: 'available',
    wrapUpUntil: null,
    ringTargetKind: 'console',
    ringTargetEncrypted: null,
    updatedAt: NOW,
    ...fields,
  } as OperatorPresence;
}

function setup() {
  const presence = strictFake<PresenceRepository>('PresenceRepository');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const audit = strictFake<AuditService>('AuditService');
  const clock = new SettableClock(NOW);
  presence.transaction.mockImplementation((work) => work(tx));
  return { service: new PresenceService(presence, vault, audit, clock), presence, vault, audit, clock };
}

describe('PresenceService', () => {
  describe('set', () => {
    it('writes the status with the console as ring target, audits it and answers with the row as stored', async () => {
      const { service, presence, audit } = setup();
      presence.find
        .mockResolvedValueOnce(aPresence({ ringTargetKind: 'phone', ringTargetEncrypted: 'sealed-old' }))
        .mockResolvedValueOnce(aPresence({ status: 'away' }));
      presence.saveChosen.mockResolvedValue();
      audit.record.mockResolvedValue();

      const view = await service.set(operator, { status: 'away', ringTarget: { kind: 'console' } });

      expect(presence.saveChosen).toHaveBeenCalledWith(tx, { userId: 'user-1', status: 'away', ringTargetKind: 'console', ringTargetEncrypted: null });
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.PresenceChanged, entityType: 'user', entityId: 'user-1', summary: { status: 'away', ringTarget: 'console' } },
        tx,
      );
      expect(presence.find).toHaveBeenLastCalledWith('user-1', tx);
      expect(view).toEqual({ status: 'away', wrapUpUntil: null, ringTarget: { kind: 'console', address: null }, updatedAt: NOW.toISOString() });
    });

    it('keeps the current ring target when only the status changes', async () => {
      const { service, presence, audit, vault } = setup();
      presence.find.mockResolvedValue(aPresence({ ringTargetKind: 'sip', ringTargetEncrypted: 'sealed-sip' }));
      presence.saveChosen.mockResolvedValue();
      audit.record.mockResolvedValue();
      vault.decrypt.mockReturnValue('sip:op@pbx.example.org');

      await service.set(operator, { status: 'available' });

      expect(presence.saveChosen).toHaveBeenCalledWith(tx, { userId: 'user-1', status: 'available', ringTargetKind: 'sip', ringTargetEncrypted: 'sealed-sip' });
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: { status: 'available', ringTarget: 'sip' } }), tx);
    });

    it('rings the console for someone who never set a presence', async () => {
      const { service, presence, audit } = setup();
      presence.find.mockResolvedValueOnce(null).mockResolvedValueOnce(aPresence());
      presence.saveChosen.mockResolvedValue();
      audit.record.mockResolvedValue();

      await service.set(operator, { status: 'available' });

      expect(presence.saveChosen).toHaveBeenCalledWith(tx, expect.objectContaining({ ringTargetKind: 'console', ringTargetEncrypted: null }));
    });

    it('stores a phone ring target normalised and sealed for the user’s row', async () => {
      const { service, presence, audit, vault } = setup();
      presence.find.mockResolvedValue(aPresence());
      presence.saveChosen.mockResolvedValue();
      audit.record.mockResolvedValue();
      vault.phone.mockReturnValue({ e164: '+77011234567', hash: 'h', hashes: ['h'] });
      vault.encrypt.mockReturnValue('sealed-phone');

      await service.set(operator, { status: 'available', ringTarget: { kind: 'phone', address: ' 8 701 123 45 67 ' } });

      expect(vault.phone).toHaveBeenCalledWith('8 701 123 45 67', 'ringTarget.address');
      expect(vault.encrypt).toHaveBeenCalledWith('+77011234567', Encrypted.presenceRingTarget.at('user-1'));
      expect(presence.saveChosen).toHaveBeenCalledWith(tx, {
        userId: 'user-1',
        status: 'available',
        ringTargetKind: 'phone',
        ringTargetEncrypted: 'sealed-phone',
      });
    });

    it('refuses a phone or SIP ring target without an address, writing nothing', async () => {
      const { service, presence } = setup();
      presence.find.mockResolvedValue(aPresence());
      await expect(service.set(operator, { status: 'available', ringTarget: { kind: 'phone', address: '   ' } })).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'ringTarget.address', code: 'required' })] },
      });
      await expect(service.set(operator, { status: 'available', ringTarget: { kind: 'sip' } })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'required' })] },
      });
      expect(presence.transaction).not.toHaveBeenCalled();
    });

    it('refuses a phone number the vault cannot read', async () => {
      const { service, presence, vault } = setup();
      presence.find.mockResolvedValue(aPresence());
      vault.phone.mockImplementation(() => {
        throw fieldInvalid('ringTarget.address', 'invalid_phone', 'not a phone number');
      });
      await expect(service.set(operator, { status: 'available', ringTarget: { kind: 'phone', address: 'call me' } })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'invalid_phone' })] },
      });
      expect(presence.transaction).not.toHaveBeenCalled();
    });

    it.each([['not a sip address'], ['sip:op'], [`sip:${'a'.repeat(200)}@pbx.example.org`]])('refuses the SIP address %#', async (address) => {
      const { service, presence } = setup();
      presence.find.mockResolvedValue(aPresence());
      await expect(service.set(operator, { status: 'available', ringTarget: { kind: 'sip', address } })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'ringTarget.address', code: 'invalid_sip' })] },
      });
      expect(presence.transaction).not.toHaveBeenCalled();
    });

    it('stores a SIP address sealed as typed', async () => {
      const { service, presence, audit, vault } = setup();
      presence.find.mockResolvedValue(aPresence());
      presence.saveChosen.mockResolvedValue();
      audit.record.mockResolvedValue();
      vault.encrypt.mockReturnValue('sealed-sip');

      await service.set(operator, { status: 'available', ringTarget: { kind: 'sip', address: 'sips:op@pbx.example.org' } });

      expect(vault.encrypt).toHaveBeenCalledWith('sips:op@pbx.example.org', Encrypted.presenceRingTarget.at('user-1'));
      expect(presence.saveChosen).toHaveBeenCalledWith(tx, expect.objectContaining({ ringTargetKind: 'sip', ringTargetEncrypted: 'sealed-sip' }));
    });
  });

  describe('view', () => {
    it('is away on the console for someone who never set a presence', () => {
      const { service } = setup();
      expect(service.view(null)).toEqual({ status: 'away', wrapUpUntil: null, ringTarget: { kind: 'console', address: null }, updatedAt: null });
    });

    it('shows a wrap-up until its end by the clock, then available', () => {
      const { service, clock } = setup();
      const until = new Date(NOW.getTime() + 30_000);
      const row = aPresence({ status: 'wrap_up', wrapUpUntil: until });
      expect(service.view(row)).toMatchObject({ status: 'wrap_up', wrapUpUntil: until.toISOString() });
      clock.advance(30_000);
      expect(service.view(row)).toMatchObject({ status: 'available', wrapUpUntil: null });
    });

    it('decrypts the ring target bound to the user’s row', () => {
      const { service, vault } = setup();
      vault.decrypt.mockReturnValue('+77011234567');
      expect(service.view(aPresence({ ringTargetKind: 'phone', ringTargetEncrypted: 'sealed' })).ringTarget).toEqual({
        kind: 'phone',
        address: '+77011234567',
      });
      expect(vault.decrypt).toHaveBeenCalledWith('sealed', Encrypted.presenceRingTarget.at('user-1'));
    });
  });

  describe('calls moving presence', () => {
    it('marks busy, or frees only someone busy, in the caller’s transaction', async () => {
      const { service, presence } = setup();
      presence.markBusy.mockResolvedValue();
      presence.releaseBusy.mockResolvedValue();
      await service.markBusy(tx, 'user-1', true);
      expect(presence.markBusy).toHaveBeenCalledWith(tx, 'user-1');
      expect(presence.releaseBusy).not.toHaveBeenCalled();
      await service.markBusy(tx, 'user-1', false);
      expect(presence.releaseBusy).toHaveBeenCalledWith(tx, 'user-1');
    });
  });

  describe('ringTargetOf', () => {
    it('rings the console identity when no phone or SIP address is set', async () => {
      const { service, presence } = setup();
      presence.find.mockResolvedValueOnce(null).mockResolvedValueOnce(aPresence({ ringTargetKind: 'phone', ringTargetEncrypted: null }));
      expect(await service.ringTargetOf('AB-12')).toEqual({ kind: 'console', address: 'op_ab12' });
      expect(await service.ringTargetOf('AB-12', tx)).toEqual({ kind: 'console', address: 'op_ab12' });
      expect(presence.find).toHaveBeenLastCalledWith('AB-12', tx);
    });

    it('rings the phone the user set', async () => {
      const { service, presence, vault } = setup();
      presence.find.mockResolvedValue(aPresence({ ringTargetKind: 'phone', ringTargetEncrypted: 'sealed' }));
      vault.decrypt.mockReturnValue('+77011234567');
      expect(await service.ringTargetOf('user-1')).toEqual({ kind: 'phone', address: '+77011234567' });
    });
  });

  describe('languagesAvailable', () => {
    it('asks nothing for no offices', async () => {
      const { service } = setup();
      expect(await service.languagesAvailable([])).toEqual(new Set());
    });

    it('answers the keys as a set', async () => {
      const { service, presence } = setup();
      presence.languagesAvailable.mockResolvedValue(['office-1:ru', 'office-1:kk']);
      expect(await service.languagesAvailable(['office-1'], tx)).toEqual(new Set(['office-1:ru', 'office-1:kk']));
      expect(presence.languagesAvailable).toHaveBeenCalledWith(['office-1'], tx);
    });
  });
});
