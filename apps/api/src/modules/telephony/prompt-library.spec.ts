import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import type { AppConfig } from '#api/core/config/app-config';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import { PromptLibrary } from './prompt-library';
import type { TelephonyLineRepository } from './telephony-line.repository';

const tx = { transaction: 'tx' } as unknown as EntityManager;
const config = { publicUrl: 'https://mayak.example.kz/' } as unknown as AppConfig;
const admin: Actor = { userId: 'admin-1', email: 'admin@mayak.kz', roles: ['admin'], officeIds: [], sessionId: 's-1', permissions: [] };
const UPDATED = new Date('2031-05-06T07:00:00.000Z');

function wav(): Buffer {
  const audio = Buffer.alloc(64);
  audio.write('RIFF', 0, 'latin1');
  audio.write('WAVE', 8, 'latin1');
  return audio;
}

function mp3(): Buffer {
  const audio = Buffer.alloc(64);
  audio.write('ID3', 0, 'latin1');
  return audio;
}

function setup() {
  const lines = strictFake<TelephonyLineRepository>('TelephonyLineRepository');
  const audit = strictFake<AuditService>('AuditService');
  lines.transaction.mockImplementation((work) => work(tx));
  return { library: new PromptLibrary(lines, config, audit), lines, audit };
}

describe('PromptLibrary', () => {
  describe('save', () => {
    it.each([
      ['no body', undefined],
      ['a text body', 'RIFF....WAVE'],
      ['a body too short to be audio', Buffer.from('RIFF0000WAVE')],
    ])('refuses %s as required, writing nothing', async (_what, body) => {
      const { library, lines } = setup();
      await expect(library.save(admin, 'menu', 'ru', 'audio/wav', body)).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'body', code: 'required' })] },
      });
      expect(lines.transaction).not.toHaveBeenCalled();
    });

    it('refuses a file that is not the audio its type says', async () => {
      const { library, lines } = setup();
      await expect(library.save(admin, 'menu', 'ru', 'audio/mpeg', wav())).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'not_audio' })] },
      });
      await expect(library.save(admin, 'menu', 'ru', 'audio/wav', mp3())).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'not_audio' })] },
      });
      expect(lines.transaction).not.toHaveBeenCalled();
    });

    it('stores a WAV sent as audio/x-wav as audio/wav, audits it, and serves it at a URL naming its version', async () => {
      const { library, lines, audit } = setup();
      const audio = wav();
      lines.upsertPrompt.mockResolvedValue();
      audit.record.mockResolvedValue();
      lines.promptVersions.mockResolvedValue([{ kind: 'menu', language: 'kk', version: 1_900_000_000_000 }]);
      lines.listPrompts.mockResolvedValue([{ kind: 'menu', language: 'kk', contentType: 'audio/wav', bytes: 64, updatedAt: UPDATED }]);

      const view = await library.save(admin, 'menu', 'kk', 'audio/x-wav', audio);

      expect(lines.upsertPrompt).toHaveBeenCalledWith(tx, { kind: 'menu', language: 'kk', contentType: 'audio/wav', audio, updatedById: 'admin-1' });
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.PromptRecorded, entityType: 'prompt', entityId: 'menu:kk', summary: { bytes: 64, contentType: 'audio/wav' } },
        tx,
      );
      expect(view).toEqual({ kind: 'menu', language: 'kk', contentType: 'audio/wav', bytes: 64, updatedAt: UPDATED.toISOString() });
      expect(library.urlFor('menu', 'kk')).toBe('https://mayak.example.kz/api/v1/telephony/prompts/menu/kk?v=1900000000000');
      expect(library.urlFor('menu', 'ru')).toBeNull();
    });
  });

  describe('remove', () => {
    it('is a 404, unaudited, when nothing was recorded', async () => {
      const { library, lines, audit } = setup();
      lines.deletePrompt.mockResolvedValue(false);
      await expect(library.remove('menu', 'ru')).rejects.toMatchObject({ code: 'not_found' });
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('audits the removal and stops serving the recording', async () => {
      const { library, lines, audit } = setup();
      lines.promptVersions.mockResolvedValueOnce([{ kind: 'menu', language: 'ru', version: 5 }]).mockResolvedValueOnce([]);
      await library.onModuleInit();
      library.onModuleDestroy();
      expect(library.urlFor('menu', 'ru')).not.toBeNull();
      lines.deletePrompt.mockResolvedValue(true);
      audit.record.mockResolvedValue();

      await library.remove('menu', 'ru');

      expect(lines.deletePrompt).toHaveBeenCalledWith(tx, 'menu', 'ru');
      expect(audit.record).toHaveBeenCalledWith({ action: AuditAction.PromptRemoved, entityType: 'prompt', entityId: 'menu:ru', summary: {} }, tx);
      expect(library.urlFor('menu', 'ru')).toBeNull();
    });
  });

  it('is a 404 for the audio of a prompt never recorded', async () => {
    const { library, lines } = setup();
    lines.findPromptAudio.mockResolvedValue(null);
    await expect(library.audio('menu', 'ru')).rejects.toMatchObject({ code: 'not_found' });
  });
});
