import type { CaseSummaryDto, ContactDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CaseStatusBadge, PriorityBadge } from '@web/modules/cases/labels';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Anchor, DataTable, ErrorAlert, LoadingState, LoadMore, Paper, Stack, StatusBadge, Text, Title, type Column } from '@web/modules/ui';
import { usePersonCases, usePersonContacts } from '../hooks/use-person-records';

/** The person's contacts the user may read, newest first: each opens the contact. */
export function PersonContacts({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const contacts = usePersonContacts(personId);
  const rows = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  const columns: Column<ContactDto>[] = [
    {
      key: 'startedAt',
      header: t('contacts.startedAt'),
      cell: (k) => (
        <Anchor component={Link} to={`/contacts/${k.id}`} size="sm" fw={500}>
          {formatDateTime(k.startedAt)}
        </Anchor>
      ),
    },
    { key: 'channel', header: t('intake.channel'), cell: (k) => codes.label('contactChannel', k.channel) },
    { key: 'category', header: t('intake.category'), cell: (k) => codes.label('contactCategory', k.category) },
    {
      key: 'status',
      header: t('common.status'),
      cell: (k) => <StatusBadge color={k.status === 'completed' ? 'gray' : 'blue'}>{t(`contacts.status.${k.status}`)}</StatusBadge>,
    },
    {
      key: 'case',
      header: t('contacts.case'),
      cell: (k) =>
        k.caseId ? (
          <Anchor component={Link} to={`/cases/${k.caseId}`} ff="monospace" size="sm">
            {k.caseReference ?? t('intake.openTheCase')}
          </Anchor>
        ) : (
          t('common.none')
        ),
    },
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="person-contacts-title" data-testid="person-contacts">
      <Stack gap="sm">
        <Title order={2} size="h4" id="person-contacts-title">
          {t('people.records.contacts')}
        </Title>
        {contacts.isPending ? (
          <LoadingState />
        ) : contacts.isError ? (
          <ErrorAlert error={contacts.error} />
        ) : (
          <>
            {rows.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('people.records.noContacts')}
              </Text>
            ) : (
              <DataTable
                caption={t('people.records.contactsCaption')}
                columns={columns}
                rows={rows}
                rowKey={(k) => k.id}
                testId="person-contacts-table"
                minWidth={520}
              />
            )}
            {rows.length ? (
              <LoadMore
                shown={rows.length}
                hasMore={!!contacts.hasNextPage}
                loading={contacts.isFetchingNextPage}
                onLoadMore={() => void contacts.fetchNextPage()}
              />
            ) : null}
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The person's cases the user may see, latest activity first: each opens the case. */
export function PersonCases({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const cases = usePersonCases(personId);
  const rows = cases.data?.pages.flatMap((page) => page.items) ?? [];
  const columns: Column<CaseSummaryDto>[] = [
    {
      key: 'reference',
      header: t('cases.reference'),
      cell: (c) => (
        <Anchor component={Link} to={`/cases/${c.id}`} ff="monospace" fw={600} size="sm">
          {c.reference}
        </Anchor>
      ),
    },
    { key: 'status', header: t('common.status'), cell: (c) => <CaseStatusBadge status={c.status} /> },
    { key: 'priority', header: t('cases.priorityLabel'), cell: (c) => <PriorityBadge priority={c.priority} /> },
    { key: 'type', header: t('cases.type'), cell: (c) => codes.label('caseType', c.type) },
    { key: 'lastActivity', header: t('cases.lastActivity'), cell: (c) => formatDateTime(c.lastActivityAt) },
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="person-cases-title" data-testid="person-cases">
      <Stack gap="sm">
        <Title order={2} size="h4" id="person-cases-title">
          {t('people.records.cases')}
        </Title>
        {cases.isPending ? (
          <LoadingState />
        ) : cases.isError ? (
          <ErrorAlert error={cases.error} />
        ) : (
          <>
            {rows.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('people.records.noCases')}
              </Text>
            ) : (
              <DataTable
                caption={t('people.records.casesCaption')}
                columns={columns}
                rows={rows}
                rowKey={(c) => c.id}
                testId="person-cases-table"
                minWidth={520}
              />
            )}
            {rows.length ? (
              <LoadMore shown={rows.length} hasMore={!!cases.hasNextPage} loading={cases.isFetchingNextPage} onLoadMore={() => void cases.fetchNextPage()} />
            ) : null}
          </>
        )}
      </Stack>
    </Paper>
  );
}
