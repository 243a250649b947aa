import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Paper, ScrollArea, Stack, Text, VisuallyHidden } from '@web/modules/ui';
import { useIncomingCalls } from '../hooks/use-incoming-calls';
import { IncomingCallsHeader, MyCallRow, OfficeCallsSection, RingingCallRow, TakenNoteRow, TransferOfferRow } from './IncomingCallRows';

/**
 * The live call panel at the top of every screen (for users who answer calls): ringing
 * calls, oldest first, with their waiting time, language, number and what we know of the
 * caller, each with Answer (Alt+A takes the oldest); my own calls with a way back to their
 * intake; and for supervisors, who is on which call in their offices. The event stream
 * keeps it current; a poll is the fallback.
 */
export function IncomingCallsPanel({ session }: { session: SessionDto }) {
  const { t } = useTranslation();
  const panel = useIncomingCalls(session);
  const { ringing, mine, offeredToMe, othersOnCalls, taken, now } = panel;

  const live = (
    <VisuallyHidden role="status" aria-live="polite">
      {panel.announcement}
    </VisuallyHidden>
  );
  if (!ringing.length && !mine.length && !offeredToMe.length && !othersOnCalls.length && !taken.length) return live;

  return (
    <Paper
      component="section"
      aria-labelledby="incoming-calls-title"
      data-testid="incoming-calls"
      data-ringing={ringing.length}
      data-ring-tone={panel.ringAloud ? 'on' : 'off'}
      withBorder
      shadow={ringing.length ? 'md' : undefined}
      p="sm"
      mb="md"
      style={ringing.length ? { position: 'sticky', top: 'var(--app-shell-header-offset, 0rem)', zIndex: 'var(--mantine-z-index-app)' } : undefined}
    >
      {live}
      <IncomingCallsHeader ringingCount={ringing.length} lineSummary={panel.lineSummary} collapsed={panel.collapsed} onToggle={panel.toggleCollapsed} />
      <div id="incoming-calls-body" hidden={panel.collapsed}>
        <ScrollArea.Autosize mah="45vh" type="auto">
          <Stack gap="xs" mt="xs">
            {ringing.length && panel.away ? (
              <Text size="sm" c="dimmed">
                {t('telephony.incoming.youAreAway')}
              </Text>
            ) : null}
            {ringing.map((call, index) => (
              <RingingCallRow
                key={call.id}
                call={call}
                oldest={index === 0}
                now={now}
                fetchedAt={panel.fetchedAt}
                pendingCallId={panel.pendingCallId}
                failure={panel.failed?.callId === call.id ? panel.failed : null}
                onAnswer={panel.take}
              />
            ))}
            {taken.map((note) => (
              <TakenNoteRow key={note.call.id} note={note} />
            ))}
            {offeredToMe.map((call) => (
              <TransferOfferRow key={`offer-${call.id}`} call={call} />
            ))}
            {mine.map((call) => (
              <MyCallRow key={call.id} call={call} now={now} onOpenIntake={panel.openIntake} />
            ))}
            {othersOnCalls.length ? <OfficeCallsSection calls={othersOnCalls} now={now} /> : null}
          </Stack>
        </ScrollArea.Autosize>
      </div>
    </Paper>
  );
}
