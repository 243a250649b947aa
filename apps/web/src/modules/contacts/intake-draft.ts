import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { createDraftStore, type IntakeDraft } from './draft-store';

export type { IntakeDraft } from './draft-store';

/** 32 bytes in base64url, as GET /auth/draft-key answers. */
function keyBytes(key: string): Uint8Array {
  const binary = atob(key.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * The console's intake drafts: in localStorage under the user's id (another user of the same
 * browser never sees them), sealed with this session's key (see draft-store.ts), removed
 * when the contact is completed or a new one is started, and all of them on sign-out.
 */
export const intakeDrafts = createDraftStore({
  storage: () => window.localStorage,
  fetchKey: async () => keyBytes((await unwrap(api.GET('/api/v1/auth/draft-key'))).key),
  crypto: window.crypto,
});

export function readDraft(userId: string): Promise<IntakeDraft | null> {
  return intakeDrafts.read(userId);
}

export function writeDraft(userId: string, draft: IntakeDraft): Promise<boolean> {
  return intakeDrafts.write(userId, draft);
}

export function clearDraft(userId: string): void {
  intakeDrafts.clear(userId);
}

/**
 * Removes every user's intake draft from this browser and forgets the session's key. Called
 * on a deliberate sign-out: by then the draft has been autosaved to the server, and nothing
 * of a caller may stay behind on a shared workstation.
 */
export function clearAllDrafts(): void {
  intakeDrafts.clearAll();
}
