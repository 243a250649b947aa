/**
 * Moving a case to another office (a client moves from Almaty to Astana): requested by the
 * office that has the case, answered by the office that would take it. Implemented once: the
 * API enforces it and the console offers only what is allowed.
 *
 *   pending -> accepted | declined | withdrawn
 *
 * Who may do what is part of the rule: a case worker of the case's office who works on it
 * (assigned or shared) or a supervisor of that office requests; a supervisor of the receiving
 * office accepts or declines (with a reason); the requester, or a supervisor of the sending
 * office, withdraws while the request is pending.
 */
import type { Role } from '../auth/roles';

export const CASE_TRANSFER_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type CaseTransferStatus = (typeof CASE_TRANSFER_STATUSES)[number];

/** The API's bounds for a request's or a decline's reason (after trimming). */
export const TRANSFER_REASON_MIN = 3;
export const TRANSFER_REASON_MAX = 2000;

const TRANSITIONS: Readonly<Record<CaseTransferStatus, readonly CaseTransferStatus[]>> = {
  pending: ['accepted', 'declined', 'withdrawn'],
  accepted: [],
  declined: [],
  withdrawn: [],
};

export function allowedNextTransferStatuses(from: CaseTransferStatus): readonly CaseTransferStatus[] {
  return TRANSITIONS[from];
}

/** Still waiting for the receiving office's answer. */
export function isTransferPending(status: CaseTransferStatus): boolean {
  return status === 'pending';
}

/** Who is acting, as far as transfers care. */
export interface TransferActor {
  userId: string;
  roles: readonly Role[];
  officeIds: readonly string[];
}

const supervises = (actor: TransferActor, officeId: string) => actor.roles.includes('supervisor') && actor.officeIds.includes(officeId);

export interface TransferRequestCheck {
  actor: TransferActor;
  /** The case's office now (the sending office). */
  caseOfficeId: string;
  /** The office asked to take the case. */
  toOfficeId: string;
  caseClosed: boolean;
  /** The actor is the case's assignee or the case is shared with them. */
  worksOnCase: boolean;
  /** A request of this case is already waiting. */
  pendingExists: boolean;
  reason?: string | null;
}

export type TransferRequestProblem = 'not_allowed' | 'case_closed' | 'same_office' | 'reason_required' | 'transfer_pending';

/**
 * May this actor ask for this case to move? Supervisors of the case's office may; a case
 * worker of that office only for a case they work on. A case shared with someone of another
 * office does not let them send it anywhere.
 */
export function mayRequestTransfer(actor: TransferActor, caseOfficeId: string, worksOnCase: boolean): boolean {
  if (supervises(actor, caseOfficeId)) return true;
  return actor.roles.includes('case_worker') && actor.officeIds.includes(caseOfficeId) && worksOnCase;
}

export function checkTransferRequest(input: TransferRequestCheck): { ok: true } | { ok: false; problem: TransferRequestProblem } {
  const fail = (problem: TransferRequestProblem) => ({ ok: false as const, problem });
  if (!mayRequestTransfer(input.actor, input.caseOfficeId, input.worksOnCase)) return fail('not_allowed');
  if (input.caseClosed) return fail('case_closed');
  if (input.toOfficeId === input.caseOfficeId) return fail('same_office');
  if (!isTransferReason(input.reason)) return fail('reason_required');
  if (input.pendingExists) return fail('transfer_pending');
  return { ok: true };
}

export function isTransferReason(reason: string | null | undefined): boolean {
  const length = reason?.trim().length ?? 0;
  return length >= TRANSFER_REASON_MIN && length <= TRANSFER_REASON_MAX;
}

/** The moves after a request, and which side of the transfer makes each. */
export type TransferAnswer = 'accepted' | 'declined' | 'withdrawn';

export interface TransferAnswerCheck {
  actor: TransferActor;
  from: CaseTransferStatus;
  to: TransferAnswer;
  fromOfficeId: string;
  toOfficeId: string;
  requestedById: string;
  /** Required when declining. */
  reason?: string | null;
}

export type TransferAnswerProblem = 'not_allowed' | 'illegal_transition' | 'reason_required';

export type TransferAnswerResult = { ok: true } | { ok: false; problem: TransferAnswerProblem; allowed: readonly CaseTransferStatus[] };

/** Accepting and declining are the receiving office's supervisors'; withdrawing is the requester's (or a supervisor of the sending office). */
export function mayAnswerTransfer(
  actor: TransferActor,
  to: TransferAnswer,
  transfer: { fromOfficeId: string; toOfficeId: string; requestedById: string },
): boolean {
  if (to === 'withdrawn') return actor.userId === transfer.requestedById || supervises(actor, transfer.fromOfficeId);
  return supervises(actor, transfer.toOfficeId);
}

export function checkTransferAnswer(input: TransferAnswerCheck): TransferAnswerResult {
  const allowed = allowedNextTransferStatuses(input.from);
  if (!mayAnswerTransfer(input.actor, input.to, input)) return { ok: false, problem: 'not_allowed', allowed };
  if (!allowed.includes(input.to)) return { ok: false, problem: 'illegal_transition', allowed };
  if (input.to === 'declined' && !isTransferReason(input.reason)) return { ok: false, problem: 'reason_required', allowed };
  return { ok: true };
}
