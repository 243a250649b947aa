import type { CallDto, SessionDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { problemCode } from '@web/modules/api/errors';
import { hasPermission } from '@web/modules/auth/session';
import { useCodes } from '@web/modules/i18n/codes';
import { useRealtimeEvent } from '@web/modules/realtime/RealtimeProvider';
import {
  Badge, Button, ErrorAlert, Group, notifyWarning, Paper, ScrollArea, ShortcutHint, Stack, StatusBadge, Text, Title, VisuallyHidden,
} from '@web/modules/ui';
import {
  formatSeconds, isOnCall, isRinging, LIVE_CALLS_KEY, useAnswerCall, useLiveCalls, useNow, useOperators, usePresence, useRefreshCall,
} from '../hooks/use-telephony';
import { intakePathFor } from '../paths';
import { CALL_SHORTCUTS, useCallShortcuts } from '../shortcuts';
import { CallerHistory } from './CallerHistory';
import { PhoneIcon } from './icons';
import { showCallNotice } from '@web/modules/softphone/desktop-notice';
import { ringTone } from '@web/modules/softphone/ring-tone';

/** How long "answered by a colleague" stays where the ringing call was. */
const TAKEN_NOTE_MS = 6000;

interface TakenNote {
  call: CallDto;
  by: string | null;
}

/**
 * The live call panel at the top of every screen (for users who answer calls): ringing
 * calls, oldest first, with their waiting time, language, number and what we know of the
 * caller, each with Answer (Alt+A takes the oldest); my own calls with a way back to their
 * intake; and for supervisors, who is on which call in their offices. The event stream
 * keeps it current; a poll is the fallback.
 */
export function IncomingCallsPanel({ session }: { session: SessionDto }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const me = session.user.id;
  const supervise = hasPermission(session, 'telephony.supervise');
  const calls = useLiveCalls();
  const operators = useOperators();
  const presence = usePresence();
  const answer = useAnswerCall();
  const refresh = useRefreshCall();
  const [taken, setTaken] = useState<TakenNote[]>([]);
  const [collapsed, setCollapsed] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [failed, setFailed] = useState<{ callId: string; error: unknown } | null>(null);
  const timers = useRef<number[]>([]);

  const list = calls.data ?? [];
  const ringing = list.filter(isRinging);
  const onIntakeOf = (call: CallDto) => location.pathname === '/intake' && !!call.contactId && new URLSearchParams(location.search).get('contact') === call.contactId;
  // My call whose intake is on screen has its own bar there.
  const mine = list.filter((call) => isOnCall(call) && call.operator?.id === me && !onIntakeOf(call));
  const offeredToMe = list.filter((call) => call.transferTo?.id === me);
  const othersOnCalls = supervise ? list.filter((call) => isOnCall(call) && call.operator?.id !== me) : [];
  const inMenu = supervise ? list.filter((call) => call.state === 'menu').length : 0;
  const now = useNow(1000, ringing.length > 0 || mine.length > 0 || othersOnCalls.length > 0);
  // The console rings aloud while a call waits for me and I am available (not while I talk or am away):
  // a call rings first for those who speak its language, for everyone from ringsEveryoneAt.
  const myLanguages: readonly string[] = session.user.languages;
  const ringsForMe = (call: CallDto): boolean =>
    !call.ringsEveryoneAt || (!!call.language && myLanguages.includes(call.language)) || now >= Date.parse(call.ringsEveryoneAt);
  const ringAloud = ringing.some(ringsForMe) && presence.data?.status === 'available';
  useEffect(() => {
    if (ringAloud) ringTone.start();
    else ringTone.stop();
  }, [ringAloud]);
  useEffect(() => () => ringTone.stop(), []);
  const fetchedAt = calls.dataUpdatedAt || now;

  useEffect(() => () => timers.current.forEach((timer) => window.clearTimeout(timer)), []);

  const nameOf = (userId: string): string | null => operators.data?.find((o) => o.user.id === userId)?.user.displayName ?? null;

  useRealtimeEvent('call.ringing', (event) => {
    refresh();
    setCollapsed(false);
    setAnnouncement(t('telephony.incoming.announce'));
    if (presence.data?.status === 'available') showCallNotice(t('telephony.incoming.desktopTitle'), t('telephony.incoming.desktopBody'), event.callId);
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
    queryClient.setQueryData<CallDto[]>(LIVE_CALLS_KEY, (old) => old?.filter((c) => c.id !== event.callId || event.operatorId === me));
    refresh(event.callId);
  });
  useRealtimeEvent('call.ended', (event) => {
    if (event.reason === 'not_picked_up') notifyWarning(t('telephony.incoming.notPickedUp'));
    queryClient.setQueryData<CallDto[]>(LIVE_CALLS_KEY, (old) => old?.filter((c) => c.id !== event.callId || event.reason === 'not_picked_up'));
    refresh(event.callId);
  });
  useRealtimeEvent('call.transfer', (event) => refresh(event.callId));

  const take = (call: CallDto) => {
    if (answer.isPending) return;
    setFailed(null);
    answer.mutate(call.id, {
      onSuccess: (answered) => navigate(intakePathFor(answered.contactId, answered.id)),
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

  const waited = (call: CallDto): number => {
    if (call.waitingSeconds !== null) return call.waitingSeconds + (now - fetchedAt) / 1000;
    return call.queuedAt ? (now - Date.parse(call.queuedAt)) / 1000 : 0;
  };
  const talked = (call: CallDto): number => (call.answeredAt ? (now - Date.parse(call.answeredAt)) / 1000 : 0);

  const live = (
    <VisuallyHidden role="status" aria-live="polite">{announcement}</VisuallyHidden>
  );
  if (!ringing.length && !mine.length && !offeredToMe.length && !othersOnCalls.length && !taken.length) return live;

  const away = presence.data?.status === 'away';
  return (
    <Paper
      component="section"
      aria-labelledby="incoming-calls-title"
      data-testid="incoming-calls"
      data-ringing={ringing.length}
      data-ring-tone={ringAloud ? 'on' : 'off'}
      withBorder
      shadow={ringing.length ? 'md' : undefined}
      p="sm"
      mb="md"
      style={ringing.length ? { position: 'sticky', top: 'var(--app-shell-header-offset, 0rem)', zIndex: 'var(--mantine-z-index-app)' } : undefined}
    >
      {live}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="wrap">
          <PhoneIcon />
          <Title order={2} size="h5" id="incoming-calls-title">{t('telephony.incoming.title')}</Title>
          {ringing.length ? <Badge color="red" variant="filled" tt="none">{t('telephony.incoming.ringingCount', { n: ringing.length })}</Badge> : null}
          {supervise ? (
            <Text size="sm" c="dimmed">
              {t('telephony.incoming.lineSummary', {
                onCalls: list.filter(isOnCall).length,
                menu: inMenu,
                available: operators.data?.filter((o) => o.status === 'available').length ?? 0,
              })}
            </Text>
          ) : null}
        </Group>
        <Button variant="subtle" size="compact-sm" aria-expanded={!collapsed} aria-controls="incoming-calls-body" onClick={() => setCollapsed((c) => !c)}>
          {collapsed ? t('telephony.incoming.show') : t('telephony.incoming.hide')}
        </Button>
      </Group>
      <div id="incoming-calls-body" hidden={collapsed}>
        <ScrollArea.Autosize mah="45vh" type="auto">
          <Stack gap="xs" mt="xs">
            {ringing.length && away ? <Text size="sm" c="dimmed">{t('telephony.incoming.youAreAway')}</Text> : null}
            {ringing.map((call, index) => {
              const phone = call.phone ? formatPhone(call.phone) : t('telephony.caller.withheldShort');
              return (
                <Paper key={call.id} withBorder p="xs" data-testid={`incoming-call-${call.id}`} data-state={call.state} bg="var(--mantine-color-red-light)">
                  <Stack gap={6}>
                    <Group justify="space-between" wrap="wrap" gap="xs">
                      <Group gap="sm" wrap="wrap">
                        {call.queuePosition ? <Text size="sm" fw={700} data-testid="incoming-call-position">{t('telephony.incoming.position', { n: call.queuePosition })}</Text> : null}
                        <Text fw={700} ff="monospace" data-testid="incoming-call-phone">{phone}</Text>
                        {call.queuePriority !== 'normal' ? (
                          <Text component="span" data-testid="incoming-call-priority" data-priority={call.queuePriority}>
                            <StatusBadge color={call.queuePriority === 'urgent' ? 'red' : 'orange'}>{codes.label('queuePriority', call.queuePriority)}</StatusBadge>
                          </Text>
                        ) : null}
                        {call.language ? <StatusBadge color="blue">{codes.language(call.language)}</StatusBadge> : null}
                        {call.language && call.ringsEveryoneAt && now < Date.parse(call.ringsEveryoneAt) ? (
                          <Text size="sm" data-testid="incoming-call-speakers-first">
                            {t('telephony.incoming.speakersFirst', { language: codes.language(call.language), time: formatSeconds((Date.parse(call.ringsEveryoneAt) - now) / 1000) })}
                          </Text>
                        ) : null}
                        <Text size="sm" data-testid="incoming-call-waiting">{t('telephony.incoming.waiting', { time: formatSeconds(waited(call)) })}</Text>
                      </Group>
                      <Button
                        color="green"
                        size="xs"
                        loading={answer.isPending && answer.variables === call.id}
                        disabled={answer.isPending && answer.variables !== call.id}
                        onClick={() => take(call)}
                        data-testid={`answer-call-${call.id}`}
                        aria-label={t('telephony.incoming.answerNamed', { phone })}
                        aria-keyshortcuts={index === 0 ? CALL_SHORTCUTS.answer.aria : undefined}
                        rightSection={index === 0 ? <ShortcutHint keys={CALL_SHORTCUTS.answer.keys} /> : undefined}
                      >
                        {t('telephony.incoming.answer')}
                      </Button>
                    </Group>
                    {failed?.callId === call.id ? <ErrorAlert error={failed.error} /> : null}
                    <CallerHistory callId={call.id} headingId={`caller-history-${call.id}`} />
                  </Stack>
                </Paper>
              );
            })}
            {taken.map((note) => (
              <Paper key={note.call.id} withBorder p="xs" data-testid="call-taken-note">
                <Text size="sm" c="dimmed">
                  <Text span ff="monospace">{note.call.phone ? formatPhone(note.call.phone) : t('telephony.caller.withheldShort')}</Text>
                  {' — '}
                  {note.by ? t('telephony.incoming.takenBy', { name: note.by }) : t('telephony.incoming.takenByColleague')}
                </Text>
              </Paper>
            ))}
            {offeredToMe.map((call) => (
              <Paper key={`offer-${call.id}`} withBorder p="xs" data-testid="transfer-offered">
                <Text size="sm">{t('telephony.incoming.offeredToYou', { name: call.operator?.displayName ?? t('telephony.incoming.aColleague') })}</Text>
              </Paper>
            ))}
            {mine.map((call) => (
              <Paper key={call.id} withBorder p="xs" data-testid="my-call" data-state={call.state}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Group gap="sm" wrap="wrap">
                    <Text size="sm" fw={600}>{t('telephony.incoming.yourCall')}</Text>
                    <Text ff="monospace" size="sm">{call.phone ? formatPhone(call.phone) : t('telephony.caller.withheldShort')}</Text>
                    <StatusBadge color={call.state === 'on_hold' ? 'orange' : 'green'}>{codes.label('callState', call.state)}</StatusBadge>
                    <Text size="sm" c="dimmed">{formatSeconds(talked(call))}</Text>
                  </Group>
                  <Button size="xs" variant="light" onClick={() => navigate(intakePathFor(call.contactId, call.id))}>{t('telephony.incoming.openIntake')}</Button>
                </Group>
              </Paper>
            ))}
            {othersOnCalls.length ? (
              <section aria-labelledby="office-calls-title" data-testid="office-calls">
                <Title order={3} size="h6" id="office-calls-title">{t('telephony.incoming.officeCalls')}</Title>
                <Stack gap={4}>
                  {othersOnCalls.map((call) => (
                    <Group key={call.id} gap="sm" wrap="wrap" data-testid={`office-call-${call.id}`}>
                      <Text size="sm" fw={600}>{call.operator?.displayName ?? t('common.none')}</Text>
                      <StatusBadge color={call.state === 'on_hold' ? 'orange' : 'green'}>{codes.label('callState', call.state)}</StatusBadge>
                      <Text size="sm" c="dimmed">{formatSeconds(talked(call))}</Text>
                      {call.language ? <Text size="sm" c="dimmed">{codes.language(call.language)}</Text> : null}
                      {call.transferTo ? (
                        <Text size="sm">{t('telephony.incoming.transferringTo', { name: call.transferTo.displayName, mode: codes.label('transferMode', call.transferMode ?? 'warm') })}</Text>
                      ) : null}
                    </Group>
                  ))}
                </Stack>
              </section>
            ) : null}
          </Stack>
        </ScrollArea.Autosize>
      </div>
    </Paper>
  );
}
