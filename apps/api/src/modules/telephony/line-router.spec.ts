import { SettableClock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { strictFake } from '#api/testing/strict-fake';
import { LineRouter } from './line-router';
import type { TelephonyLineRepository } from './telephony-line.repository';

const config = { telephony: { lines: { '+77170000000': 'astana' }, defaultOfficeCode: 'almaty' } } as unknown as AppConfig;
const astana = { id: 'office-astana', code: 'astana', timezone: 'Asia/Almaty' };

function router() {
  const clock = new SettableClock(new Date('2031-02-03T04:05:06Z'));
  const lines = strictFake<TelephonyLineRepository>('TelephonyLineRepository');
  return { clock, lines, router: new LineRouter(lines, config, clock) };
}

describe('LineRouter cache and the clock', () => {
  it('answers from its cache for a minute of the clock, then looks again', async () => {
    const { router: routes, clock, lines } = router();
    lines.activeOfficeByCode.mockResolvedValue(astana);
    expect(await routes.officeFor('+77170000000')).toEqual({ officeId: 'office-astana', officeCode: 'astana', timeZone: 'Asia/Almaty' });
    expect(lines.activeOfficeByCode).toHaveBeenCalledWith('astana', undefined);
    clock.advance(59_000);
    await routes.officeFor('+77170000000');
    expect(lines.activeOfficeByCode).toHaveBeenCalledTimes(1);
    clock.advance(2_000);
    await routes.officeFor('+77170000000');
    expect(lines.activeOfficeByCode).toHaveBeenCalledTimes(2);
  });
});

describe('LineRouter fallbacks', () => {
  it('routes a number not in TELEPHONY_LINES to the default office, in the caller’s transaction', async () => {
    const { router: routes, lines } = router();
    const m = { transaction: 'tx' } as never;
    lines.activeOfficeByCode.mockResolvedValue({ id: 'office-almaty', code: 'almaty', timezone: 'Asia/Almaty' });
    expect(await routes.officeFor('+77270000000', m)).toEqual({ officeId: 'office-almaty', officeCode: 'almaty', timeZone: 'Asia/Almaty' });
    expect(lines.activeOfficeByCode).toHaveBeenCalledWith('almaty', m);
  });

  it('falls back to the first active office when the named one is inactive or unknown', async () => {
    const { router: routes, lines } = router();
    lines.activeOfficeByCode.mockResolvedValue(null);
    lines.firstActiveOffice.mockResolvedValue(astana);
    expect(await routes.officeForCode('closed-office')).toMatchObject({ officeId: 'office-astana' });
    expect(lines.activeOfficeByCode).toHaveBeenCalledWith('closed-office', undefined);
  });

  it('fails when no office is active', async () => {
    const { router: routes, lines } = router();
    lines.activeOfficeByCode.mockResolvedValue(null);
    lines.firstActiveOffice.mockResolvedValue(null);
    await expect(routes.officeFor('+77170000000')).rejects.toThrow('No active office to route telephony to');
  });

  it('names the queue after an office’s code, "main" for an unknown office, and caches the code for a minute', async () => {
    const { router: routes, lines, clock } = router();
    lines.officeCode.mockResolvedValueOnce(null).mockResolvedValueOnce('AST');
    expect(await routes.officeCode('gone')).toBe('main');
    expect(routes.queueName(await routes.officeCode('office-astana'))).toBe('hotline-ast');
    clock.advance(30_000);
    await routes.officeCode('office-astana');
    expect(lines.officeCode).toHaveBeenCalledTimes(2);
  });
});
