import type { CallDto, SessionDto } from '@mayak/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { problemCode } from '@web/modules/api/errors';
import { hasPermission } from '@web/modules/auth/session';
import { useRealtimeEvent } from '@web/modules/realtime/RealtimeProvider';
import { showCallNotice } from '@web/modules/softphone/desktop-notice';
import { ringTone } from '@web/modules/softphone/ring-tone';
import { notifyWarning } from '@web/modules/ui';
import { isIntakeOnScreen, ringsFor } from '../components/incoming-calls';
import { intakePathFor } from '../paths';
import { useCallShortcuts } from '../shortcuts';
import { isOnCall, isRinging, LIVE_CALLS_KEY, useAnswerCall, useLiveCalls, useNow, useOperators, usePresence, useRefreshCall } from './use-telephony';

/** How long "answered by a colleague" stays where the ringing call was. */
const TAKEN_NOTE_MS = 6000;

export interface TakenNote {
  call: CallDto;
  by: string | null;
}

/**
 * The live call panel's state: the calls by kind (ringing, mine, offered to me, my colleagues'
 * for supervisors), the clock they tick on, the ring tone, Answer (and Alt+A for the oldest),
 * and what the event stream says about calls taken or ended.
 */
export function useIncomingCalls(session: SessionDto) {
  const navigate = useNavigate();
  const location = useLocation();
  const me = session.user.id;
  const supervise = hasPermission(session, 'telephony.supervise');
  const calls = useLiveCalls();
  const operators = useOperators();
  const presence = usePresence();
  const [collapsed, setCollapsed] = useState(false);
  const events = useCallEvents({
    me,
    available: presence.data?.status === 'available',
    nameOf: (userId) => operators.data?.find((o) => o.user.id === userId)?.user.displayName ?? null,
    onRinging: () => setCollapsed(false),
  });

  const list = calls.data ?? [];
  const ringing = list.filter(isRinging);
  // My call whose intake is on screen has its own bar there.
  const mine = list.filter((call) => isOnCall(call) && call.operator?.id === me && !isIntakeOnScreen(call, location));
  const offeredToMe = list.filter((call) => call.transferTo?.id === me);
  const othersOnCalls = supervise ? list.filter((call) => isOnCall(call) && call.operator?.id !== me) : [];
  const now = useNow(1000, ringing.length > 0 || mine.length > 0 || othersOnCalls.length > 0);
  // The console rings aloud while a call waits for me and I am available (not while I talk or am away):
  // a call rings first for those who speak its language, for everyone from ringsEveryoneAt.
  const ringAloud = ringing.some((call) => ringsFor(call, session.user.languages, now)) && presence.data?.status === 'available';
  useRingTone(ringAloud);
  const answering = useAnswering(ringing, (answered) => navigate(intakePathFor(answered.contactId, answered.id)));

  return {
    ...events,
    ...answering,
    ringing,
    mine,
    offeredToMe,
    othersOnCalls,
    now,
    fetchedAt: calls.dataUpdatedAt || now,
    ringAloud,
    away: presence.data?.status === 'away',
    collapsed,
    toggleCollapsed: () => setCollapsed((c) => !c),
    /** For supervisors, the line at a glance; null for everyone else. */
    lineSummary: supervise
      ? {
          onCalls: list.filter(isOnCall).length,
          menu: list.filter((call) => call.state === 'menu').length,
          available: operators.data?.filter((o) => o.status === 'available').length ?? 0,
        }
      : null,
    openIntake: (call: CallDto) => navigate(intakePathFor(call.contactId, call.id)),
  };
}

/** The console's ring tone follows `ringAloud`, and stops when the panel goes. */
function useRingTone(ringAloud: boolean): void {
  useEffect(() => {
    if (ringAloud) ringTone.start();
    else ringTone.stop();
  }, [ringAloud]);
  useEffect(() => () => ringTone.stop(), []);
}

interface CallEventsOptions {
  me: string;
  /** My presence is Available (a ringing call is then also shown on the desktop). */
  available: boolean;
  nameOf: (userId: string) => string | null;
  onRinging: () => void;
}

/**
 * The event stream's calls: one ringing is announced (and shown on the desktop when I am
 * available); one taken by a colleague leaves at once with a note for a moment; one ended leaves at once.
 */
function useCallEvents({ me, available, nameOf, onRinging }: CallEventsOptions): { taken: TakenNote[]; announcement: string } {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = useRefreshCall();
  const [taken, setTaken] = useState<TakenNote[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const timers = useRef<number[]>([]);
  useEffect(() => () => timers.current.forEach((timer) => window.clearTimeout(timer)), []);

  const dropCall = (keep: (call: CallDto) => boolean) => queryClient.setQueryData<CallDto[]>(LIVE_CALLS_KEY, (old) => old?.filter(keep));

  useRealtimeEvent('call.ringing', (event) => {
    refresh();
    onRinging();
    setAnnouncement(t('telephony.incoming.announce'));
    if (available) showCallNotice(t('telephony.incoming.desktopTitle'), t('telephony.incoming.desktopBody'), event.callId);
  });
  useRealtimeEvent('call.taken', (event) => {
    const call = queryClient.getQueryData<CallDto[]>(LIVE_CALLS_KEY)?.find((c) => c.id === event.callId);
    if (call && event.operatorId !== me && isRinging(call)) {
      const note: TakenNote = { call, by: nameOf(event.operatorId) };
      setTaken((notes) => [...notes.filter((n) => n.call.id !== call.id), note]);
      setAnnouncement(note.by ? t('telephony.incoming.takenBy', { name: note.by }) : t('telephony.incoming.takenByColleague'));
      timers.current.push(window.setTimeout(() => setTaken((notes) => notes.filter((n) => n !== note)), TAKEN_NOTE_MS));
    }
    // The row leaves at once: only the note stays for a moment.
    dropCall((c) => c.id !== event.callId || event.operatorId === me);
    refresh(event.callId);
  });
  useRealtimeEvent('call.ended', (event) => {
    if (event.reason === 'not_picked_up') notifyWarning(t('telephony.incoming.notPickedUp'));
    dropCall((c) => c.id !== event.callId || event.reason === 'not_picked_up');
    refresh(event.callId);
  });
  useRealtimeEvent('call.transfer', (event) => refresh(event.callId));
  return { taken, announcement };
}

/** Answer a ringing call (Alt+A: the oldest); a call a colleague took first just leaves, other failures stay on its row. */
function useAnswering(ringing: CallDto[], onAnswered: (call: CallDto) => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const answer = useAnswerCall();
  const [failed, setFailed] = useState<{ callId: string; error: unknown } | null>(null);

  const take = (call: CallDto) => {
    if (answer.isPending) return;
    setFailed(null);
    answer.mutate(call.id, {
      onSuccess: onAnswered,
      onError: (error) => {
        if (problemCode(error) === 'call_taken') {
          notifyWarning(t('telephony.incoming.takenByColleague'));
          queryClient.setQueryData<CallDto[]>(LIVE_CALLS_KEY, (old) => old?.filter((c) => c.id !== call.id));
        } else {
          setFailed({ callId: call.id, error });
        }
      },
    });
  };

  useCallShortcuts({ answer: () => (ringing[0] ? take(ringing[0]) : undefined) }, ringing.length === 0);
  /** The call being answered, if any. */
  const pendingCallId = answer.isPending ? answer.variables : undefined;
  return { take, pendingCallId, failed };
}
