import type { CallbackDto } from '@mayak/api-client';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '@web/modules/ui';
import { usePlaceCallback } from '../hooks/use-callbacks';
import type { CallbackAction } from './CallbackActions';
import { CallbackDetail } from './CallbackDetail';
import { CallbackOutcomeDialog, CancelCallbackDialog, RescheduleCallbackDialog } from './CallbackDialogs';

/**
 * The row actions of a callbacks list (the callbacks page, a case's section): "Call now"
 * places the call at once; the others open their dialog; "Details" opens the drawer.
 */
export function useCallbackActions(): {
  onAction: (action: CallbackAction, callback: CallbackDto) => void;
  openDetails: (id: string) => void;
  placingId: string | null;
  error: unknown;
  dialogs: ReactNode;
} {
  const { t } = useTranslation();
  const place = usePlaceCallback();
  const [outcomeFor, setOutcomeFor] = useState<CallbackDto | null>(null);
  const [rescheduleFor, setRescheduleFor] = useState<CallbackDto | null>(null);
  const [cancelFor, setCancelFor] = useState<CallbackDto | null>(null);
  const [detailId, setDetailId] = useState<string | null>(null);

  const onAction = (action: CallbackAction, callback: CallbackDto) => {
    // One modal at a time: a dialog opened from the drawer replaces it.
    if (action === 'outcome' || action === 'reschedule' || action === 'cancel') setDetailId(null);
    switch (action) {
      case 'place':
        place.mutate(callback, { onSuccess: () => notifySuccess(t('callbacks.actions.placed')) });
        break;
      case 'outcome':
        setOutcomeFor(callback);
        break;
      case 'reschedule':
        setRescheduleFor(callback);
        break;
      case 'cancel':
        setCancelFor(callback);
        break;
      case 'details':
        setDetailId(callback.id);
        break;
    }
  };

  return {
    onAction,
    openDetails: setDetailId,
    placingId: place.isPending ? (place.variables?.id ?? null) : null,
    error: place.error,
    dialogs: (
      <>
        <CallbackDetail
          id={detailId}
          onClose={() => setDetailId(null)}
          onAction={onAction}
          placingId={place.isPending ? (place.variables?.id ?? null) : null}
        />
        <CallbackOutcomeDialog callback={outcomeFor} onClose={() => setOutcomeFor(null)} />
        <RescheduleCallbackDialog callback={rescheduleFor} onClose={() => setRescheduleFor(null)} />
        <CancelCallbackDialog callback={cancelFor} onClose={() => setCancelFor(null)} />
      </>
    ),
  };
}
