import type { PersonDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '@web/modules/ui';
import { AddFlagDialog } from '../components/AddFlagDialog';
import { RevealDialog } from '../components/RevealDialog';
import { useAddPersonFlag, useRemoveFlag, useRevealPerson } from './use-people';

/**
 * What a person's card and page both offer: reveal (asks why; the answer is kept in this
 * component only), add a flag, remove one. `dialogs` is rendered once by the caller.
 */
export function usePersonActions(person: PersonDto) {
  const { t } = useTranslation();
  const reveal = useRevealPerson();
  const addFlag = useAddPersonFlag();
  const removeFlag = useRemoveFlag();
  const [revealed, setRevealed] = useState<PersonDto | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [flagging, setFlagging] = useState(false);
  const shown = revealed ?? person;
  const displayName = shown.name ?? t('people.noName');

  const dialogs = (
    <>
      <RevealDialog
        opened={revealing}
        subject={t('people.reveal.subjectPerson', { name: displayName })}
        loading={reveal.isPending}
        error={reveal.error}
        onClose={() => setRevealing(false)}
        onReveal={(reason) =>
          reveal.mutate(
            { id: person.id, reason },
            {
              onSuccess: (result) => {
                setRevealed(result);
                setRevealing(false);
              },
            },
          )
        }
      />
      <AddFlagDialog
        opened={flagging}
        subject={displayName}
        loading={addFlag.isPending}
        error={addFlag.error}
        onClose={() => setFlagging(false)}
        onSubmit={(body) =>
          addFlag.mutate(
            { personId: person.id, body },
            {
              onSuccess: () => {
                setFlagging(false);
                notifySuccess(t('people.flags.added'));
              },
            },
          )
        }
      />
    </>
  );

  return {
    /** The person as shown: revealed when revealed, else as the API masked it. */
    shown,
    displayName,
    revealed,
    hideRevealed: () => setRevealed(null),
    startReveal: () => {
      reveal.reset();
      setRevealing(true);
    },
    startFlag: () => {
      addFlag.reset();
      setFlagging(true);
    },
    removeFlag,
    dialogs,
  };
}
