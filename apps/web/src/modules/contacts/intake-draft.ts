import { INTAKE_DEFAULTS, type IntakeValues } from './types';

/**
 * The intake's local copy, so a crashed or closed browser loses nothing of a live call:
 * what was typed, the contact it belongs to and the version last saved. Kept in
 * localStorage under the user's id (another user of the same browser never sees it) and
 * removed when the contact is completed or a new one is started.
 */
export interface IntakeDraft {
  v: 1;
  values: IntakeValues;
  contactId: string | null;
  version: number | null;
  /** When the first thing was typed: the contact's start time. */
  startedAt: string | null;
  /** Last time the server confirmed a save. */
  savedAt: string | null;
  /** Typed since the last confirmed save. */
  unsaved: boolean;
  caseId: string | null;
  caseReference: string | null;
  /** The live call this contact belongs to (answered or handed over to this user), if any. */
  callId: string | null;
}

const PREFIX = 'mayak.intake.draft.';

export function draftKey(userId: string): string {
  return `${PREFIX}${userId}`;
}

export function readDraft(userId: string): IntakeDraft | null {
  try {
    const raw = window.localStorage.getItem(draftKey(userId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<IntakeDraft>;
    if (parsed.v !== 1 || typeof parsed.values !== 'object' || parsed.values === null) return null;
    return {
      v: 1,
      values: { ...INTAKE_DEFAULTS, ...parsed.values },
      contactId: parsed.contactId ?? null,
      version: parsed.version ?? null,
      startedAt: parsed.startedAt ?? null,
      savedAt: parsed.savedAt ?? null,
      unsaved: !!parsed.unsaved,
      caseId: parsed.caseId ?? null,
      caseReference: parsed.caseReference ?? null,
      callId: parsed.callId ?? null,
    };
  } catch {
    return null;
  }
}

export function writeDraft(userId: string, draft: IntakeDraft): void {
  try {
    window.localStorage.setItem(draftKey(userId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the server copy (autosave) is then the only one.
  }
}

export function clearDraft(userId: string): void {
  try {
    window.localStorage.removeItem(draftKey(userId));
  } catch {
    // Nothing to clear.
  }
}

/**
 * Removes every user's intake draft from this browser. Called on a deliberate sign-out:
 * by then the draft has been autosaved to the server, and a caller's number and notes
 * must not stay behind on a shared workstation.
 */
export function clearAllDrafts(): void {
  try {
    const keys = Array.from({ length: window.localStorage.length }, (_, i) => window.localStorage.key(i)).filter((k): k is string => !!k && k.startsWith(PREFIX));
    for (const key of keys) window.localStorage.removeItem(key);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
