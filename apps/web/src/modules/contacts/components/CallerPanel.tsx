import type { CallerHistoryDto, CaseSummaryDto, ContactDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { AddFlagDialog } from '@web/modules/people/components/AddFlagDialog';
import { FlagList } from '@web/modules/people/components/FlagList';
import { Button, ErrorAlert, Group, LoadingState, Paper, Stack, Text, Title } from '@web/modules/ui';
import { useCallerPanel } from '../hooks/use-caller-panel';
import { CallerCases } from './CallerCases';
import { CallerContacts } from './CallerContacts';
import { CallerPeople } from './CallerPeople';

interface CallerPanelProps {
  /** The number as typed and its normalised form (null while it is not a valid number). */
  phone: string;
  e164: string | null;
  /** The contact being logged (left out of "earlier contacts"). */
  current: ContactDto | null;
  currentId: string | null;
  linkedCaseId: string | null;
  onLinkCase: (c: CaseSummaryDto) => Promise<unknown>;
  onLinkPerson: (personId: string) => Promise<unknown>;
  /** The live call this contact came from: its caller is looked up through the call while the number is masked or not typed. */
  callId?: string | null;
}

/**
 * Who is calling, as far as the user may see: flags first and loud (do not call back, at
 * risk, abusive, prank), then the people with this number, their cases (each can take this
 * call) and earlier contacts. Names and numbers are masked as the API masks them.
 */
export function CallerPanel({ phone, e164, current, currentId, linkedCaseId, onLinkCase, onLinkPerson, callId = null }: CallerPanelProps) {
  const { t } = useTranslation();
  const panel = useCallerPanel({ phone, e164, currentId, callId, onLinkCase, onLinkPerson });
  const { view, flag } = panel;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="caller-panel-title" data-testid="caller-panel">
      <Stack gap="sm">
        <Title order={2} size="h4" id="caller-panel-title">
          {t('caller.title')}
        </Title>
        {view === 'enterPhone' ? (
          <Text size="sm" c="dimmed">
            {t('caller.enterPhone')}
          </Text>
        ) : view === 'loading' ? (
          <LoadingState />
        ) : view === 'error' ? (
          <ErrorAlert error={panel.lookup.error} />
        ) : view === 'withheld' || !panel.data ? (
          <Text size="sm" c="dimmed">
            {t('telephony.caller.withheld')}
          </Text>
        ) : (
          <CallerFound data={panel.data} history={panel} current={current} linkedCaseId={linkedCaseId} numberTyped={!!e164} onFlagNumber={flag.start} />
        )}
      </Stack>
      <AddFlagDialog
        opened={flag.opened}
        subject={t('caller.thisNumber')}
        loading={flag.pending}
        error={flag.error}
        onClose={flag.stop}
        onSubmit={flag.submit}
      />
    </Paper>
  );
}

interface CallerFoundProps {
  data: CallerHistoryDto;
  history: Pick<ReturnType<typeof useCallerPanel>, 'earlier' | 'people' | 'cases' | 'firstTime' | 'linking' | 'linkError' | 'linkPerson' | 'linkCase'>;
  current: ContactDto | null;
  linkedCaseId: string | null;
  /** Only a typed number can be flagged (not one known through the call alone). */
  numberTyped: boolean;
  onFlagNumber: () => void;
}

/** What the lookup found: the number and its flags, then the people, cases and earlier contacts (or "first call"). */
function CallerFound({ data, history, current, linkedCaseId, numberTyped, onFlagNumber }: CallerFoundProps) {
  const { t } = useTranslation();
  const can = useCan();
  const { earlier, people, cases, linking } = history;
  return (
    <>
      <Text size="sm">
        {t('caller.number')}:{' '}
        <Text span ff="monospace" fw={600} data-testid="caller-phone">
          {data.phone ? formatPhone(data.phone) : null}
        </Text>
      </Text>
      <FlagList flags={data.flags} title={t('caller.flagged')} />
      <ErrorAlert error={history.linkError} />
      {history.firstTime ? (
        <Text size="sm" data-testid="caller-first-time">
          {t('caller.firstTime')}
        </Text>
      ) : null}

      {people.length ? (
        <CallerPeople people={people} flagIds={data.flags.map((flag) => flag.id)} current={current} linking={linking} onLinkPerson={history.linkPerson} />
      ) : null}
      {cases.length ? <CallerCases cases={cases} linkedCaseId={linkedCaseId} linking={linking} onLinkCase={history.linkCase} /> : null}
      {earlier.length ? <CallerContacts contacts={earlier} /> : null}

      {can('people.write') && numberTyped ? (
        <Group>
          <Button size="xs" variant="subtle" color="red" onClick={onFlagNumber}>
            {t('caller.flagNumber')}
          </Button>
        </Group>
      ) : null}
    </>
  );
}
