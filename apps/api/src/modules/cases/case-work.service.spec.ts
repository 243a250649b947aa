import { QueryFailedError, type EntityManager } from 'typeorm';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import type { Notifier } from '../notifications/notifier';
import type { CaseTask } from './case-task.entity';
import type { CaseTimeline } from './case-timeline.service';
import type { Case } from './case.entity';
import type { CasesService } from './cases.service';
import { CaseWorkRepository } from './case-work.repository';
import { CaseWorkService } from './case-work.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const worker: Actor = {
  userId: 'worker-1',
  email: 'worker@mayak.kz',
  roles: ['case_worker'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['cases.contribute'],
};
const kase = { id: 'case-1', officeId: 'office-1', assigneeId: 'worker-1', status: 'in_progress' } as Case;

function aTask(fields: Partial<CaseTask> = {}): CaseTask {
  return {
    id: 'task-1',
    caseId: 'case-1',
    title: 'Call the shelter',
    dueAt: null,
    assigneeId: 'worker-1',
    status: 'open',
    createdById: 'worker-1',
    completedAt: null,
    overdueAlertedAt: null,
    planId: null,
    version: 1,
    ...fields,
  } as CaseTask;
}

function setup() {
  const work = strictFake<CaseWorkRepository>('CaseWorkRepository');
  const cases = strictFake<CasesService>('CasesService');
  const timeline = strictFake<CaseTimeline>('CaseTimeline');
  const audit = strictFake<AuditService>('AuditService');
  const notifier = strictFake<Notifier>('Notifier');
  work.transaction.mockImplementation((run) => run(tx));
  work.userRefs.mockResolvedValue(new Map());
  cases.require.mockResolvedValue(kase);
  timeline.record.mockResolvedValue();
  audit.record.mockResolvedValue();
  const service = new CaseWorkService(cases, timeline, audit, new SettableClock(NOW), work, notifier);
  return { service, work, cases, timeline, audit, notifier };
}

describe('CaseWorkService', () => {
  it('a new task goes to the case worker when no one is named, and they are not told of their own task', async () => {
    const f = setup();
    f.work.isActiveMemberOf.mockResolvedValue(true);
    f.work.insertTask.mockImplementation(async (_m, task) => aTask({ ...task, id: 'task-9' }));

    await expect(f.service.createTask(worker, 'case-1', { title: 'Call the shelter' })).resolves.toMatchObject({
      id: 'task-9',
      assignee: { id: 'worker-1' },
      status: 'open',
    });

    expect(f.work.isActiveMemberOf).toHaveBeenCalledWith(tx, 'worker-1', 'office-1');
    expect(f.notifier.notify).not.toHaveBeenCalled();
  });

  it('a task for someone outside the case’s office is refused', async () => {
    const f = setup();
    f.work.isActiveMemberOf.mockResolvedValue(false);
    await expect(f.service.createTask(worker, 'case-1', { title: 'x', assigneeId: 'stranger' })).rejects.toMatchObject({
      extra: { errors: [expect.objectContaining({ field: 'assigneeId', code: 'not_assignable' })] },
    });
  });

  it('marking a task done stamps it with the clock; nothing changed writes nothing', async () => {
    const f = setup();
    f.work.lockTaskOfCase.mockResolvedValue(aTask());
    f.work.saveTask.mockImplementation(async (_m, task) => task);
    await expect(f.service.updateTask(worker, 'case-1', 'task-1', { version: 1, status: 'done' })).resolves.toMatchObject({
      status: 'done',
      completedAt: NOW.toISOString(),
    });

    f.work.lockTaskOfCase.mockResolvedValue(aTask());
    f.work.saveTask.mockClear();
    await f.service.updateTask(worker, 'case-1', 'task-1', { version: 1, title: 'Call the shelter' });
    expect(f.work.saveTask).not.toHaveBeenCalled();
  });

  it('a plan’s review task changes only its assignee here', async () => {
    const f = setup();
    f.work.lockTaskOfCase.mockResolvedValue(aTask({ planId: 'plan-1' }));
    await expect(f.service.updateTask(worker, 'case-1', 'task-1', { version: 1, status: 'done' })).rejects.toMatchObject({
      extra: { errors: [expect.objectContaining({ field: 'status', code: 'managed_by_plan' })] },
    });
  });

  it('consent cannot be given in the future', async () => {
    const f = setup();
    await expect(
      f.service.giveConsent(worker, 'case-1', { purpose: 'referral', channel: 'phone', givenAt: new Date(NOW.getTime() + 10 * 60_000).toISOString() }),
    ).rejects.toMatchObject({ extra: { errors: [expect.objectContaining({ code: 'in_future' })] } });
  });

  it('a consent already standing for the purpose is a conflict', async () => {
    const f = setup();
    const duplicate = new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'uq_case_consents_active' }));
    f.work.insertConsent.mockRejectedValue(duplicate);
    await expect(f.service.giveConsent(worker, 'case-1', { purpose: 'referral', channel: 'phone' })).rejects.toMatchObject({ code: 'conflict' });
  });
});
