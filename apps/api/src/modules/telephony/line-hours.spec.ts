import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import { strictFake } from '#api/testing/strict-fake';
import type { IdentifierVault } from '../people/identifier-vault';
import type { UpdateLineDto } from './dto/telephony.dto';
import { LineHours } from './line-hours';
import type { LineRouter } from './line-router';
import type { TelephonyLine } from './telephony-line.entity';
import type { TelephonyLineRepository } from './telephony-line.repository';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const HOTLINE = '+77170000001';
const config = { telephony: { hotlineNumber: HOTLINE, lines: { '+77170000000': 'astana' } } } as unknown as AppConfig;
const NEVER_OPEN = { periods: [], holidays: [] };

function aLine(fields: Partial<TelephonyLine> = {}): TelephonyLine {
  return { lineNumber: HOTLINE, openingHours: null, afterHours: 'message', forwardToEncrypted: null, version: 1, updatedAt: NOW, ...fields } as TelephonyLine;
}

function setup() {
  const lines = strictFake<TelephonyLineRepository>('TelephonyLineRepository');
  const router = strictFake<LineRouter>('LineRouter');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const audit = strictFake<AuditService>('AuditService');
  const clock = new SettableClock(NOW);
  lines.transaction.mockImplementation((work) => work(tx));
  router.officeFor.mockResolvedValue({ officeId: 'office-1', officeCode: 'AST', timeZone: 'Asia/Almaty' });
  return { service: new LineHours(lines, config, clock, router, vault, audit), lines, router, vault, audit, clock };
}

const update = (fields: Partial<UpdateLineDto>) => ({ openingHours: null, afterHours: 'message', version: 1, ...fields }) as UpdateLineDto;

