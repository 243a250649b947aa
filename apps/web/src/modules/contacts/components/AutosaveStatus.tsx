import { useTranslation } from 'react-i18next';
import { problemMessage } from '@web/modules/api/errors';
import { useFormatTime } from '@web/modules/i18n/format';
import { Group, Text, VisuallyHidden } from '@web/modules/ui';
import type { SaveState } from '../hooks/use-intake';

interface AutosaveStatusProps {
  state: SaveState;
  savedAt: string | null;
  error: unknown;
  hasContact: boolean;
}

/**
 * Where the contact stands: not yet saved, saving, saved at HH:MM, or not saved (and kept
 * on this device). Only failures are announced: a screen reader on a live call must not
 * hear "saved" every few seconds.
 */
export function AutosaveStatus({ state, savedAt, error, hasContact }: AutosaveStatusProps) {
  const { t } = useTranslation();
  const formatTime = useFormatTime();
  let text: string;
  let color: string | undefined = 'dimmed';
  switch (state) {
    case 'saving':
      text = t('intake.autosave.saving');
      break;
    case 'pending':
      text = hasContact ? t('intake.autosave.pending') : t('intake.autosave.pendingNew');
      break;
    case 'saved':
      text = savedAt ? t('intake.autosave.saved', { time: formatTime(savedAt) }) : t('intake.autosave.savedNoTime');
      color = 'green.8';
      break;
    case 'error':
      text = t('intake.autosave.failed', { problem: problemMessage(t, error) });
      color = 'red.8';
      break;
    default:
      text = t('intake.autosave.idle');
  }
  return (
    <Group gap="xs">
      <Text size="sm" fw={500} c={color} data-testid="autosave-status" data-state={state}>
        {text}
      </Text>
      <VisuallyHidden role="alert">{state === 'error' ? text : ''}</VisuallyHidden>
    </Group>
  );
}
