/**
 * The referral status machine (DESIGN.md), implemented once: the API enforces it and the
 * console offers only the allowed moves. Who may make a move is part of the rule: the
 * hotline sends and cancels; the partner (or the case worker recording the partner's
 * answer) accepts, declines, starts and completes.
 */
export const REFERRAL_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export type ReferralParty = 'hotline' | 'partner';

const TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  draft: ['sent', 'cancelled'],
  sent: ['accepted', 'declined', 'cancelled'],
  accepted: ['in_progress', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  declined: [],
  completed: [],
  cancelled: [],
};

// The partner answers; the hotline sends, cancels, and may record an answer on the partner's behalf.
const PARTNER_MOVES: readonly ReferralStatus[] = ['accepted', 'declined', 'in_progress', 'completed'];

export function allowedNextReferralStatuses(from: ReferralStatus, party: ReferralParty = 'hotline'): readonly ReferralStatus[] {
  const all = TRANSITIONS[from];
  return party === 'partner' ? all.filter((to) => PARTNER_MOVES.includes(to)) : all;
}

/** Sent and not yet finished: the partner owes an answer or the service. */
export function isReferralOpen(status: ReferralStatus): boolean {
  return status === 'sent' || status === 'accepted' || status === 'in_progress';
}

export interface ReferralTransitionRequest {
  from: ReferralStatus;
  to: ReferralStatus;
  party: ReferralParty;
  /** Required when declining or cancelling. */
  reason?: string | null;
  /** Required when completing: what came of it. */
  outcome?: string | null;
}

export type ReferralTransitionProblem = 'illegal_transition' | 'reason_required' | 'outcome_required';

export type ReferralTransitionResult = { ok: true } | { ok: false; problem: ReferralTransitionProblem; allowed: readonly ReferralStatus[] };

export function checkReferralTransition(request: ReferralTransitionRequest): ReferralTransitionResult {
  const allowed = allowedNextReferralStatuses(request.from, request.party);
  const fail = (problem: ReferralTransitionProblem): ReferralTransitionResult => ({ ok: false, problem, allowed });
  if (!allowed.includes(request.to)) return fail('illegal_transition');
  if ((request.to === 'declined' || request.to === 'cancelled') && !request.reason?.trim()) return fail('reason_required');
  if (request.to === 'completed' && !request.outcome?.trim()) return fail('outcome_required');
  return { ok: true };
}

/** When an answer is due: the send time plus the service's response hours. */
export function referralDueAt(sentAt: Date, responseHours: number): Date {
  return new Date(sentAt.getTime() + responseHours * 3600_000);
}
