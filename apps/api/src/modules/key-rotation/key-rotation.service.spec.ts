import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import { BlindIndex } from '#api/core/crypto/blind-index';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import { FieldCipher } from '#api/core/crypto/field-cipher';
import type { BlobStore } from '#api/core/storage/blob-store';
import { strictFake } from '#api/testing/strict-fake';
import { IdentifierVault } from '../people/identifier-vault';
import { KeyRotationRepository } from './key-rotation.repository';
import { KeyRotationService } from './key-rotation.service';
import type { StoredRow } from './rotation-plan';

const tx = { transaction: 'tx' } as unknown as EntityManager;
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const h1 = randomBytes(32);
const h2 = randomBytes(32);
const SECRET = 'JBSWY3DPEHPK3PXP';
const NUMBER = '+77011234567';

const oldCipher = new FieldCipher([{ id: 'k1', key: k1 }], 'k1');
const cipher = new FieldCipher(
  [
    { id: 'k1', key: k1 },
    { id: 'k2', key: k2 },
  ],
  'k2',
);
const oldBlind = new BlindIndex([{ id: 'h1', key: h1 }]);
const blind = new BlindIndex(
  [
    { id: 'h1', key: h1 },
    { id: 'h2', key: h2 },
  ],
  'h2',
);

const mfaRow = (id: string, under: FieldCipher): StoredRow => ({ id, mfa_secret_encrypted: under.encrypt(SECRET, Encrypted.userMfaSecret.at(id)) });

function setup() {
  const rotation = strictFake<KeyRotationRepository>('KeyRotationRepository');
  const store = strictFake<BlobStore>('BlobStore');
  const audit = strictFake<AuditService>('AuditService');
  rotation.transaction.mockImplementation((work) => work(tx));
  rotation.sealedFiles.mockResolvedValue([]);
  const service = new KeyRotationService(rotation, cipher, blind, new IdentifierVault(cipher, blind), store, audit);
  return { service, rotation, store, audit };
}

/** Only `table` has rows (one batch); every other table of the plan is empty. */
function rowsIn(rotation: ReturnType<typeof setup>['rotation'], table: string, rows: StoredRow[]) {
  rotation.encryptedRows.mockImplementation(async (t, after) => (t.table === table && after === null ? rows : []));
}

