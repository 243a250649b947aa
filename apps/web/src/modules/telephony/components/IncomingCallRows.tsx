import type { CallDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Badge, Button, ErrorAlert, Group, Paper, ShortcutHint, Stack, StatusBadge, Text, Title } from '@web/modules/ui';
import { formatSeconds } from '../hooks/use-telephony';
import type { TakenNote } from '../hooks/use-incoming-calls';
import { CALL_SHORTCUTS } from '../shortcuts';
import { CallerHistory } from './CallerHistory';
import { PhoneIcon } from './icons';
import { secondsUntilEveryone, talkedSeconds, waitedSeconds } from './incoming-calls';

/** The number as the API masks it, or "withheld". */
function phoneOf(call: CallDto, t: TFunction): string {
  return call.phone ? formatPhone(call.phone) : t('telephony.caller.withheldShort');
}

interface HeaderProps {
  ringingCount: number;
  lineSummary: { onCalls: number; menu: number; available: number } | null;
  collapsed: boolean;
  onToggle: () => void;
}

/** The panel's title, how many calls ring, the line summary for supervisors, and Show / Hide. */
export function IncomingCallsHeader({ ringingCount, lineSummary, collapsed, onToggle }: HeaderProps) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="wrap" gap="xs">
      <Group gap="xs" wrap="wrap">
        <PhoneIcon />
        <Title order={2} size="h5" id="incoming-calls-title">
          {t('telephony.incoming.title')}
        </Title>
        {ringingCount ? (
          <Badge color="red" variant="filled" tt="none">
            {t('telephony.incoming.ringingCount', { n: ringingCount })}
          </Badge>
        ) : null}
        {lineSummary ? (
          <Text size="sm" c="dimmed">
            {t('telephony.incoming.lineSummary', lineSummary)}
          </Text>
        ) : null}
      </Group>
      <Button variant="subtle" size="compact-sm" aria-expanded={!collapsed} aria-controls="incoming-calls-body" onClick={onToggle}>
        {collapsed ? t('telephony.incoming.show') : t('telephony.incoming.hide')}
      </Button>
    </Group>
  );
}

interface RingingCallProps {
  call: CallDto;
  /** The oldest call: Alt+A answers it. */
  oldest: boolean;
  now: number;
  fetchedAt: number;
  /** The call being answered, if any (the others wait). */
  pendingCallId: string | undefined;
  /** Why answering this call failed, if it did. */
  failure: { error: unknown } | null;
  onAnswer: (call: CallDto) => void;
}

/** A ringing call: position, number, priority, language, how long it waited, Answer, and the caller's history. */
export function RingingCallRow({ call, oldest, now, fetchedAt, pendingCallId, failure, onAnswer }: RingingCallProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const phone = phoneOf(call, t);
  const untilEveryone = secondsUntilEveryone(call, now);
  return (
    <Paper withBorder p="xs" data-testid={`incoming-call-${call.id}`} data-state={call.state} bg="var(--mantine-color-red-light)">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="sm" wrap="wrap">
            {call.queuePosition ? (
              <Text size="sm" fw={700} data-testid="incoming-call-position">
                {t('telephony.incoming.position', { n: call.queuePosition })}
              </Text>
            ) : null}
            <Text fw={700} ff="monospace" data-testid="incoming-call-phone">
              {phone}
            </Text>
            {call.queuePriority !== 'normal' ? (
              <Text component="span" data-testid="incoming-call-priority" data-priority={call.queuePriority}>
                <StatusBadge color={call.queuePriority === 'urgent' ? 'red' : 'orange'}>{codes.label('queuePriority', call.queuePriority)}</StatusBadge>
              </Text>
            ) : null}
            {call.language ? <StatusBadge color="blue">{codes.language(call.language)}</StatusBadge> : null}
            {call.language && untilEveryone !== null ? (
              <Text size="sm" data-testid="incoming-call-speakers-first">
                {t('telephony.incoming.speakersFirst', { language: codes.language(call.language), time: formatSeconds(untilEveryone) })}
              </Text>
            ) : null}
            <Text size="sm" data-testid="incoming-call-waiting">
              {t('telephony.incoming.waiting', { time: formatSeconds(waitedSeconds(call, now, fetchedAt)) })}
            </Text>
          </Group>
          <Button
            color="green"
            size="xs"
            loading={pendingCallId === call.id}
            disabled={pendingCallId !== undefined && pendingCallId !== call.id}
            onClick={() => onAnswer(call)}
            data-testid={`answer-call-${call.id}`}
            aria-label={t('telephony.incoming.answerNamed', { phone })}
            aria-keyshortcuts={oldest ? CALL_SHORTCUTS.answer.aria : undefined}
            rightSection={oldest ? <ShortcutHint keys={CALL_SHORTCUTS.answer.keys} /> : undefined}
          >
            {t('telephony.incoming.answer')}
          </Button>
        </Group>
        {failure ? <ErrorAlert error={failure.error} /> : null}
        <CallerHistory callId={call.id} headingId={`caller-history-${call.id}`} />
      </Stack>
    </Paper>
  );
}

