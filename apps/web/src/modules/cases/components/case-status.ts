import type { CaseStatus, ClosureReason } from '@mayak/domain';
import type { ChangeStatusBody } from '../types';

export interface CloseCaseValues {
  closureReason: ClosureReason | '';
  closureNote: string;
}

export interface ReopenCaseValues {
  reopenReason: string;
}

/** The words on a transition button: what the move does, not just the target's name. */
export function transitionKey(from: string, to: CaseStatus): string {
  return from === 'closed' && to === 'open' ? 'cases.transition.reopen' : `cases.transition.${to}`;
}

/** Closing asks for a reason and a note, reopening for a reason (each in its dialog); any other move is made at once. */
export function statusMoveKind(from: string, to: CaseStatus): 'close' | 'reopen' | 'direct' {
  if (to === 'closed') return 'close';
  if (from === 'closed') return 'reopen';
  return 'direct';
}

/** The close dialog's answer as the API takes it: the note only when it says something. */
export function closeCaseBody(version: number, values: CloseCaseValues): ChangeStatusBody {
  const closureNote = values.closureNote.trim();
  return {
    version,
    status: 'closed',
    closureReason: values.closureReason as ClosureReason,
    ...(closureNote ? { closureNote } : {}),
  };
}

export function reopenCaseBody(version: number, values: ReopenCaseValues): ChangeStatusBody {
  return { version, status: 'open', reopenReason: values.reopenReason.trim() };
}
