import { SettableClock } from '#api/core/clock/clock';
import type { RealtimeEvents } from '#api/core/realtime/realtime-events';
import { strictFake } from '#api/testing/strict-fake';
import { AlertsRepository } from './alerts.repository';
import { AlertsService, type RaiseAlert } from './alerts.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const failed: RaiseAlert = {
  kind: 'callback_failed',
  dedupeKey: 'callback_failed:cb-1',
  officeId: 'office-1',
  entityType: 'callback',
  entityId: 'cb-1',
  data: { attempts: 3 },
};

function setup() {
  const alerts = strictFake<AlertsRepository>('AlertsRepository');
  const realtime = strictFake<RealtimeEvents>('RealtimeEvents');
  realtime.notify.mockResolvedValue(undefined as never);
  return { service: new AlertsService(alerts, realtime, new SettableClock(NOW)), alerts, realtime };
}

describe('AlertsService', () => {
  it('raises an office alert once to each active supervisor and tells only those newly alerted', async () => {
    const { service, alerts, realtime } = setup();
    alerts.activeSupervisorIds.mockResolvedValue(['sup-1', 'sup-2']);
    alerts.insert.mockResolvedValue([{ id: 'alert-2', recipientId: 'sup-2', kind: 'callback_failed' }]);

    await expect(service.raiseForOfficeSupervisors(failed)).resolves.toBe(1);

    expect(alerts.insert).toHaveBeenCalledWith(
      [
        { ...failed, recipientId: 'sup-1' },
        { ...failed, recipientId: 'sup-2' },
      ],
      undefined,
    );
    expect(realtime.notify).toHaveBeenCalledTimes(1);
    expect(realtime.notify).toHaveBeenCalledWith(['sup-2'], 'alert', { alertId: 'alert-2', kind: 'callback_failed' });
  });

  it('an office without supervisors raises nothing', async () => {
    const { service, alerts, realtime } = setup();
    alerts.activeSupervisorIds.mockResolvedValue([]);
    alerts.insert.mockResolvedValue([]);
    await expect(service.raiseForOfficeSupervisors(failed)).resolves.toBe(0);
    expect(realtime.notify).not.toHaveBeenCalled();
  });

  it('raising an alert already raised changes nothing and tells no one', async () => {
    const { service, alerts, realtime } = setup();
    alerts.insert.mockResolvedValue([]);
    await expect(service.raiseFor('worker-1', failed)).resolves.toBe(false);
    expect(realtime.notify).not.toHaveBeenCalled();
  });

  it('marking resolved also marks read, at the clock’s time, and keeps the first times', async () => {
    const { service, alerts } = setup();
    const earlier = new Date('2031-05-01T00:00:00.000Z');
    alerts.findFor
      .mockResolvedValueOnce({ id: 'alert-1', readAt: null, resolvedAt: null } as never)
      .mockResolvedValueOnce({ id: 'alert-1', readAt: earlier, resolvedAt: null } as never);
    alerts.save.mockImplementation(async (alert) => alert);
    const actor = { userId: 'worker-1' } as never;

    await expect(service.mark(actor, 'alert-1', 'resolved')).resolves.toMatchObject({ readAt: NOW, resolvedAt: NOW });
    await expect(service.mark(actor, 'alert-1', 'resolved')).resolves.toMatchObject({ readAt: earlier, resolvedAt: NOW });
    expect(alerts.findFor).toHaveBeenCalledWith('worker-1', 'alert-1');
  });

  it('someone else’s alert is a 404', async () => {
    const { service, alerts } = setup();
    alerts.findFor.mockResolvedValue(null);
    await expect(service.mark({ userId: 'worker-2' } as never, 'alert-1', 'read')).rejects.toMatchObject({ code: 'not_found' });
  });
});
