import type { CallbackDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { Button, Group } from '@web/modules/ui';
import { callbackActions } from '../hooks/use-callbacks';
import { useCallbackName } from './CallbackDialogs';

export type CallbackAction = 'place' | 'outcome' | 'reschedule' | 'cancel' | 'details';

interface CallbackActionsProps {
  callback: CallbackDto;
  placing: boolean;
  onAction: (action: CallbackAction, callback: CallbackDto) => void;
  /** A "Details" button (where nothing else opens the drawer). */
  withDetails?: boolean;
}

/** The moves a callback allows now (from its `allowed` list), each button named with the callback it acts on. */
export function CallbackActions({ callback, placing, onAction, withDetails = false }: CallbackActionsProps) {
  const { t } = useTranslation();
  const can = useCan();
  const name = useCallbackName()(callback);
  const allowed = callbackActions(callback);
  const write = can('callbacks.write');
  return (
    <Group gap={4} wrap="wrap">
      {write && allowed.place ? (
        <Button
          size="compact-sm"
          color="green"
          loading={placing}
          onClick={() => onAction('place', callback)}
          aria-label={t('callbacks.actions.placeNamed', { name })}
          data-testid="callback-place"
        >
          {t('callbacks.actions.place')}
        </Button>
      ) : null}
      {write && allowed.outcome ? (
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => onAction('outcome', callback)}
          aria-label={t('callbacks.actions.outcomeNamed', { name })}
          data-testid="callback-outcome"
        >
          {t('callbacks.actions.outcome')}
        </Button>
      ) : null}
      {write && allowed.reschedule ? (
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => onAction('reschedule', callback)}
          aria-label={t('callbacks.actions.rescheduleNamed', { name })}
          data-testid="callback-reschedule"
        >
          {t('callbacks.actions.reschedule')}
        </Button>
      ) : null}
      {write && allowed.cancel ? (
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          onClick={() => onAction('cancel', callback)}
          aria-label={t('callbacks.actions.cancelNamed', { name })}
          data-testid="callback-cancel"
        >
          {t('callbacks.actions.cancel')}
        </Button>
      ) : null}
      {withDetails ? (
        <Button
          size="compact-sm"
          variant="subtle"
          onClick={() => onAction('details', callback)}
          aria-label={t('callbacks.actions.detailsNamed', { name })}
          data-testid="callback-details"
        >
          {t('callbacks.actions.details')}
        </Button>
      ) : null}
    </Group>
  );
}
