import { allowedNextStatuses, CASE_STATUSES, checkCaseTransition, type CaseStatus } from './case-status';

describe('case status machine', () => {
  it('follows the path from DESIGN.md', () => {
    const path: CaseStatus[] = ['new', 'open', 'in_progress', 'referred', 'follow_up', 'closed'];
    for (let i = 0; i < path.length - 1; i++) {
      const to = path[i + 1];
      expect(checkCaseTransition({ from: path[i], to, priority: 'normal', closureReason: to === 'closed' ? 'resolved' : undefined })).toEqual({ ok: true });
    }
  });

  it('answers every pair of states exhaustively, listing the allowed next states on refusal', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const result = checkCaseTransition({ from, to, priority: 'normal', closureReason: 'resolved', reopenReason: 'new information' });
        expect(result.ok).toBe(allowedNextStatuses(from).includes(to));
        if (!result.ok) expect(result).toEqual({ ok: false, problem: 'illegal_transition', allowed: allowedNextStatuses(from) });
      }
    }
  });

  it('never lets a state move to itself and never skips closure from outside the graph', () => {
    for (const from of CASE_STATUSES) expect(allowedNextStatuses(from)).not.toContain(from);
    expect(allowedNextStatuses('closed')).toEqual(['open']);
  });

  it('needs a closure reason, and a supervisor for critical cases', () => {
    expect(checkCaseTransition({ from: 'in_progress', to: 'closed', priority: 'normal' })).toMatchObject({ ok: false, problem: 'closure_reason_required' });
    expect(checkCaseTransition({ from: 'in_progress', to: 'closed', priority: 'normal', closureReason: '   ' })).toMatchObject({
      problem: 'closure_reason_required',
    });
    expect(checkCaseTransition({ from: 'in_progress', to: 'closed', priority: 'critical', closureReason: 'resolved' })).toMatchObject({
      problem: 'supervisor_approval_required',
    });
    expect(checkCaseTransition({ from: 'in_progress', to: 'closed', priority: 'critical', closureReason: 'resolved', supervisorApproved: true })).toEqual({
      ok: true,
    });
  });

  it('needs a reason to reopen', () => {
    expect(checkCaseTransition({ from: 'closed', to: 'open', priority: 'normal' })).toMatchObject({ problem: 'reopen_reason_required', allowed: ['open'] });
    expect(checkCaseTransition({ from: 'closed', to: 'open', priority: 'normal', reopenReason: 'called again' })).toEqual({ ok: true });
  });
});
