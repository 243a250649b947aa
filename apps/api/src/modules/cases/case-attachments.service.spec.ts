import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import type { AppConfig } from '#api/core/config/app-config';
import type { Actor } from '#api/core/context/request-context';
import type { FieldCipher } from '#api/core/crypto/field-cipher';
import type { BlobStore } from '#api/core/storage/blob-store';
import { strictFake } from '#api/testing/strict-fake';
import type { CaseAttachment } from './case-attachment.entity';
import { CaseAttachmentsRepository } from './case-attachments.repository';
import { CaseAttachmentsService } from './case-attachments.service';
import type { CaseTimeline } from './case-timeline.service';
import type { Case } from './case.entity';
import type { CasesService } from './cases.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const config = { caseAttachmentMaxBytes: 1024 * 1024 } as AppConfig;
const worker: Actor = {
  userId: 'worker-1',
  email: 'worker@mayak.kz',
  roles: ['case_worker'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['cases.manage', 'cases.contribute'],
};
const reader: Actor = { ...worker, userId: 'reader-1', permissions: [] };
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');

const aCase = (fields: Partial<Case> = {}) => ({ id: 'case-1', officeId: 'office-1', status: 'in_progress', legalHold: false, ...fields }) as Case;

function aFile(fields: Partial<CaseAttachment> = {}): CaseAttachment {
  return {
    id: 'file-1',
    caseId: 'case-1',
    fileName: 'passport.pdf',
    contentType: 'application/pdf',
    sizeBytes: PDF.length,
    category: 'identity',
    description: null,
    storageKey: 'case-attachments/file-1',
    uploadedById: 'worker-1',
    status: 'kept',
    createdAt: NOW,
    ...fields,
  } as CaseAttachment;
}

function setup() {
  const repository = strictFake<CaseAttachmentsRepository>('CaseAttachmentsRepository');
  const cases = strictFake<CasesService>('CasesService');
  const timeline = strictFake<CaseTimeline>('CaseTimeline');
  const store = strictFake<BlobStore>('BlobStore');
  const cipher = strictFake<FieldCipher>('FieldCipher');
  const audit = strictFake<AuditService>('AuditService');
  repository.transaction.mockImplementation((work) => work(tx));
  const service = new CaseAttachmentsService(repository, cases, timeline, store, cipher, audit, config);
  return { service, repository, cases, timeline, store, cipher, audit };
}

const upload = (body: unknown = PDF, declaredType = 'application/pdf') => ({ name: 'passport', category: 'identity' as never, declaredType, body });

describe('CaseAttachmentsService', () => {
  it('adding a file needs cases.contribute, and nothing is stored without it', async () => {
    const f = setup();
    f.cases.require.mockResolvedValue(aCase());
    await expect(f.service.add(reader, 'case-1', upload())).rejects.toMatchObject({ code: 'forbidden' });
    expect(f.store.put).not.toHaveBeenCalled();
  });

  it('a closed case takes no files', async () => {
    const f = setup();
    f.cases.require.mockResolvedValue(aCase({ status: 'closed' }));
    await expect(f.service.add(worker, 'case-1', upload())).rejects.toMatchObject({ code: 'case_closed' });
    expect(f.store.put).not.toHaveBeenCalled();
  });

  it('a file that is not what its type says is refused before it is stored; an empty body is an empty file', async () => {
    const f = setup();
    f.cases.require.mockResolvedValue(aCase());
    await expect(f.service.add(worker, 'case-1', upload(Buffer.from('not a picture at all'), 'image/png'))).rejects.toMatchObject({
      code: 'file_rejected',
      extra: { errors: [expect.objectContaining({ code: 'type_mismatch' })] },
    });
    await expect(f.service.add(worker, 'case-1', upload(null))).rejects.toMatchObject({
      code: 'file_rejected',
      extra: { errors: [expect.objectContaining({ code: 'empty' })] },
    });
    expect(f.store.put).not.toHaveBeenCalled();
  });

  it('a file is sealed bound to its row, recorded with the timeline and the audit log, and shown with its uploader', async () => {
    const f = setup();
    f.cases.require.mockResolvedValue(aCase());
    f.cipher.sealBytes.mockReturnValue(Buffer.from('sealed'));
    f.store.put.mockResolvedValue(undefined as never);
    f.repository.insert.mockResolvedValue();
    f.timeline.record.mockResolvedValue();
    f.audit.record.mockResolvedValue();
    f.repository.findOnCase.mockImplementation(async (_caseId, id) => aFile({ id }));
    f.repository.userRefs.mockResolvedValue(new Map([['worker-1', { id: 'worker-1', displayName: 'Dana' }]]));

    const dto = await f.service.add(worker, 'case-1', upload());

    const [[sealedBytes, context]] = f.cipher.sealBytes.mock.calls;
    expect(sealedBytes.equals(PDF)).toBe(true);
    expect(context).toBe(`case-attachment:${dto.id}`);
    expect(f.store.put).toHaveBeenCalledWith(`case-attachments/${dto.id}`, Buffer.from('sealed'));
    expect(f.cases.require).toHaveBeenLastCalledWith(worker, 'case-1', tx, true);
    expect(f.repository.insert).toHaveBeenCalledWith(
      tx,
      expect.objectContaining({
        id: dto.id,
        caseId: 'case-1',
        contentType: 'application/pdf',
        sizeBytes: PDF.length,
        description: null,
        uploadedById: 'worker-1',
      }),
    );
    expect(f.audit.record).toHaveBeenCalledWith(
      expect.objectContaining({
        action: AuditAction.CaseAttachmentAdded,
        entityId: 'case-1',
        summary: expect.objectContaining({ attachmentId: dto.id, sizeBytes: PDF.length }),
      }),
      tx,
    );
    expect(dto).toMatchObject({ uploadedBy: { id: 'worker-1', displayName: 'Dana' }, createdAt: NOW.toISOString() });
  });

  it('when the case closed meanwhile, the stored file is deleted again and nothing is recorded', async () => {
    const f = setup();
    f.cases.require.mockResolvedValueOnce(aCase()).mockResolvedValueOnce(aCase({ status: 'closed' }));
    f.cipher.sealBytes.mockReturnValue(Buffer.from('sealed'));
    f.store.put.mockResolvedValue(undefined as never);
    f.store.delete.mockResolvedValue(undefined as never);
    await expect(f.service.add(worker, 'case-1', upload())).rejects.toMatchObject({ code: 'case_closed' });
    expect(f.store.delete).toHaveBeenCalledWith(f.store.put.mock.calls[0][0]);
    expect(f.repository.insert).not.toHaveBeenCalled();
  });

  it('opening a file is audited; a removed one is a 404', async () => {
    const f = setup();
    f.cases.require.mockResolvedValue(aCase());
    f.repository.findOnCase.mockResolvedValue(aFile({ status: 'removed' }));
    await expect(f.service.open(reader, 'case-1', 'file-1')).rejects.toMatchObject({ code: 'not_found' });

    f.repository.findOnCase.mockResolvedValue(aFile());
    f.store.get.mockResolvedValue(Buffer.from('sealed'));
    f.cipher.openBytes.mockReturnValue(PDF);
    f.audit.record.mockResolvedValue();
    await expect(f.service.open(reader, 'case-1', 'file-1')).resolves.toMatchObject({ bytes: PDF });
    expect(f.cipher.openBytes).toHaveBeenCalledWith(Buffer.from('sealed'), 'case-attachment:file-1');
    expect(f.audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ action: AuditAction.CaseAttachmentOpened, summary: expect.objectContaining({ attachmentId: 'file-1' }) }),
    );
  });

  it('a case under legal hold keeps its files', async () => {
    const f = setup();
    f.cases.requireManage.mockResolvedValue(aCase({ legalHold: true }));
    f.repository.findOnCase.mockResolvedValue(aFile());
    await expect(f.service.remove(worker, 'case-1', 'file-1')).rejects.toMatchObject({ code: 'case_on_legal_hold' });
    expect(f.repository.markRemoved).not.toHaveBeenCalled();
  });

  it('a removal is recorded first, then the file goes from the store; a failed deletion is left to the sweep', async () => {
    const f = setup();
    f.cases.requireManage.mockResolvedValue(aCase());
    f.repository.findOnCase.mockResolvedValue(aFile());
    f.repository.markRemoved.mockResolvedValue(true);
    f.timeline.record.mockResolvedValue();
    f.audit.record.mockResolvedValue();
    f.store.delete.mockRejectedValue(new Error('store down'));

    await expect(f.service.remove(worker, 'case-1', 'file-1')).resolves.toBeUndefined();

    expect(f.repository.findOnCase).toHaveBeenCalledWith('case-1', 'file-1', tx, true);
    expect(f.repository.markRemoved).toHaveBeenCalledWith(tx, 'file-1', 'worker-1');
    expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: AuditAction.CaseAttachmentRemoved }), tx);
    expect(f.repository.forgetFile).not.toHaveBeenCalled();
  });
});
