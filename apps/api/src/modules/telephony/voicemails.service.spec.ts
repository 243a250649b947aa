import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import type { FieldCipher } from '#api/core/crypto/field-cipher';
import type { JobQueue } from '#api/core/queue/job-queue.port';
import { JobName } from '#api/core/queue/queue-names';
import { strictFake } from '#api/testing/strict-fake';
import type { TelephonyProvider } from './provider/telephony-provider';
import type { Voicemail } from './voicemail.entity';
import type { VoicemailsRepository } from './voicemails.repository';
import { VoicemailsService } from './voicemails.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const CALL_SID = `CA${'a'.repeat(32)}`;
const RECORDING_SID = `RE${'b'.repeat(32)}`;

const operator: Actor = {
  userId: 'op-1',
  email: 'op@mayak.kz',
  roles: ['operator'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['contacts.read', 'callbacks.read'],
};

function aVoicemail(fields: Partial<Voicemail> = {}): Voicemail {
  return {
    id: 'vm-1',
    createdAt: NOW,
    officeId: 'office-1',
    callId: 'call-1',
    contactId: 'contact-1',
    recordingSid: RECORDING_SID,
    recordingUrl: 'https://api.twilio.test/rec/1',
    durationSeconds: 42,
    status: 'stored',
    contentType: 'audio/mpeg',
    audioEncrypted: 'sealed-audio',
    fetchedAt: NOW,
    ...fields,
  } as Voicemail;
}

function setup() {
  const voicemails = strictFake<VoicemailsRepository>('VoicemailsRepository');
  const provider = strictFake<TelephonyProvider>('TelephonyProvider');
  const cipher = strictFake<FieldCipher>('FieldCipher');
  const queue = strictFake<JobQueue>('JobQueue');
  const audit = strictFake<AuditService>('AuditService');
  const clock = new SettableClock(NOW);
  voicemails.transaction.mockImplementation((work) => work(tx));
  return { service: new VoicemailsService(voicemails, provider, cipher, queue, audit, clock), voicemails, provider, cipher, queue, audit, clock };
}

describe('VoicemailsService', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  describe('recordingStatus', () => {
    const completed = {
      CallSid: CALL_SID,
      RecordingSid: RECORDING_SID,
      RecordingStatus: 'completed',
      RecordingUrl: 'https://api.twilio.test/rec/1',
      RecordingDuration: '41.6',
    };

    it('notes a finished recording with its rounded duration and queues its fetch once per voicemail', async () => {
      const { service, voicemails, queue } = setup();
      voicemails.insertPending.mockResolvedValue('vm-9');
      queue.add.mockResolvedValue();

      await service.recordingStatus(completed);

      expect(voicemails.insertPending).toHaveBeenCalledWith({
        callSid: CALL_SID,
        recordingSid: RECORDING_SID,
        recordingUrl: 'https://api.twilio.test/rec/1',
        durationSeconds: 42,
      });
      expect(queue.add).toHaveBeenCalledWith(JobName.VoicemailFetch, { voicemailId: 'vm-9' }, { jobId: 'voicemail-vm-9', attempts: 6 });
    });

    it('keeps no duration the provider did not give as a number', async () => {
      const { service, voicemails, queue } = setup();
      voicemails.insertPending.mockResolvedValue('vm-9');
      queue.add.mockResolvedValue();
      await service.recordingStatus({ ...completed, RecordingDuration: 'soon' });
      expect(voicemails.insertPending).toHaveBeenCalledWith(expect.objectContaining({ durationSeconds: null }));
    });

    it('queues nothing for a recording already noted (a retried callback)', async () => {
      const { service, voicemails, queue } = setup();
      voicemails.insertPending.mockResolvedValue(null);
      await service.recordingStatus(completed);
      expect(voicemails.insertPending).toHaveBeenCalledTimes(1);
      expect(queue.add).not.toHaveBeenCalled();
    });

    it('ignores a recording that did not complete or has no URL', async () => {
      const { service, voicemails } = setup();
      await service.recordingStatus({ ...completed, RecordingStatus: 'failed' });
      await service.recordingStatus({ ...completed, RecordingUrl: '' });
      expect(voicemails.insertPending).not.toHaveBeenCalled();
    });

    it('refuses ids that are not the provider’s, writing nothing', async () => {
      const { service, voicemails } = setup();
      await expect(service.recordingStatus({ ...completed, CallSid: 'CA123' })).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'CallSid', code: 'invalid_sid' })] },
      });
      await expect(service.recordingStatus({ ...completed, RecordingSid: CALL_SID })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'RecordingSid' })] },
      });
      expect(voicemails.insertPending).not.toHaveBeenCalled();
    });

    it('answers the provider even when the queue is down (reconcile fetches it later)', async () => {
      const { service, voicemails, queue } = setup();
      voicemails.insertPending.mockResolvedValue('vm-9');
      queue.add.mockRejectedValue(new Error('redis down'));
      await expect(service.recordingStatus(completed)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalled();
    });
  });

  describe('fetchAndStore', () => {
    it('does nothing for a voicemail no longer pending', async () => {
      const { service, voicemails, provider } = setup();
      voicemails.findById.mockResolvedValue(aVoicemail({ status: 'stored' }));
      expect(await service.fetchAndStore('vm-1')).toBe('already');
      voicemails.findById.mockResolvedValue(null);
      expect(await service.fetchAndStore('vm-1')).toBe('already');
      expect(provider.fetchRecording).not.toHaveBeenCalled();
    });

    it('seals the audio for its row, stores and audits it, then deletes the provider’s copy', async () => {
      const { service, voicemails, provider, cipher, audit } = setup();
      voicemails.findById.mockResolvedValue(aVoicemail({ status: 'pending', audioEncrypted: null }));
      provider.fetchRecording.mockResolvedValue({ contentType: 'audio/mpeg', bytes: Buffer.from('ID3-audio') });
      cipher.encrypt.mockReturnValue('sealed');
      voicemails.markStored.mockResolvedValue(true);
      audit.record.mockResolvedValue();
      provider.deleteRecording.mockResolvedValue();

      expect(await service.fetchAndStore('vm-1')).toBe('stored');

      expect(provider.fetchRecording).toHaveBeenCalledWith('https://api.twilio.test/rec/1');
      expect(cipher.encrypt).toHaveBeenCalledWith(Buffer.from('ID3-audio').toString('base64'), Encrypted.voicemailAudio.at('vm-1'));
      expect(voicemails.markStored).toHaveBeenCalledWith(tx, 'vm-1', 'audio/mpeg', 'sealed');
      expect(audit.record).toHaveBeenCalledWith(
        {
          action: AuditAction.VoicemailStored,
          entityType: 'voicemail',
          entityId: 'vm-1',
          officeId: 'office-1',
          summary: { callId: 'call-1', durationSeconds: 42, bytes: 9 },
        },
        tx,
      );
      expect(provider.deleteRecording).toHaveBeenCalledWith(RECORDING_SID);
    });

    it('neither audits nor deletes when another fetch stored it first', async () => {
      const { service, voicemails, provider, cipher, audit } = setup();
      voicemails.findById.mockResolvedValue(aVoicemail({ status: 'pending' }));
      provider.fetchRecording.mockResolvedValue({ contentType: 'audio/mpeg', bytes: Buffer.from('ID3-audio') });
      cipher.encrypt.mockReturnValue('sealed');
      voicemails.markStored.mockResolvedValue(false);
      expect(await service.fetchAndStore('vm-1')).toBe('already');
      expect(audit.record).not.toHaveBeenCalled();
      expect(provider.deleteRecording).not.toHaveBeenCalled();
    });

    it('keeps the voicemail stored when the provider’s copy cannot be deleted', async () => {
      const { service, voicemails, provider, cipher, audit } = setup();
      voicemails.findById.mockResolvedValue(aVoicemail({ status: 'pending' }));
      provider.fetchRecording.mockResolvedValue({ contentType: 'audio/wav', bytes: Buffer.from('RIFF') });
      cipher.encrypt.mockReturnValue('sealed');
      voicemails.markStored.mockResolvedValue(true);
      audit.record.mockResolvedValue();
      provider.deleteRecording.mockRejectedValue(new Error('provider down'));
      expect(await service.fetchAndStore('vm-1')).toBe('stored');
      expect(warn).toHaveBeenCalled();
    });
  });

  describe('reconcile', () => {
    it('gives up the day-old ones and queues the rest again under a job id that changes every ten minutes of the clock', async () => {
      const { service, voicemails, queue, clock } = setup();
      clock.set(new Date(1_800_000_000_000));
      voicemails.failPendingOverADay.mockResolvedValue(3);
      voicemails.pendingOverAMinute.mockResolvedValue(['vm-1', 'vm-2']);
      queue.add.mockResolvedValue();

      expect(await service.reconcile()).toEqual({ requeued: 2, givenUp: 3 });

      expect(queue.add).toHaveBeenCalledWith(JobName.VoicemailFetch, { voicemailId: 'vm-1' }, { jobId: 'voicemail-vm-1-r3000000', attempts: 6 });
      expect(queue.add).toHaveBeenCalledWith(JobName.VoicemailFetch, { voicemailId: 'vm-2' }, { jobId: 'voicemail-vm-2-r3000000', attempts: 6 });
    });
  });

  describe('who may hear a voicemail', () => {
    it('plays it, decrypted and audited every time, to someone who sees its contact', async () => {
      const { service, voicemails, cipher, audit } = setup();
      voicemails.findWithAudio.mockResolvedValue(aVoicemail());
      voicemails.isContactVisible.mockResolvedValue(true);
      audit.record.mockResolvedValue();
      cipher.decrypt.mockReturnValue(Buffer.from('ID3-audio').toString('base64'));

      expect(await service.audio(operator, 'vm-1')).toEqual({ contentType: 'audio/mpeg', bytes: Buffer.from('ID3-audio') });

      expect(voicemails.isContactVisible).toHaveBeenCalledWith(operator, 'contact-1');
      expect(cipher.decrypt).toHaveBeenCalledWith('sealed-audio', Encrypted.voicemailAudio.at('vm-1'));
      expect(audit.record).toHaveBeenCalledWith({
        action: AuditAction.VoicemailPlayed,
        entityType: 'voicemail',
        entityId: 'vm-1',
        officeId: 'office-1',
        summary: { contactId: 'contact-1' },
      });
    });

    it('plays it to whoever has a callback for the contact in their offices', async () => {
      const { service, voicemails, cipher, audit } = setup();
      voicemails.findWithAudio.mockResolvedValue(aVoicemail());
      voicemails.isContactVisible.mockResolvedValue(false);
      voicemails.hasCallbackInOffices.mockResolvedValue(true);
      audit.record.mockResolvedValue();
      cipher.decrypt.mockReturnValue('');
      await service.audio(operator, 'vm-1');
      expect(voicemails.hasCallbackInOffices).toHaveBeenCalledWith('contact-1', ['office-1']);
    });

    it('is a 404, unaudited, for someone who neither sees the contact nor may read callbacks', async () => {
      const { service, voicemails, audit } = setup();
      voicemails.findWithAudio.mockResolvedValue(aVoicemail());
      voicemails.isContactVisible.mockResolvedValue(false);
      await expect(service.audio({ ...operator, permissions: ['contacts.read'] }, 'vm-1')).rejects.toMatchObject({ code: 'not_found' });
      expect(voicemails.hasCallbackInOffices).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('is a 404 when the offices hold no callback for the contact', async () => {
      const { service, voicemails } = setup();
      voicemails.findWithAudio.mockResolvedValue(aVoicemail());
      voicemails.isContactVisible.mockResolvedValue(false);
      voicemails.hasCallbackInOffices.mockResolvedValue(false);
      await expect(service.audio(operator, 'vm-1')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('is a 404 outside the voicemail’s office, whatever else the user may see', async () => {
      const { service, voicemails } = setup();
      voicemails.findWithAudio.mockResolvedValue(aVoicemail({ officeId: 'office-2' }));
      await expect(service.audio(operator, 'vm-1')).rejects.toMatchObject({ code: 'not_found' });
      expect(voicemails.isContactVisible).not.toHaveBeenCalled();
    });

    it('is a 404 for a voicemail without a contact or whose audio is not stored yet', async () => {
      const { service, voicemails } = setup();
      voicemails.findWithAudio
        .mockResolvedValueOnce(aVoicemail({ contactId: null }))
        .mockResolvedValueOnce(aVoicemail({ status: 'pending', audioEncrypted: null }));
      await expect(service.audio(operator, 'vm-1')).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.audio(operator, 'vm-1')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('shows a contact’s voicemail only to those who may hear it', async () => {
      const { service, voicemails } = setup();
      voicemails.findForContact.mockResolvedValue(aVoicemail());
      voicemails.isContactVisible.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
      voicemails.hasCallbackInOffices.mockResolvedValue(false);
      expect(await service.forContact(operator, 'contact-1')).toEqual({
        id: 'vm-1',
        contactId: 'contact-1',
        callId: 'call-1',
        durationSeconds: 42,
        status: 'stored',
        createdAt: NOW.toISOString(),
      });
      expect(await service.forContact(operator, 'contact-1')).toBeNull();
      expect(voicemails.findForContact).toHaveBeenCalledWith('contact-1');
    });
  });
});
