import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { consoleClock } from '@web/modules/clock/console-clock';
import { contactsApi } from '../api';
import { clearDraft, writeDraft, type IntakeDraft } from '../intake-draft';
import { IntakeSession, phoneOf } from '../intake-session';
import { isMeaningful } from '../types';

export { AUTOSAVE_DELAY_MS, type IntakeNotice, type IntakeRelease, type SaveState } from '../intake-session';

/**
 * One live call's contact for the intake screen: an `IntakeSession` (see intake-session.ts)
 * wired to the API, the local draft, the console's clock and the query cache. `restored` is
 * the draft, already decrypted (useRestoredDraft): the session starts from it, so nothing is
 * saved or shown before the restore is done.
 */
export function useIntake(userId: string, pendingContactId: string | null = null, restored: IntakeDraft | null = null) {
  const queryClient = useQueryClient();
  const [session] = useState(
    () =>
      new IntakeSession(
        {
          contacts: contactsApi,
          drafts: { write: (draft) => writeDraft(userId, draft), clear: () => clearDraft(userId) },
          now: () => consoleClock.now(),
          onListsChanged: () => {
            void queryClient.invalidateQueries({ queryKey: ['contacts'] });
            void queryClient.invalidateQueries({ queryKey: ['cases'] });
            void queryClient.invalidateQueries({ queryKey: ['callers'] });
            // Completing a call's contact ends the operator's after-call work.
            void queryClient.invalidateQueries({ queryKey: ['telephony', 'presence'] });
          },
        },
        restored,
        pendingContactId,
      ),
  );
  const view = useSyncExternalStore(session.subscribe, session.getSnapshot);

  useEffect(() => {
    session.start();
    return () => session.leave();
  }, [session]);

  const phone = phoneOf(view.values);
  return {
    ...view,
    phoneValid: phone.valid,
    phoneEmpty: phone.empty,
    phoneE164: phone.e164,
    hasContent: !!view.contactId || isMeaningful(view.values),
    change: session.change,
    dismissNotice: session.dismissNotice,
    saveNow: session.saveNow,
    openCase: session.openCase,
    linkCase: session.linkCase,
    linkPerson: session.linkPerson,
    complete: session.complete,
    startNew: session.startNew,
    loadContact: session.loadContact,
    attachCall: session.attachCall,
    release: session.release,
    reset: session.reset,
  };
}

/** What the intake screen reads and calls. */
export type IntakeView = ReturnType<typeof useIntake>;