describe('KeyRotationService', () => {
  it('refuses a --from step that does not exist, reading nothing', async () => {
    const { service } = setup();
    await expect(service.run({ mode: 'rotate', from: { step: 'passwords', after: null } })).rejects.toThrow('--from: no step "passwords"');
  });

  it('only counts in check mode: no write, no audit row', async () => {
    const { service, rotation } = setup();
    rowsIn(rotation, 'users', [mfaRow('u-1', oldCipher), mfaRow('u-2', cipher)]);

    const report = await service.run({ mode: 'check', from: { step: 'users', after: null } });

    expect(report.columns['users.mfa_secret_encrypted']).toEqual({ k1: 1, k2: 1 });
    expect(report).toMatchObject({ scanned: 2, rewritten: 0, stoppedAt: null });
    expect(rotation.transaction).not.toHaveBeenCalled();
  });

  it('rewrites only the values not yet under the active key, compare-and-set on what was read, and audits the run', async () => {
    const { service, rotation, audit } = setup();
    const old = mfaRow('u-1', oldCipher);
    rowsIn(rotation, 'users', [old, mfaRow('u-2', cipher)]);
    rotation.compareAndSet.mockImplementation(async (_m, _t, _c, _h, rewrites) => rewrites.map((w) => w.id));
    audit.record.mockResolvedValue();

    const report = await service.run({ mode: 'rotate', from: { step: 'users', after: null } });

    expect(rotation.compareAndSet).toHaveBeenCalledTimes(1);
    const [m, table, column, hashes, rewrites] = rotation.compareAndSet.mock.calls[0];
    expect([m, table.table, column, hashes]).toEqual([tx, 'users', 'mfa_secret_encrypted', []]);
    expect(rewrites).toEqual([{ id: 'u-1', oldValue: old.mfa_secret_encrypted, newValue: expect.stringMatching(/^v2\.k2\./), hashes: [] }]);
    expect(cipher.decrypt(rewrites[0].newValue, Encrypted.userMfaSecret.at('u-1'))).toBe(SECRET);
    expect(report).toMatchObject({ scanned: 2, rewritten: 1, changedMeanwhile: 0, stoppedAt: null, columns: { 'users.mfa_secret_encrypted': { k2: 2 } } });
    expect(audit.record).toHaveBeenCalledWith({
      action: AuditAction.KeysRotated,
      summary: expect.objectContaining({ encryptionKey: 'k2', hashKey: 'h2', scanned: 2, rewritten: 1, complete: true, from: 'users' }),
    });
  });

  it('leaves a row changed meanwhile as it is and reports it', async () => {
    const { service, rotation, audit } = setup();
    rowsIn(rotation, 'users', [mfaRow('u-1', oldCipher)]);
    rotation.compareAndSet.mockResolvedValue([]);
    audit.record.mockResolvedValue();

    const report = await service.run({ mode: 'rotate', from: { step: 'users', after: null } });

    expect(report).toMatchObject({ rewritten: 0, changedMeanwhile: 1 });
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: expect.objectContaining({ changedMeanwhile: 1 }) }));
  });

  it('reports a value that does not open with the configured keys and never writes it', async () => {
    const { service, rotation, audit } = setup();
    const foreign = new FieldCipher([{ id: 'k0', key: randomBytes(32) }], 'k0');
    rowsIn(rotation, 'users', [mfaRow('u-1', foreign)]);
    audit.record.mockResolvedValue();

    const report = await service.run({ mode: 'rotate', from: { step: 'users', after: null } });

    expect(report.unreadable).toEqual({ 'users.mfa_secret_encrypted': 1 });
    expect(rotation.transaction).not.toHaveBeenCalled();
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: expect.objectContaining({ unreadable: 1 }) }));
  });

  it('recomputes a hash under the active hash key without re-encrypting a value already under the active key', async () => {
    const { service, rotation, audit } = setup();
    const phone = cipher.encrypt(NUMBER, Encrypted.contactPhone.at('c-1'));
    const oldHash = oldBlind.of('phone', NUMBER);
    rowsIn(rotation, 'contacts', [{ id: 'c-1', phone_encrypted: phone, phone_hash: oldHash }]);
    rotation.compareAndSet.mockImplementation(async (_m, _t, _c, _h, rewrites) => rewrites.map((w) => w.id));
    audit.record.mockResolvedValue();

    const report = await service.run({ mode: 'rotate', from: { step: 'contacts', after: null } });

    expect(rotation.compareAndSet).toHaveBeenCalledWith(tx, expect.objectContaining({ table: 'contacts' }), 'phone_encrypted', expect.any(Array), [
      { id: 'c-1', oldValue: phone, newValue: phone, hashes: [{ old: oldHash, new: blind.of('phone', NUMBER) }] },
    ]);
    expect(report).toMatchObject({ rewritten: 0, rehashed: 1, hashes: { 'contacts.phone_hash': { h2: 1 } } });
  });

  it('stops at maxBatches and says where to go on from', async () => {
    const { service, rotation, audit } = setup();
    rotation.encryptedRows.mockResolvedValue([mfaRow('u-1', cipher), mfaRow('u-2', cipher)]);
    audit.record.mockResolvedValue();

    const report = await service.run({ mode: 'rotate', batchSize: 2, maxBatches: 1, from: { step: 'users', after: 'u-0' } });

    expect(rotation.encryptedRows).toHaveBeenCalledTimes(1);
    expect(rotation.encryptedRows).toHaveBeenCalledWith(expect.objectContaining({ table: 'users' }), 'u-0', 2);
    expect(report.stoppedAt).toEqual({ step: 'users', after: 'u-2' });
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: expect.objectContaining({ complete: false }) }));
  });

  describe('sealed files', () => {
    it('seals a file again under the active key, bound to its row', async () => {
      const { service, rotation, store, audit } = setup();
      rotation.sealedFiles.mockImplementation(async (step) => (step === 'case_attachment_files' ? [{ id: 'f-1', storageKey: 'case/f-1' }] : []));
      store.get.mockResolvedValue(oldCipher.sealBytes(Buffer.from('statement'), 'case-attachment:f-1'));
      store.put.mockResolvedValue();
      rotation.isFileStillKept.mockResolvedValue(true);
      audit.record.mockResolvedValue();

      const report = await service.run({ mode: 'rotate', from: { step: 'case_attachment_files', after: null } });

      const [key, resealed] = store.put.mock.calls[0];
      expect(key).toBe('case/f-1');
      expect(cipher.sealedKeyId(resealed)).toBe('k2');
      expect(cipher.openBytes(resealed, 'case-attachment:f-1').toString()).toBe('statement');
      expect(rotation.isFileStillKept).toHaveBeenCalledWith('case_attachment_files', 'f-1', 'case/f-1');
      expect(report).toMatchObject({ filesResealed: 1, files: { k2: 1 } });
    });

    it('deletes a file whose row let go of it while it was resealed', async () => {
      const { service, rotation, store, audit } = setup();
      rotation.sealedFiles.mockImplementation(async (step) => (step === 'attachment_files' ? [{ id: 'a-1', storageKey: 'att/a-1' }] : []));
      store.get.mockResolvedValue(oldCipher.sealBytes(Buffer.from('photo'), 'attachment:a-1'));
      store.put.mockResolvedValue();
      store.delete.mockResolvedValue();
      rotation.isFileStillKept.mockResolvedValue(false);
      audit.record.mockResolvedValue();

      const report = await service.run({ mode: 'rotate', from: { step: 'attachment_files', after: null } });

      expect(store.delete).toHaveBeenCalledWith('att/a-1');
      expect(report.filesResealed).toBe(0);
    });

    it('only counts files in check mode', async () => {
      const { service, rotation, store } = setup();
      rotation.sealedFiles.mockImplementation(async (step) => (step === 'knowledge_files' ? [{ id: 'k-1', storageKey: 'kb/k-1' }] : []));
      store.get.mockResolvedValue(oldCipher.sealBytes(Buffer.from('guide'), 'knowledge-file:k-1'));

      const report = await service.run({ mode: 'check', from: { step: 'knowledge_files', after: null } });

      expect(report).toMatchObject({ scanned: 1, filesResealed: 0, files: { k1: 1 } });
    });
  });

  describe('flags on a number without the number', () => {
    const flagged = { id: 'flag-1', phoneHash: oldBlind.of('phone', NUMBER) };
    const contactNumber = { id: 'c-1', value: oldCipher.encrypt(NUMBER, Encrypted.contactPhone.at('c-1')) };

    it('links a flag to the number another row holds under its hash', async () => {
      const { service, rotation, audit } = setup();
      rotation.flagsWithoutNumber.mockResolvedValue([flagged]);
      rotation.numbersUnderHash.mockImplementation(async (source) => (source.table === 'contacts' ? [contactNumber] : []));
      rotation.linkFlagToNumber.mockResolvedValue(true);
      rowsIn(rotation, 'none', []);
      audit.record.mockResolvedValue();

      const report = await service.run({ mode: 'rotate', from: { step: 'person_flags', after: null } });

      expect(rotation.numbersUnderHash).toHaveBeenCalledWith(expect.objectContaining({ table: 'contacts' }), flagged.phoneHash);
      const [id, encrypted, hash, readHash] = rotation.linkFlagToNumber.mock.calls[0];
      expect([id, hash, readHash]).toEqual(['flag-1', blind.of('phone', NUMBER), flagged.phoneHash]);
      expect(cipher.decrypt(encrypted, Encrypted.flagPhone.at('flag-1'))).toBe(NUMBER);
      expect(report.flags).toEqual({ linked: 1, linkable: 0, withoutNumber: 0 });
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: expect.objectContaining({ flagsLinked: 1 }) }));
    });

    it('counts a flag whose number is in no other row, and one a run would link, without writing in check mode', async () => {
      const { service, rotation } = setup();
      const orphan = { id: 'flag-2', phoneHash: oldBlind.of('phone', '+77019999999') };
      rotation.flagsWithoutNumber.mockResolvedValue([flagged, orphan]);
      rotation.numbersUnderHash.mockImplementation(async (source, hash) => (source.table === 'contacts' && hash === flagged.phoneHash ? [contactNumber] : []));
      rowsIn(rotation, 'none', []);

      const report = await service.run({ mode: 'check', from: { step: 'person_flags', after: null } });

      expect(report.flags).toEqual({ linked: 0, linkable: 1, withoutNumber: 1 });
    });
  });
});
