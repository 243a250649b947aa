import { collectHandlers } from './worker-host';
import { JobName } from './queue-names';

describe('collectHandlers', () => {
  const fn = async () => undefined;

  it('accepts exactly one handler per job', () => {
    const handlers = collectHandlers(Object.values(JobName).map((jobName) => ({ jobName, fn, owner: `Owner.${jobName}` })));
    expect(handlers.get(JobName.AuditSeal)).toBe(fn);
    expect(handlers.size).toBe(Object.values(JobName).length);
  });

  it('refuses to start when a job has no handler', () => {
    expect(() => collectHandlers([])).toThrow(/No handler for job\(s\): audit.seal, deadlines.watch/);
    const allButOne = Object.values(JobName)
      .filter((name) => name !== JobName.CallbackDue)
      .map((jobName) => ({ jobName, fn, owner: `Owner.${jobName}` }));
    expect(() => collectHandlers(allButOne)).toThrow(/No handler for job\(s\): callback.due$/);
  });

  it('refuses to start when a job has two handlers', () => {
    expect(() =>
      collectHandlers([
        { jobName: JobName.AuditSeal, fn, owner: 'A.one' },
        { jobName: JobName.AuditSeal, fn, owner: 'B.two' },
      ]),
    ).toThrow(/two handlers: A.one and B.two/);
  });
});
