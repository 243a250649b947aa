import type { SessionDto } from '@mayak/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { hasPermission } from '../auth/session';
import { CALLBACKS_KEY } from '../callbacks/hooks/use-callbacks';
import { CONVERSATIONS_KEY } from '../conversations/hooks/use-conversations';
import { useRealtimeEvent } from '../realtime/RealtimeProvider';
import { useOperators } from '../telephony/hooks/use-telephony';
import { intakePathFor } from '../telephony/paths';
import { Button, Group, hideNotification, notifyInfo, Text } from '../ui';

/**
 * What the event stream says that matters on any screen: a call handed to me (with a way to
 * its intake), a warm transfer offered or called off, a callback now due; texts refresh the
 * messages lists (and the navigation's count).
 */
export function LiveNotices({ session }: { session: SessionDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = session.user.id;
  const answersCalls = hasPermission(session, 'telephony.answer');
  const readsCallbacks = hasPermission(session, 'callbacks.read');
  const operators = useOperators(answersCalls);
  const nameOf = (userId: string) => operators.data?.find((o) => o.user.id === userId)?.user.displayName ?? t('telephony.incoming.aColleague');
  // "A call was handed to you" stays until its intake is open, however the user got there.
  const handed = useRef(new Map<string, string>());
  const location = useLocation();
  useEffect(() => {
    if (location.pathname !== '/intake') return;
    const contactId = new URLSearchParams(location.search).get('contact');
    const id = contactId ? handed.current.get(contactId) : undefined;
    if (contactId && id) {
      hideNotification(id);
      handed.current.delete(contactId);
    }
  }, [location]);

  useRealtimeEvent(
    'call.transfer',
    (event) => {
      if (event.toId !== me) return;
      const from = nameOf(event.fromId);
      if (event.step === 'offered') {
        notifyInfo(t('telephony.transfer.offeredNotice', { name: from }), { title: t('telephony.transfer.offeredTitle') });
      } else if (event.step === 'cancelled') {
        notifyInfo(t('telephony.transfer.cancelledNotice', { name: from }));
      } else if (event.step === 'completed') {
        const id = `call-handed-${event.callId}`;
        if (event.contactId) handed.current.set(event.contactId, id);
        notifyInfo(
          <Group gap="sm" wrap="wrap">
            <Text size="sm">{t('telephony.transfer.receivedNotice', { name: from })}</Text>
            <Button
              size="compact-sm"
              onClick={() => {
                hideNotification(id);
                void navigate(intakePathFor(event.contactId, event.callId));
              }}
            >
              {t('telephony.incoming.openIntake')}
            </Button>
          </Group>,
          { id, title: t('telephony.transfer.receivedTitle'), sticky: true },
        );
      }
    },
    answersCalls,
  );

  useRealtimeEvent(
    'callback.due',
    (event) => {
      void queryClient.invalidateQueries({ queryKey: CALLBACKS_KEY });
      const id = `callback-due-${event.callbackId}`;
      notifyInfo(
        <Group gap="sm" wrap="wrap">
          <Text size="sm">{t('callbacks.dueNotice')}</Text>
          <Button
            size="compact-sm"
            onClick={() => {
              hideNotification(id);
              void navigate(`/callbacks?open=${encodeURIComponent(event.callbackId)}`);
            }}
          >
            {t('callbacks.openDue')}
          </Button>
        </Group>,
        { id, title: t('callbacks.dueTitle') },
      );
    },
    readsCallbacks,
  );

  useRealtimeEvent('message.received', () => void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY }), answersCalls);
  useRealtimeEvent('message.updated', () => void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY }), answersCalls);

  return null;
}
