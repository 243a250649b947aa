import type { CaseSummaryDto, ContactDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { CaseStatusBadge, PriorityBadge } from '@web/modules/cases/labels';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { AddFlagDialog } from '@web/modules/people/components/AddFlagDialog';
import { FlagBadges, FlagList } from '@web/modules/people/components/FlagList';
import { PersonCard } from '@web/modules/people/components/PersonCard';
import { useAddCallerFlag } from '@web/modules/people/hooks/use-people';
import { Anchor, Badge, Button, ErrorAlert, Group, LoadingState, notifySuccess, Paper, Stack, Text, Title } from '@web/modules/ui';
import { useCallCaller } from '@web/modules/telephony/hooks/use-telephony';
import { useCallerLookup } from '../hooks/use-contacts';

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
  const can = useCan();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const byNumber = useCallerLookup(e164, phone);
  const byCall = useCallCaller(callId, !e164 && !!callId);
  const lookup = e164 ? byNumber : byCall;
  const addFlag = useAddCallerFlag();
  const [flagging, setFlagging] = useState(false);
  const [linking, setLinking] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<unknown>(null);
  const data = e164 || callId ? (lookup.data ?? undefined) : undefined;
  const earlier = data?.contacts.filter((contact) => contact.id !== currentId) ?? [];
  const people = data?.people ?? [];
  const cases = data?.cases ?? [];

  const link = async (key: string, work: () => Promise<unknown>) => {
    setLinking(key);
    setLinkError(null);
    try {
      await work();
      void lookup.refetch();
    } catch (error) {
      setLinkError(error);
    } finally {
      setLinking(null);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="caller-panel-title" data-testid="caller-panel">
      <Stack gap="sm">
        <Title order={2} size="h4" id="caller-panel-title">
          {t('caller.title')}
        </Title>
        {!e164 && !callId ? (
          <Text size="sm" c="dimmed">
            {t('caller.enterPhone')}
          </Text>
        ) : lookup.isPending ? (
          <LoadingState />
        ) : lookup.isError ? (
          <ErrorAlert error={lookup.error} />
        ) : !data ? (
          <Text size="sm" c="dimmed">
            {t('telephony.caller.withheld')}
          </Text>
        ) : data ? (
          <>
            <Text size="sm">
              {t('caller.number')}:{' '}
              <Text span ff="monospace" fw={600} data-testid="caller-phone">
                {data.phone ? formatPhone(data.phone) : null}
              </Text>
            </Text>
            <FlagList flags={data.flags} title={t('caller.flagged')} />
            <ErrorAlert error={linkError} />
            {!earlier.length && !people.length && !cases.length ? (
              <Text size="sm" data-testid="caller-first-time">
                {t('caller.firstTime')}
              </Text>
            ) : null}

            {people.length ? (
              <Stack gap="xs" component="section" aria-labelledby="caller-people">
                <Title order={3} size="h5" id="caller-people">
                  {t('caller.people')}
                </Title>
                {people.map((person) => (
                  <PersonCard
                    key={person.id}
                    person={person}
                    headingLevel={4}
                    hideFlagIds={data.flags.map((flag) => flag.id)}
                    actions={
                      current?.personId === person.id ? (
                        <Badge color="green" variant="light" tt="none">
                          {t('caller.isThisCaller')}
                        </Badge>
                      ) : can('contacts.write') ? (
                        <Button
                          size="xs"
                          variant="light"
                          loading={linking === `person:${person.id}`}
                          onClick={() => void link(`person:${person.id}`, () => onLinkPerson(person.id))}
                          aria-label={t('caller.markAsCallerNamed', { name: person.name ?? t('people.noName') })}
                        >
                          {t('caller.markAsCaller')}
                        </Button>
                      ) : null
                    }
                  />
                ))}
              </Stack>
            ) : null}

            {cases.length ? (
              <Stack gap="xs" component="section" aria-labelledby="caller-cases">
                <Title order={3} size="h5" id="caller-cases">
                  {t('caller.cases')}
                </Title>
                {cases.map((c) => (
                  <Paper key={c.id} withBorder p="xs" data-testid="caller-case">
                    <Stack gap={4}>
                      <Group gap="xs" wrap="wrap">
                        <Anchor component={Link} to={`/cases/${c.id}`} fw={600} ff="monospace">
                          {c.reference}
                        </Anchor>
                        <CaseStatusBadge status={c.status} />
                        <PriorityBadge priority={c.priority} />
                      </Group>
                      <Text size="sm">
                        {codes.label('caseType', c.type)}
                        {c.personName ? ` · ${c.personName}` : ''}
                        {` · ${c.assignee ? c.assignee.displayName : t('cases.unassigned')}`}
                      </Text>
                      {linkedCaseId === c.id ? (
                        <Badge color="green" variant="light" tt="none">
                          {t('caller.linkedToThis')}
                        </Badge>
                      ) : !linkedCaseId && can('contacts.write') && can('cases.contribute') ? (
                        <Group>
                          <Button
                            size="xs"
                            variant="light"
                            loading={linking === `case:${c.id}`}
                            onClick={() =>
                              void link(`case:${c.id}`, async () => {
                                await onLinkCase(c);
                                notifySuccess(t('caller.linked', { reference: c.reference }));
                              })
                            }
                            aria-label={t('caller.linkToCase', { reference: c.reference })}
                          >
                            {t('caller.linkHere')}
                          </Button>
                        </Group>
                      ) : null}
                    </Stack>
                  </Paper>
                ))}
              </Stack>
            ) : null}

            {earlier.length ? (
              <Stack gap="xs" component="section" aria-labelledby="caller-contacts">
                <Title order={3} size="h5" id="caller-contacts">
                  {t('caller.contacts', { n: earlier.length })}
                </Title>
                {earlier.map((contact) => (
                  <Paper key={contact.id} withBorder p="xs" data-testid="caller-contact">
                    <Stack gap={2}>
                      <Group gap="xs" wrap="wrap" justify="space-between">
                        <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={600}>
                          {formatDateTime(contact.startedAt)}
                        </Anchor>
                        {contact.critical ? (
                          <Badge color="red" variant="filled" tt="none" styles={{ root: { minWidth: 'max-content' } }}>
                            {codes.label('riskLevel', contact.riskLevel)}
                          </Badge>
                        ) : null}
                      </Group>
                      <Text size="sm">
                        {codes.label('contactChannel', contact.channel)} · {codes.label('contactCategory', contact.category)}
                        {contact.phone ? (
                          <>
                            {' '}
                            ·{' '}
                            <Text span ff="monospace" size="sm">
                              {formatPhone(contact.phone)}
                            </Text>
                          </>
                        ) : null}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {contact.operator?.displayName ?? t('common.none')}
                        {contact.caseReference ? ` · ${contact.caseReference}` : ''}
                      </Text>
                      <FlagBadges flags={contact.flags} />
                      {contact.notes ? (
                        <Text size="sm" lineClamp={3}>
                          {contact.notes}
                        </Text>
                      ) : null}
                    </Stack>
                  </Paper>
                ))}
              </Stack>
            ) : null}

            {can('people.write') && e164 ? (
              <Group>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => {
                    addFlag.reset();
                    setFlagging(true);
                  }}
                >
                  {t('caller.flagNumber')}
                </Button>
              </Group>
            ) : null}
          </>
        ) : null}
      </Stack>
      <AddFlagDialog
        opened={flagging}
        subject={t('caller.thisNumber')}
        loading={addFlag.isPending}
        error={addFlag.error}
        onClose={() => setFlagging(false)}
        onSubmit={(body) =>
          addFlag.mutate(
            { phone, body },
            {
              onSuccess: () => {
                setFlagging(false);
                notifySuccess(t('people.flags.added'));
              },
            },
          )
        }
      />
    </Paper>
  );
}
