import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import { DashboardsRepository } from '../dashboards/dashboards.repository';
import type { DashboardsService } from '../dashboards/dashboards.service';
import type { ActivityDto, CaseLoadDto, TraffickingPictureDto } from '../dashboards/dto/dashboard.dto';
import { MonthlyReportService } from './monthly-report.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const config = { exportK: 5 } as AppConfig;

const supervisor: Actor = {
  userId: 'sup-1',
  email: 'sup@mayak.kz',
  roles: ['supervisor'],
  officeIds: ['office-a', 'office-b'],
  sessionId: 's-1',
  permissions: ['exports.run', 'dashboards.read'],
};
const admin: Actor = {
  userId: 'admin-1',
  email: 'admin@mayak.kz',
  roles: ['admin'],
  officeIds: [],
  sessionId: 's-2',
  permissions: ['exports.run', 'dashboards.read', 'dashboards.all_offices'],
};

const none = { median: null, p90: null, count: 0 };
const activity = {
  from: '',
  to: '',
  contacts: 12,
  byChannel: [{ key: 'phone', count: 12 }],
  byCategory: [],
  byLanguage: [],
  byCallerType: [],
  byOffice: [],
  byHour: [],
  calls: { answered: 9, missed: 2, abandoned: 1 },
  answerSeconds: none,
  handlingSeconds: none,
  talkSeconds: none,
  wrapUpSeconds: none,
  repeatCallers: 0,
} as ActivityDto;
const load = {
  openCases: 3,
  openByStatus: [],
  openByPriority: [],
  openByType: [],
  openByAssignee: [],
  withoutActivity: 0,
  staleDays: 14,
  closuresByReason: [],
  referralsByStatus: [],
  partners: [],
  callbacks: { completed: 0, completedFirstAttempt: 0, failed: 0, cancelled: 0 },
} as CaseLoadDto;
const picture = {
  cases: 0,
  identified: 0,
  possible: 0,
  byExploitation: [],
  byControl: [],
  byCitizenship: [],
  byCountryOfExploitation: [],
  byGender: [],
  byAgeGroup: [],
} as TraffickingPictureDto;

function setup() {
  const dashboards = strictFake<DashboardsService>('DashboardsService');
  const repository = strictFake<DashboardsRepository>('DashboardsRepository');
  const audit = strictFake<AuditService>('AuditService');
  const service = new MonthlyReportService(config, dashboards, repository, audit, new SettableClock(NOW));
  dashboards.activity.mockResolvedValue(activity);
  dashboards.caseLoad.mockResolvedValue(load);
  dashboards.trafficking.mockResolvedValue(picture);
  repository.officeNames.mockResolvedValue(['Almaty', 'Astana']);
  audit.record.mockResolvedValue();
  return { service, dashboards, repository, audit };
}

describe('MonthlyReportService', () => {
  it.each(['2031-13', '2031-00', '2031-1', 'May 2031'])('refuses the month %s before reading anything', async (month) => {
    const { service, dashboards } = setup();
    await expect(service.build(supervisor, { month, locale: 'ru' })).rejects.toMatchObject({
      code: 'validation_failed',
      extra: { errors: [expect.objectContaining({ field: 'month', code: 'invalid_month' })] },
    });
    expect(dashboards.activity).not.toHaveBeenCalled();
  });

  it('reads the dashboards’ figures of the calendar month, December into the next year', async () => {
    const { service, dashboards } = setup();
    await service.build(supervisor, { month: '2031-12', locale: 'en', officeId: 'office-a' });
    const query = { from: '2031-12-01', to: '2032-01-01', officeId: 'office-a' };
    expect(dashboards.activity).toHaveBeenCalledWith(supervisor, query);
    expect(dashboards.caseLoad).toHaveBeenCalledWith(supervisor, query);
    expect(dashboards.trafficking).toHaveBeenCalledWith(supervisor, query);
  });

  it('names the office asked for, else the supervisor’s offices, else every office for an administrator', async () => {
    const { service, repository } = setup();
    await service.build(supervisor, { month: '2031-04', locale: 'ru', officeId: 'office-b' });
    expect(repository.officeNames).toHaveBeenLastCalledWith(['office-b']);
    await service.build(supervisor, { month: '2031-04', locale: 'ru' });
    expect(repository.officeNames).toHaveBeenLastCalledWith(['office-a', 'office-b']);
    repository.allOfficeIds.mockResolvedValue(['office-a', 'office-b', 'office-c']);
    await service.build(admin, { month: '2031-04', locale: 'ru' });
    expect(repository.officeNames).toHaveBeenLastCalledWith(['office-a', 'office-b', 'office-c']);
    expect(repository.allOfficeIds).toHaveBeenCalledTimes(1);
  });

  it('answers a PDF named after the month and language, and audits what was generated', async () => {
    const { service, audit } = setup();
    const report = await service.build(supervisor, { month: '2031-04', locale: 'kk' });
    expect(report.filename).toBe('mayak-monthly-2031-04-kk.pdf');
    expect(report.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(audit.record).toHaveBeenCalledWith({
      action: AuditAction.ReportGenerated,
      entityType: 'report',
      summary: { kind: 'monthly', month: '2031-04', locale: 'kk', officeId: null, contacts: 12 },
    });
  });
});