describe('LineHours', () => {
  describe('update', () => {
    it('is a 404 for a number that is not one of the line’s', async () => {
      const { service } = setup();
      await expect(service.update('+70000000000', update({}))).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses opening hours that cannot be used, naming each problem', async () => {
      const { service } = setup();
      const overlapping = {
        periods: [
          { day: 1, start: 540, end: 720 },
          { day: 1, start: 600, end: 800 },
          { day: 9, start: 0, end: 60 },
        ],
        holidays: [],
      };
      await expect(service.update(HOTLINE, update({ openingHours: overlapping } as never))).rejects.toMatchObject({
        code: 'validation_failed',
        extra: {
          errors: expect.arrayContaining([
            expect.objectContaining({ field: 'openingHours', code: 'periods_overlap' }),
            expect.objectContaining({ field: 'openingHours', code: 'period_day' }),
          ]),
        },
      });
    });

    it('refuses forwarding without a number to forward to', async () => {
      const { service } = setup();
      await expect(service.update(HOTLINE, update({ afterHours: 'forward' }))).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'forwardTo', code: 'required' })] },
      });
    });

    it('refuses a stale version, writing nothing', async () => {
      const { service, lines } = setup();
      lines.lockLine.mockResolvedValue(aLine({ version: 3 }));
      await expect(service.update(HOTLINE, update({ version: 2 }))).rejects.toMatchObject({ code: 'conflict' });
      expect(lines.lockLine).toHaveBeenCalledWith(tx, HOTLINE);
      expect(lines.saveLine).not.toHaveBeenCalled();
    });

    it('takes version 0 for a line that has no settings yet', async () => {
      const { service, lines } = setup();
      lines.lockLine.mockResolvedValue(null);
      await expect(service.update(HOTLINE, update({ version: 1 }))).rejects.toMatchObject({ code: 'conflict' });
    });

    it('writes the next version with the forward number sealed for the line, and audits the change without the number', async () => {
      const { service, lines, vault, audit } = setup();
      lines.lockLine.mockResolvedValue(aLine({ version: 1 }));
      vault.phone.mockReturnValue({ e164: '+77011234567', hash: 'h', hashes: ['h'] });
      vault.encrypt.mockReturnValue('sealed-forward');
      lines.saveLine.mockImplementation(async (_m, settings) => aLine(settings));
      audit.record.mockResolvedValue();
      vault.decrypt.mockReturnValue('+77011234567');

      const dto = await service.update(HOTLINE, update({ openingHours: NEVER_OPEN, afterHours: 'forward', forwardTo: '8 701 123 4567', version: 1 } as never));

      expect(vault.encrypt).toHaveBeenCalledWith('+77011234567', Encrypted.lineForwardTo.at(HOTLINE));
      expect(lines.saveLine).toHaveBeenCalledWith(tx, {
        lineNumber: HOTLINE,
        openingHours: NEVER_OPEN,
        afterHours: 'forward',
        forwardToEncrypted: 'sealed-forward',
        version: 2,
      });
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.LineHoursChanged, entityType: 'line', entityId: HOTLINE, summary: { aroundTheClock: false, afterHours: 'forward' } },
        tx,
      );
      expect(dto).toEqual({
        lineNumber: HOTLINE,
        officeId: 'office-1',
        officeCode: 'AST',
        timeZone: 'Asia/Almaty',
        openingHours: NEVER_OPEN,
        afterHours: 'forward',
        forwardTo: '+77011234567',
        openNow: false,
        version: 2,
      });
    });

    it('forgets a forward number when calls are no longer forwarded', async () => {
      const { service, lines, audit } = setup();
      lines.lockLine.mockResolvedValue(aLine({ afterHours: 'forward', forwardToEncrypted: 'sealed-forward' }));
      lines.saveLine.mockImplementation(async (_m, settings) => aLine(settings));
      audit.record.mockResolvedValue();
      await service.update(HOTLINE, update({ afterHours: 'voicemail', forwardTo: '+77011234567' } as never));
      expect(lines.saveLine).toHaveBeenCalledWith(tx, expect.objectContaining({ afterHours: 'voicemail', forwardToEncrypted: null }));
    });

    it('drops the cached settings, so the next call hears the change', async () => {
      const { service, lines, audit } = setup();
      lines.findLine.mockResolvedValue(null);
      expect(await service.whenClosed(HOTLINE, 'Asia/Almaty')).toBeNull();
      lines.lockLine.mockResolvedValue(null);
      lines.saveLine.mockImplementation(async (_m, settings) => aLine(settings));
      audit.record.mockResolvedValue();
      await service.update(HOTLINE, update({ openingHours: NEVER_OPEN, afterHours: 'voicemail', version: 0 } as never));
      lines.findLine.mockResolvedValue(aLine({ openingHours: NEVER_OPEN, afterHours: 'voicemail' }));
      expect(await service.whenClosed(HOTLINE, 'Asia/Almaty')).toEqual({ kind: 'voicemail' });
      expect(lines.findLine).toHaveBeenCalledTimes(2);
    });
  });

  describe('whenClosed', () => {
    it('is null on a line without settings (open around the clock)', async () => {
      const { service, lines } = setup();
      lines.findLine.mockResolvedValue(null);
      expect(await service.whenClosed(HOTLINE, 'Asia/Almaty')).toBeNull();
    });

    it('forwards to the decrypted number outside opening hours', async () => {
      const { service, lines, vault } = setup();
      lines.findLine.mockResolvedValue(aLine({ openingHours: NEVER_OPEN, afterHours: 'forward', forwardToEncrypted: 'sealed-forward' }));
      vault.decrypt.mockReturnValue('+77011234567');
      expect(await service.whenClosed(HOTLINE, 'Asia/Almaty')).toEqual({ kind: 'forward', to: '+77011234567' });
      expect(vault.decrypt).toHaveBeenCalledWith('sealed-forward', Encrypted.lineForwardTo.at(HOTLINE));
    });

    it('reads a line’s settings once a minute of the clock', async () => {
      const { service, lines, clock } = setup();
      lines.findLine.mockResolvedValue(aLine({ openingHours: NEVER_OPEN }));
      expect(await service.whenClosed(HOTLINE, 'Asia/Almaty')).toEqual({ kind: 'message' });
      clock.advance(59_000);
      await service.whenClosed(HOTLINE, 'Asia/Almaty');
      expect(lines.findLine).toHaveBeenCalledTimes(1);
      clock.advance(2_000);
      await service.whenClosed(HOTLINE, 'Asia/Almaty');
      expect(lines.findLine).toHaveBeenCalledTimes(2);
    });
  });

  it('lists every number of the line in order, with defaults for those without settings', async () => {
    const { service, lines } = setup();
    lines.findLines.mockResolvedValue([aLine({ lineNumber: '+77170000000', openingHours: NEVER_OPEN, version: 4 })]);
    const listed = await service.list();
    expect(lines.findLines).toHaveBeenCalledWith(['+77170000000', HOTLINE]);
    expect(listed.map((l) => [l.lineNumber, l.openNow, l.version, l.afterHours])).toEqual([
      ['+77170000000', false, 4, 'message'],
      [HOTLINE, true, 0, 'message'],
    ]);
  });
});
