import type { EntityManager } from 'typeorm';
import { SettableClock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { strictFake } from '#api/testing/strict-fake';
import type { NewAlert } from '../alerts/alerts.repository';
import type { AlertsService } from '../alerts/alerts.service';
import { DeadlineWatcher } from './deadline-watcher';
import { DeadlinesRepository, type DeadlineCheck } from './deadlines.repository';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const config = { deadlines: { referralEscalationHours: 24, caseStaleDays: 14 } } as AppConfig;

const owed = (kind: DeadlineCheck, recipientId: string): NewAlert => ({
  recipientId,
  officeId: 'office-1',
  kind,
  dedupeKey: `${kind}:x`,
  entityType: 'case',
  entityId: 'case-1',
  data: {},
});

function setup() {
  const deadlines = strictFake<DeadlinesRepository>('DeadlinesRepository');
  const alerts = strictFake<AlertsService>('AlertsService');
  const events: string[] = [];
  deadlines.transaction.mockImplementation(async (work) => {
    const result = await work(tx);
    events.push('commit');
    return result;
  });
  alerts.announce.mockImplementation(async (written) => {
    events.push(`announce ${written.map((w) => w.id).join(',')}`);
  });
  return { watcher: new DeadlineWatcher(deadlines, alerts, config, new SettableClock(NOW)), deadlines, alerts, events };
}

describe('DeadlineWatcher', () => {
  it('runs the four checks with their cutoffs and reports how many items each marked', async () => {
    const { watcher, deadlines, alerts } = setup();
    deadlines.claimDue.mockImplementation(async (_m, check) => ({ marked: check === 'referral_overdue' ? 2 : check === 'task_overdue' ? 1 : 0, alerts: [] }));
    alerts.record.mockResolvedValue([]);

    await expect(watcher.run()).resolves.toEqual({ referralsOverdue: 2, referralsEscalated: 0, casesStale: 0, tasksOverdue: 1 });

    expect(deadlines.claimDue.mock.calls.map(([, check, now, cutoff]) => [check, now, cutoff])).toEqual([
      ['referral_overdue', NOW, NOW],
      ['referral_escalated', NOW, new Date(NOW.getTime() - 24 * 3600_000)],
      ['case_stale', NOW, new Date(NOW.getTime() - 14 * 86400_000)],
      ['task_overdue', NOW, NOW],
    ]);
  });

  it('writes the owed alerts in the claiming transaction and announces them only after the commit', async () => {
    const { watcher, deadlines, alerts, events } = setup();
    const due = [owed('referral_overdue', 'worker-1')];
    deadlines.claimDue.mockImplementation(async (_m, check) => (check === 'referral_overdue' ? { marked: 1, alerts: due } : { marked: 0, alerts: [] }));
    alerts.record.mockImplementation(async (list) => {
      events.push('record');
      return list.map((a, n) => ({ id: `alert-${n}`, recipientId: a.recipientId, kind: a.kind }));
    });

    await watcher.run();

    expect(alerts.record).toHaveBeenCalledWith(due, tx);
    expect(events.slice(0, 3)).toEqual(['record', 'commit', 'announce alert-0']);
  });
});
