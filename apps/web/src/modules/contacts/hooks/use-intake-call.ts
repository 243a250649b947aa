import type { CallDto } from '@mayak/api-client';
import { useEffect } from 'react';
import { useRealtimeEvent } from '@web/modules/realtime/RealtimeProvider';
import { useCall, useLiveCalls, useRefreshCall } from '@web/modules/telephony/hooks/use-telephony';
import type { IntakeView } from './use-intake';

/**
 * The live call of the intake's contact: read while the contact has one, found in the live
 * list when the contact was continued from the contacts list, re-read when it is transferred,
 * taken or ended. When the call leaves the user (handed to a colleague, or back to the queue
 * because they did not pick up), the contact is released: not theirs to edit any more.
 */
export function useIntakeCall(intake: IntakeView, userId: string, answersCalls: boolean) {
  const call = useCall(answersCalls ? intake.callId : null);
  const liveCalls = useLiveCalls(answersCalls);
  const refreshCall = useRefreshCall();

  // A contact continued from the contacts list may still be on a live call: find it.
  useEffect(() => {
    if (intake.callId || !intake.contactId || !liveCalls.data) return;
    const match = liveCalls.data.find((c) => c.contactId === intake.contactId);
    if (match) intake.attachCall(match.id);
  }, [liveCalls.data, intake.contactId, intake.callId]);

  const mineOrCall = (callId: string, contactId: string | null | undefined) => callId === intake.callId || (!!contactId && contactId === intake.contactId);
  useRealtimeEvent(
    'call.transfer',
    (event) => {
      if (mineOrCall(event.callId, event.contactId)) refreshCall(event.callId);
    },
    answersCalls,
  );
  useRealtimeEvent(
    'call.ended',
    (event) => {
      if (mineOrCall(event.callId, event.contactId)) refreshCall(event.callId);
    },
    answersCalls,
  );
  useRealtimeEvent(
    'call.taken',
    (event) => {
      if (mineOrCall(event.callId, event.contactId)) refreshCall(event.callId);
    },
    answersCalls,
  );

  const handOver = (c: CallDto) => {
    if (intake.released || !intake.contact || intake.contact.operator?.id !== userId || c.contactId !== intake.contactId) return;
    if (c.operator && c.operator.id !== userId) intake.release({ kind: 'handed', to: c.operator.displayName });
    else if (!c.operator && c.state === 'queued') intake.release({ kind: 'requeued' });
  };
  useEffect(() => {
    if (call.data) handOver(call.data);
  }, [call.data, intake.contact]);

  return { call, handOver };
}
