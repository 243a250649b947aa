import type { CallbackDto } from '@mayak/api-client';
import { type CallbackStatus, formatPhone, isCallbackOpen } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTimeIn } from '@web/modules/i18n/format';
import { FlagBadges } from '@web/modules/people/components/FlagList';
import {
  Anchor,
  DataTable,
  ErrorAlert,
  Group,
  LoadingState,
  LoadMore,
  NativeSelect,
  PageHeader,
  Stack,
  StatusBadge,
  Tabs,
  Text,
  type Column,
} from '@web/modules/ui';
import { callbackStatusColor, flagsOf, useCallbackList, type CallbackView } from '../hooks/use-callbacks';
import { CallbackActions } from './CallbackActions';
import { useCallbackName } from './CallbackDialogs';
import { useCallbackActions } from './use-callback-actions';
import { consoleClock } from '@web/modules/clock/console-clock';

const TABS: CallbackView[] = ['due', 'overdue', 'today', 'upcoming', 'closed'];
type AssigneeFilter = '' | 'me' | 'none';

/** Callbacks columns shared by the page and a case's section. */
export function useCallbackColumns(
  onAction: ReturnType<typeof useCallbackActions>['onAction'],
  placingId: string | null,
  options: { withCase?: boolean } = {},
): Column<CallbackDto>[] {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatIn = useFormatDateTimeIn();
  const name = useCallbackName();
  const now = consoleClock.nowMs();
  return [
    {
      key: 'due',
      header: t('callbacks.dueColumn'),
      cell: (cb) => {
        const late = isCallbackOpen(cb.status as CallbackStatus) && Date.parse(cb.dueAt) < now;
        // The due time opens the callback's details (the attempts log).
        return (
          <Stack gap={0} align="flex-start">
            <Anchor
              component="button"
              type="button"
              size="sm"
              ta="left"
              fw={late ? 700 : undefined}
              c={late ? 'red.8' : undefined}
              onClick={() => onAction('details', cb)}
              aria-label={t('callbacks.actions.detailsNamed', { name: name(cb) })}
              data-testid="callback-details"
            >
              {formatIn(cb.dueAt, cb.timeZone)}
            </Anchor>
            {late ? (
              <Text size="xs" c="red.8">
                {t('callbacks.late')}
              </Text>
            ) : null}
          </Stack>
        );
      },
    },
    {
      key: 'reason',
      header: t('callbacks.reason'),
      cell: (cb) => `${codes.label('callbackReason', cb.reason)}${cb.method === 'sms' ? ` · ${codes.label('callbackMethod', 'sms')}` : ''}`,
    },
    {
      key: 'number',
      header: t('callbacks.number'),
      cell: (cb) => (
        <Stack gap={2}>
          <Text size="sm" ff="monospace">
            {formatPhone(cb.phone)}
          </Text>
          <FlagBadges flags={flagsOf(cb)} />
        </Stack>
      ),
    },
    ...(options.withCase === false
      ? []
      : [
          {
            key: 'case',
            header: t('callbacks.case'),
            cell: (cb: CallbackDto) =>
              cb.caseId ? (
                <Anchor component={Link} to={`/cases/${cb.caseId}`} ff="monospace" size="sm">
                  {cb.caseReference ?? t('intake.openTheCase')}
                </Anchor>
              ) : cb.contactId ? (
                <Anchor component={Link} to={`/contacts/${cb.contactId}`} size="sm">
                  {t('callbacks.openContact')}
                </Anchor>
              ) : (
                t('common.none')
              ),
          },
        ]),
    {
      key: 'attempts',
      header: t('callbacks.attempts'),
      cell: (cb) => (
        <Text size="sm" data-testid="callback-attempts-count">
          {t('callbacks.attemptsOf', { n: cb.attempts, max: cb.maxAttempts })}
        </Text>
      ),
    },
    { key: 'assignee', header: t('callbacks.assignee.label'), cell: (cb) => cb.assignee?.displayName ?? t('callbacks.assignee.queue') },
    {
      key: 'status',
      header: t('common.status'),
      cell: (cb) => (
        <span data-testid="callback-status" data-status={cb.status}>
          <StatusBadge color={callbackStatusColor(cb.status)}>{codes.label('callbackStatus', cb.status)}</StatusBadge>
        </span>
      ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      cell: (cb) => <CallbackActions callback={cb} placing={placingId === cb.id} onAction={onAction} />,
    },
  ];
}

/**
 * Callbacks owed by my offices: due now, overdue, later today, upcoming and closed, for me
 * or the office's queue. Due times are shown on the office's (or the client's) clock.
 * `callback.due` events refresh the lists (and show a notice on any screen).
 */
export function CallbacksScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const offices = session.data?.user.offices ?? [];
  const [searchParams, setSearchParams] = useSearchParams();
  // A dashboard link may choose the tab and the office (?view=closed&officeId=…).
  const [tab, setTab] = useState<CallbackView>(() => {
    const view = searchParams.get('view');
    return view && (TABS as readonly string[]).includes(view) ? (view as CallbackView) : 'due';
  });
  const [officeId, setOfficeId] = useState(() => {
    const office = searchParams.get('officeId') ?? '';
    return offices.some((o) => o.id === office) ? office : '';
  });
  const [assignee, setAssignee] = useState<AssigneeFilter>('');
  const list = useCallbackList({ view: tab, ...(officeId ? { officeId } : {}), ...(assignee ? { assignee } : {}) });
  const actions = useCallbackActions();
  const columns = useCallbackColumns(actions.onAction, actions.placingId);
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  // A "callback due" notice links here with ?open=<id>: show that callback's details.
  const openId = searchParams.get('open');
  useEffect(() => {
    if (!openId) return;
    actions.openDetails(openId);
    setSearchParams({}, { replace: true });
  }, [openId]);

  return (
    <div data-testid="callbacks-page">
      <PageHeader title={t('callbacks.title')} />
      <Stack gap="md">
        <Group align="flex-end" gap="md" wrap="wrap" role="search" aria-label={t('common.filters')}>
          <NativeSelect
            label={t('callbacks.filters.office')}
            name="officeId"
            value={officeId}
            data={[{ value: '', label: t('callbacks.filters.allOffices') }, ...offices.map((office) => ({ value: office.id, label: office.name }))]}
            onChange={(event) => setOfficeId(event.currentTarget.value)}
          />
          <NativeSelect
            label={t('callbacks.filters.whose')}
            name="assignee"
            value={assignee}
            data={[
              { value: '', label: t('callbacks.filters.everyone') },
              { value: 'me', label: t('callbacks.filters.mine') },
              { value: 'none', label: t('callbacks.filters.queue') },
            ]}
            onChange={(event) => setAssignee(event.currentTarget.value as AssigneeFilter)}
          />
        </Group>
        <ErrorAlert error={actions.error} />
        <Tabs value={tab} onChange={(value) => setTab((value as CallbackView | null) ?? 'due')} keepMounted={false}>
          <Tabs.List aria-label={t('callbacks.filters.view')} mb="md">
            {TABS.map((value) => (
              <Tabs.Tab key={value} value={value} data-testid={`callbacks-tab-${value}`}>
                {t(`callbacks.tabs.${value}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {TABS.map((value) => (
            <Tabs.Panel key={value} value={value}>
              {value !== tab ? null : list.isPending ? (
                <LoadingState />
              ) : list.isError ? (
                <ErrorAlert error={list.error} />
              ) : (
                <>
                  <DataTable
                    caption={t(`callbacks.captions.${value}`)}
                    columns={columns}
                    rows={rows}
                    rowKey={(cb) => cb.id}
                    rowTestId={(cb) => `callback-row-${cb.id}`}
                    testId="callbacks-table"
                  />
                  <LoadMore shown={rows.length} hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()} />
                </>
              )}
            </Tabs.Panel>
          ))}
        </Tabs>
      </Stack>
      {actions.dialogs}
    </div>
  );
}
