import type { DataSource } from 'typeorm';
import { SettableClock } from '../../core/clock/clock';
import type { AppConfig } from '../../core/config/app-config';
import { LineRouter } from './line-router';

const config = { telephony: { lines: { '+77170000000': 'astana' }, defaultOfficeCode: 'almaty' } } as unknown as AppConfig;

function router() {
  const clock = new SettableClock(new Date('2031-02-03T04:05:06Z'));
  const query = jest.fn(async (sql: string) => (sql.includes('WHERE code = $1') ? [{ id: 'office-astana', code: 'astana', timezone: 'Asia/Almaty' }] : []));
  const dataSource = { query, manager: { query } } as unknown as DataSource;
  return { clock, query, router: new LineRouter(dataSource, config, clock) };
}

describe('LineRouter cache and the clock', () => {
  it('answers from its cache for a minute of the clock, then looks again', async () => {
    const { router: lines, clock, query } = router();
    expect(await lines.officeFor('+77170000000')).toEqual({ officeId: 'office-astana', officeCode: 'astana', timeZone: 'Asia/Almaty' });
    clock.advance(59_000);
    await lines.officeFor('+77170000000');
    expect(query).toHaveBeenCalledTimes(1);
    clock.advance(2_000);
    await lines.officeFor('+77170000000');
    expect(query).toHaveBeenCalledTimes(2);
  });
});
