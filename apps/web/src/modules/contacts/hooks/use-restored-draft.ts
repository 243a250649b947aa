import { useEffect, useState } from 'react';
import { intakeDrafts, type IntakeDraft } from '../intake-draft';

export type RestoredDraft = { ready: false } | { ready: true; draft: IntakeDraft | null };

/**
 * The user's local intake draft, once the session's key has come and it is decrypted. The
 * intake waits for this before it starts (no empty form that a first autosave would push
 * over the draft); with nothing stored it is ready at once, and the key is fetched ahead
 * of the first keystroke.
 */
export function useRestoredDraft(userId: string): RestoredDraft {
  const [state, setState] = useState<{ userId: string; restored: RestoredDraft }>(() => ({
    userId,
    restored: intakeDrafts.has(userId) ? { ready: false } : { ready: true, draft: null },
  }));
  const current = state.userId === userId ? state.restored : null;
  const waiting = !current || !current.ready;

  useEffect(() => {
    let live = true;
    if (!waiting) {
      void intakeDrafts.prepare(userId);
      return;
    }
    void intakeDrafts.read(userId).then((draft) => {
      if (live) setState({ userId, restored: { ready: true, draft } });
    });
    return () => {
      live = false;
    };
  }, [userId, waiting]);

  return current ?? { ready: false };
}
