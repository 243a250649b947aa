/**
 * The case status machine (DESIGN.md), implemented once and used by the API (which
 * enforces it) and the console (which offers only the allowed next states).
 */
export const CASE_STATUSES = ['new', 'open', 'in_progress', 'referred', 'follow_up', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['open', 'closed'],
  open: ['in_progress', 'closed'],
  in_progress: ['referred', 'follow_up', 'closed'],
  // A declined referral sends the case back to work; an accepted one to follow-up.
  referred: ['in_progress', 'follow_up', 'closed'],
  follow_up: ['in_progress', 'closed'],
  closed: ['open'],
};

export function allowedNextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return TRANSITIONS[from];
}

export interface CaseTransitionRequest {
  from: CaseStatus;
  to: CaseStatus;
  priority: CasePriority;
  /** Required when closing. */
  closureReason?: string | null;
  /** Required when reopening a closed case. */
  reopenReason?: string | null;
  /** A supervisor approved closing this critical case (or is the one closing it). */
  supervisorApproved?: boolean;
}

export type CaseTransitionProblem = 'illegal_transition' | 'closure_reason_required' | 'supervisor_approval_required' | 'reopen_reason_required';

export type CaseTransitionResult = { ok: true } | { ok: false; problem: CaseTransitionProblem; allowed: readonly CaseStatus[] };

export function checkCaseTransition(request: CaseTransitionRequest): CaseTransitionResult {
  const allowed = allowedNextStatuses(request.from);
  const fail = (problem: CaseTransitionProblem): CaseTransitionResult => ({ ok: false, problem, allowed });
  if (!allowed.includes(request.to)) return fail('illegal_transition');
  if (request.to === 'closed') {
    if (!request.closureReason?.trim()) return fail('closure_reason_required');
    if (request.priority === 'critical' && !request.supervisorApproved) return fail('supervisor_approval_required');
  }
  if (request.from === 'closed' && !request.reopenReason?.trim()) return fail('reopen_reason_required');
  return { ok: true };
}