/** Where a ringing call was, for a moment: who answered it. */
export function TakenNoteRow({ note }: { note: TakenNote }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xs" data-testid="call-taken-note">
      <Text size="sm" c="dimmed">
        <Text span ff="monospace">
          {phoneOf(note.call, t)}
        </Text>
        {' — '}
        {note.by ? t('telephony.incoming.takenBy', { name: note.by }) : t('telephony.incoming.takenByColleague')}
      </Text>
    </Paper>
  );
}

/** A colleague is handing me their call. */
export function TransferOfferRow({ call }: { call: CallDto }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xs" data-testid="transfer-offered">
      <Text size="sm">{t('telephony.incoming.offeredToYou', { name: call.operator?.displayName ?? t('telephony.incoming.aColleague') })}</Text>
    </Paper>
  );
}

/** My own call (its intake is not on screen): its state, how long, and the way back to the intake. */
export function MyCallRow({ call, now, onOpenIntake }: { call: CallDto; now: number; onOpenIntake: (call: CallDto) => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <Paper withBorder p="xs" data-testid="my-call" data-state={call.state}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="wrap">
          <Text size="sm" fw={600}>
            {t('telephony.incoming.yourCall')}
          </Text>
          <Text ff="monospace" size="sm">
            {phoneOf(call, t)}
          </Text>
          <StatusBadge color={call.state === 'on_hold' ? 'orange' : 'green'}>{codes.label('callState', call.state)}</StatusBadge>
          <Text size="sm" c="dimmed">
            {formatSeconds(talkedSeconds(call, now))}
          </Text>
        </Group>
        <Button size="xs" variant="light" onClick={() => onOpenIntake(call)}>
          {t('telephony.incoming.openIntake')}
        </Button>
      </Group>
    </Paper>
  );
}

/** For supervisors: who is on which call in their offices, and transfers under way. */
export function OfficeCallsSection({ calls, now }: { calls: CallDto[]; now: number }) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <section aria-labelledby="office-calls-title" data-testid="office-calls">
      <Title order={3} size="h6" id="office-calls-title">
        {t('telephony.incoming.officeCalls')}
      </Title>
      <Stack gap={4}>
        {calls.map((call) => (
          <Group key={call.id} gap="sm" wrap="wrap" data-testid={`office-call-${call.id}`}>
            <Text size="sm" fw={600}>
              {call.operator?.displayName ?? t('common.none')}
            </Text>
            <StatusBadge color={call.state === 'on_hold' ? 'orange' : 'green'}>{codes.label('callState', call.state)}</StatusBadge>
            <Text size="sm" c="dimmed">
              {formatSeconds(talkedSeconds(call, now))}
            </Text>
            {call.language ? (
              <Text size="sm" c="dimmed">
                {codes.language(call.language)}
              </Text>
            ) : null}
            {call.transferTo ? (
              <Text size="sm">
                {t('telephony.incoming.transferringTo', { name: call.transferTo.displayName, mode: codes.label('transferMode', call.transferMode ?? 'warm') })}
              </Text>
            ) : null}
          </Group>
        ))}
      </Stack>
    </section>
  );
}
