import { collectHandlers } from './worker-host';
import { JobName } from './queue-names';

describe('collectHandlers', () => {
  const fn = async () => undefined;

  it('accepts exactly one handler per job', () => {
    const handlers = collectHandlers([{ jobName: JobName.AuditSeal, fn, owner: 'AuditSealer.onSealJob' }]);
    expect(handlers.get(JobName.AuditSeal)).toBe(fn);
  });

  it('refuses to start when a job has no handler', () => {
    expect(() => collectHandlers([])).toThrow(/No handler for job\(s\): audit.seal/);
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
