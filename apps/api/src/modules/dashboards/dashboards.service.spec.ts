import { SettableClock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import type { CaseStatisticsRepository } from '../cases/case-statistics.repository';
import { DashboardsRepository, type LineCounts } from './dashboards.repository';
import { DashboardsService } from './dashboards.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const config = { deadlines: { caseStaleDays: 14 } } as AppConfig;

const supervisor: Actor = {
  userId: 'sup-1',
  email: 'sup@mayak.kz',
  roles: ['supervisor'],
  officeIds: ['office-b', 'office-a'],
  sessionId: 's-1',
  permissions: ['dashboards.read'],
};
const admin: Actor = {
  userId: 'admin-1',
  email: 'admin@mayak.kz',
  roles: ['admin'],
  officeIds: [],
  sessionId: 's-2',
  permissions: ['dashboards.read', 'dashboards.all_offices'],
};

// Tashkent keeps UTC+5 all year, so local days are easy to check.
const officeA = { id: 'office-a', timezone: 'Asia/Tashkent' };
const officeB = { id: 'office-b', timezone: 'Europe/Moscow' };

const line: LineCounts = {
  callsWaiting: 2,
  longestWaitSeconds: 41.6,
  callsInProgress: 3,
  operatorsAvailable: 4,
  operatorsOnCall: 3,
  operatorsInWrapUp: 1,
  callbacksDue: 5,
  callbacksOverdue: 1,
  openCriticalCases: 2,
  textsWaiting: 6,
};

function setup() {
  const dashboards = strictFake<DashboardsRepository>('DashboardsRepository');
  const caseStatistics = strictFake<CaseStatisticsRepository>('CaseStatisticsRepository');
  const clock = new SettableClock(NOW);
  const service = new DashboardsService(dashboards, config, caseStatistics, clock);
  return { service, dashboards, caseStatistics, clock };
}

function noActivity(dashboards: ReturnType<typeof setup>['dashboards']) {
  dashboards.refreshRollups.mockResolvedValue(0);
  dashboards.dailyCounts.mockResolvedValue([]);
  dashboards.dailyContactsByOffice.mockResolvedValue([]);
  dashboards.dailyDurations.mockResolvedValue([]);
  dashboards.repeatCallers.mockResolvedValue(0);
}

describe('DashboardsService', () => {
  describe('which offices', () => {
    it('a supervisor sees the figures of their own offices', async () => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA, officeB]);
      dashboards.lineNow.mockResolvedValue(line);
      await service.lineNow(supervisor, {});
      expect(dashboards.officeZones).toHaveBeenCalledWith(['office-b', 'office-a']);
      expect(dashboards.lineNow).toHaveBeenCalledWith(['office-a', 'office-b']);
    });

    it('an administrator sees every office', async () => {
      const { service, dashboards } = setup();
      dashboards.allOfficeZones.mockResolvedValue([officeA, officeB, { id: 'office-c', timezone: 'Asia/Almaty' }]);
      dashboards.lineNow.mockResolvedValue(line);
      await service.lineNow(admin, {});
      expect(dashboards.lineNow).toHaveBeenCalledWith(['office-a', 'office-b', 'office-c']);
    });

    it('narrows to the one office asked for', async () => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA, officeB]);
      dashboards.lineNow.mockResolvedValue(line);
      await service.lineNow(supervisor, { officeId: 'office-b' });
      expect(dashboards.lineNow).toHaveBeenCalledWith(['office-b']);
    });

    it('refuses an office outside the actor’s with a 400, never an empty answer, and reads no figure', async () => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA]);
      await expect(service.lineNow(supervisor, { officeId: 'office-z' })).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'officeId', code: 'not_your_office' })] },
      });
      await expect(service.caseLoad(supervisor, { officeId: 'office-z' })).rejects.toMatchObject({ code: 'validation_failed' });
    });
  });

  it('the line now: stamped by the clock, the longest wait in whole seconds', async () => {
    const { service, dashboards } = setup();
    dashboards.officeZones.mockResolvedValue([officeA]);
    dashboards.lineNow.mockResolvedValue(line);
    await expect(service.lineNow(supervisor, {})).resolves.toEqual({ ...line, asOf: NOW.toISOString(), longestWaitSeconds: 42 });
    dashboards.lineNow.mockResolvedValue({ ...line, longestWaitSeconds: null });
    await expect(service.lineNow(supervisor, {})).resolves.toMatchObject({ longestWaitSeconds: null });
  });

  describe('the period', () => {
    it('defaults to the last 30 days up to the end of today, in the first office’s time zone', async () => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA, officeB]);
      noActivity(dashboards);
      const activity = await service.activity(supervisor, {});
      expect(activity).toMatchObject({ from: '2031-04-06T19:00:00.000Z', to: '2031-05-06T19:00:00.000Z' });
      expect(dashboards.dailyCounts).toHaveBeenCalledWith(['office-a', 'office-b'], '2031-04-07', '2031-05-07');
      expect(dashboards.repeatCallers).toHaveBeenCalledWith(
        ['office-a', 'office-b'],
        new Date('2031-04-06T19:00:00.000Z'),
        new Date('2031-05-06T19:00:00.000Z'),
      );
    });

    it('takes the days given, from midnight to midnight of the office', async () => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA]);
      noActivity(dashboards);
      await expect(service.activity(supervisor, { from: '2031-01-01', to: '2031-02-01' })).resolves.toMatchObject({
        from: '2030-12-31T19:00:00.000Z',
        to: '2031-01-31T19:00:00.000Z',
      });
      expect(dashboards.dailyDurations).toHaveBeenCalledWith(['office-a'], '2031-01-01', '2031-02-01');
    });

    it.each([
      [{ from: '01.02.2031' }, 'from', 'invalid'],
      [{ to: 'yesterday' }, 'to', 'invalid'],
      [{ from: '2031-02-01', to: '2031-02-01' }, 'to', 'before_from'],
      [{ from: '2031-03-01', to: '2031-02-01' }, 'to', 'before_from'],
      [{ from: '2029-01-01', to: '2031-01-03' }, 'to', 'period_too_long'],
    ])('refuses %j (%s: %s) before reading any figure', async (query, field, code) => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA]);
      await expect(service.activity(supervisor, query)).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field, code })] },
      });
    });

    it('allows two years', async () => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA]);
      noActivity(dashboards);
      await expect(service.activity(supervisor, { from: '2029-01-01', to: '2031-01-01' })).resolves.toMatchObject({ contacts: 0 });
    });
  });

  describe('activity', () => {
    it('refreshes the rollups before it reads them', async () => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA]);
      noActivity(dashboards);
      await service.activity(supervisor, {});
      const refreshed = dashboards.refreshRollups.mock.invocationCallOrder[0];
      for (const read of [dashboards.dailyCounts, dashboards.dailyContactsByOffice, dashboards.dailyDurations])
        expect(read.mock.invocationCallOrder[0]).toBeGreaterThan(refreshed);
    });

    it('adds the contacts up by channel, sorts each breakdown, fills every hour and counts calls and durations', async () => {
      const { service, dashboards } = setup();
      dashboards.officeZones.mockResolvedValue([officeA, officeB]);
      dashboards.refreshRollups.mockResolvedValue(3);
      dashboards.dailyCounts.mockResolvedValue([
        { dim: 'channel', key: 'phone', count: 5 },
        { dim: 'channel', key: 'telegram', count: 9 },
        { dim: 'category', key: null, count: 2 },
        { dim: 'hour', key: '9', count: 7 },
        { dim: 'callsAnswered', key: null, count: 11 },
        { dim: 'callsMissed', key: null, count: 2 },
      ]);
      dashboards.dailyContactsByOffice.mockResolvedValue([
        { key: 'office-a', count: 4 },
        { key: 'office-b', count: 10 },
      ]);
      dashboards.dailyDurations.mockResolvedValue([
        { measure: 'answer', bucket: 10, count: 3 },
        { measure: 'talk', bucket: 120, count: 1 },
      ]);
      dashboards.repeatCallers.mockResolvedValue(2);

      const activity = await service.activity(supervisor, {});

      expect(activity).toMatchObject({
        contacts: 14,
        byChannel: [
          { key: 'telegram', count: 9 },
          { key: 'phone', count: 5 },
        ],
        byCategory: [{ key: '', count: 2 }],
        byLanguage: [],
        byOffice: [
          { key: 'office-b', count: 10 },
          { key: 'office-a', count: 4 },
        ],
        calls: { answered: 11, missed: 2, abandoned: 0 },
        repeatCallers: 2,
        answerSeconds: { count: 3 },
        talkSeconds: { count: 1 },
        handlingSeconds: { median: null, p90: null, count: 0 },
      });
      expect(activity.byHour).toHaveLength(24);
      expect(activity.byHour[9]).toEqual({ key: '9', count: 7 });
      expect(activity.byHour[10]).toEqual({ key: '10', count: 0 });
    });
  });

  describe('case load', () => {
    function someLoad(dashboards: ReturnType<typeof setup>['dashboards']) {
      dashboards.officeZones.mockResolvedValue([officeA]);
      dashboards.openCaseBreakdowns.mockResolvedValue([
        { dim: 'status', key: 'new', count: 2 },
        { dim: 'status', key: 'in_progress', count: 5 },
        { dim: 'priority', key: 'critical', count: 1 },
        { dim: 'type', key: null, count: 7 },
      ]);
      dashboards.openCasesByAssignee.mockResolvedValue([
        { id: 'worker-1', name: 'Aigerim', count: 4 },
        { id: null, name: null, count: 3 },
        { id: 'gone-1', name: null, count: 1 },
      ]);
      dashboards.staleOpenCases.mockResolvedValue(3);
      dashboards.closuresByReason.mockResolvedValue([{ key: 'resolved', count: 4 }]);
      dashboards.referralsByStatus.mockResolvedValue([{ key: 'sent', count: 2 }]);
      dashboards.partnerResponses.mockResolvedValue([
        { organisationId: 'org-1', organisationName: 'Nadezhda', sent: 5, accepted: 2, declined: 1, medianHours: 12.345 },
        { organisationId: 'org-2', organisationName: 'Legal Aid', sent: 1, accepted: 0, declined: 0, medianHours: null },
      ]);
      dashboards.callbackOutcomes.mockResolvedValue({ completed: 6, completedFirstAttempt: 4, failed: 1, cancelled: 0 });
    }

    it('counts open cases by status, priority and type, and cases without activity by the configured days', async () => {
      const { service, dashboards } = setup();
      someLoad(dashboards);
      const load = await service.caseLoad(supervisor, {});
      expect(load).toMatchObject({
        openCases: 7,
        openByStatus: [
          { key: 'in_progress', count: 5 },
          { key: 'new', count: 2 },
        ],
        openByPriority: [{ key: 'critical', count: 1 }],
        openByType: [{ key: '', count: 7 }],
        withoutActivity: 3,
        staleDays: 14,
        closuresByReason: [{ key: 'resolved', count: 4 }],
        referralsByStatus: [{ key: 'sent', count: 2 }],
        callbacks: { completed: 6, completedFirstAttempt: 4, failed: 1, cancelled: 0 },
      });
      expect(dashboards.staleOpenCases).toHaveBeenCalledWith(['office-a'], 14);
    });

    it('shows unassigned cases with no user and a user without a name as a dash', async () => {
      const { service, dashboards } = setup();
      someLoad(dashboards);
      const load = await service.caseLoad(supervisor, {});
      expect(load.openByAssignee).toEqual([
        { user: { id: 'worker-1', displayName: 'Aigerim' }, count: 4 },
        { user: null, count: 3 },
        { user: { id: 'gone-1', displayName: '—' }, count: 1 },
      ]);
    });

    it('gives each partner’s acceptance rate over the answered ones, none when nothing was answered', async () => {
      const { service, dashboards } = setup();
      someLoad(dashboards);
      const load = await service.caseLoad(supervisor, {});
      expect(load.partners).toEqual([
        { organisationId: 'org-1', organisationName: 'Nadezhda', sent: 5, accepted: 2, declined: 1, acceptanceRate: 0.667, medianResponseHours: 12.3 },
        { organisationId: 'org-2', organisationName: 'Legal Aid', sent: 1, accepted: 0, declined: 0, acceptanceRate: null, medianResponseHours: null },
      ]);
    });
  });

  it('the trafficking picture counts identified and possible victims from the cases context’s breakdowns', async () => {
    const { service, dashboards, caseStatistics } = setup();
    dashboards.allOfficeZones.mockResolvedValue([officeA]);
    caseStatistics.traffickingBreakdowns.mockResolvedValue([
      { dim: 'status', key: 'ActualVictimOfTrafficking', count: 3 },
      { dim: 'status', key: 'PossibleVictimOfTrafficking', count: 5 },
      { dim: 'exploitation', key: 'labour', count: 2 },
      { dim: 'exploitation', key: 'begging', count: 2 },
      { dim: 'exploitation', key: 'sexual', count: 4 },
    ]);
    const picture = await service.trafficking(admin, { from: '2031-01-01', to: '2031-02-01' });
    expect(picture).toMatchObject({
      cases: 8,
      identified: 3,
      possible: 5,
      byExploitation: [
        { key: 'sexual', count: 4 },
        { key: 'begging', count: 2 },
        { key: 'labour', count: 2 },
      ],
    });
    expect(caseStatistics.traffickingBreakdowns).toHaveBeenCalledWith(['office-a'], new Date('2030-12-31T19:00:00.000Z'), new Date('2031-01-31T19:00:00.000Z'));
  });
});
