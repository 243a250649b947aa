import { useDebouncedValue } from '@mantine/hooks';
import type { ContactDto } from '@mayak/api-client';
import { type ContactCategory, type ContactChannel, formatPhone, type RiskLevel } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { dayAfterIso, dayStartIso, useFormatDateTime } from '@web/modules/i18n/format';
import { FlagBadges } from '@web/modules/people/components/FlagList';
import { RevealDialog } from '@web/modules/people/components/RevealDialog';
import { useRevealContactPhone } from '@web/modules/people/hooks/use-people';
import { Anchor, Badge, Button, DataTable, ErrorAlert, LoadingState, LoadMore, PageHeader, Stack, StatusBadge, Text, type Column } from '@web/modules/ui';
import { useContactList, type ContactListParams } from '../hooks/use-contacts';
import { ListExportButtons } from '@web/modules/exports/components/ListExportButtons';
import { useDrillFilters } from '@web/modules/dashboards/components/DrillFilters';
import { useContactDrillFilters } from '@web/modules/dashboards/drill-filters';
import { ContactFilters, contactFiltersFrom, type ContactFilterValues } from './ContactFilters';

/** Contacts I logged (and, for supervisors, my offices'), newest first, with "Load more". */
export function ContactsList() {
  const { t } = useTranslation();
  const can = useCan();
  const session = useSession();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const isSupervisor = !!session.data?.user.roles.includes('supervisor');
  // A link (e.g. from the dashboard) may set the first filters: ?scope=office&category=...&from=...&to=...
  const [searchParams] = useSearchParams();
  const [filters, setFilters] = useState<ContactFilterValues>(() => contactFiltersFrom(searchParams, isSupervisor));
  const drill = useDrillFilters(useContactDrillFilters());
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const rangeOk = !(filters.from && filters.to && filters.to < filters.from);
  const params: ContactListParams = {
    ...(q.length >= 2 ? { q } : {}),
    ...(filters.scope === 'mine' ? { mine: true } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.category ? { category: filters.category as ContactCategory } : {}),
    ...(filters.channel ? { channel: filters.channel as ContactChannel } : {}),
    ...(filters.riskLevel ? { riskLevel: filters.riskLevel as RiskLevel } : {}),
    ...(rangeOk && filters.from ? { from: dayStartIso(filters.from) } : {}),
    ...(rangeOk && filters.to ? { to: dayAfterIso(filters.to) } : {}),
    ...(drill.values as Partial<ContactListParams>),
  };
  const contacts = useContactList(params);
  const rows = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  const reveal = useRevealContactPhone();
  const [revealing, setRevealing] = useState<ContactDto | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string | null>>({});

  const columns: Column<ContactDto>[] = [
    {
      key: 'startedAt',
      header: t('contacts.startedAt'),
      cell: (contact) => (
        <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={500}>
          {formatDateTime(contact.startedAt)}
        </Anchor>
      ),
    },
    {
      key: 'channel',
      header: t('intake.channel'),
      cell: (contact) => `${codes.label('contactChannel', contact.channel)} · ${codes.label('contactDirection', contact.direction)}`,
    },
    {
      key: 'phone',
      header: t('intake.phone'),
      cell: (contact) => {
        const shown = contact.id in revealed ? revealed[contact.id] : contact.phone;
        return (
          <Stack gap={2}>
            <Text size="sm" ff="monospace">
              {shown ? formatPhone(shown) : t('common.none')}
            </Text>
            <FlagBadges flags={contact.flags} />
            {contact.masked && contact.phone && !(contact.id in revealed) && can('identifiers.reveal') ? (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => {
                  reveal.reset();
                  setRevealing(contact);
                }}
                aria-label={t('contacts.revealNamed', { time: formatDateTime(contact.startedAt) })}
              >
                {t('people.reveal.button')}
              </Button>
            ) : null}
          </Stack>
        );
      },
    },
    { key: 'category', header: t('intake.category'), cell: (contact) => codes.label('contactCategory', contact.category) },
    {
      key: 'risk',
      header: t('intake.riskLevel'),
      cell: (contact) =>
        contact.critical ? (
          <Badge color="red" variant="filled" tt="none" styles={{ root: { minWidth: 'max-content' } }}>
            ⚠ {codes.label('riskLevel', contact.riskLevel)}
          </Badge>
        ) : (
          codes.label('riskLevel', contact.riskLevel)
        ),
    },
    {
      key: 'status',
      header: t('common.status'),
      cell: (contact) => <StatusBadge color={contact.status === 'completed' ? 'gray' : 'blue'}>{t(`contacts.status.${contact.status}`)}</StatusBadge>,
    },
    {
      key: 'case',
      header: t('contacts.case'),
      cell: (contact) =>
        contact.caseId ? (
          <Anchor component={Link} to={`/cases/${contact.caseId}`} ff="monospace" size="sm">
            {contact.caseReference ?? t('intake.openTheCase')}
          </Anchor>
        ) : (
          t('common.none')
        ),
    },
    { key: 'operator', header: t('contacts.operator'), cell: (contact) => contact.operator?.displayName ?? t('common.none') },
  ];

  return (
    <>
      <PageHeader
        title={t('contacts.title')}
        actions={
          can('contacts.write') ? (
            <Button component={Link} to="/intake">
              {t('contacts.newContact')}
            </Button>
          ) : null
        }
      />
      <ContactFilters value={filters} onChange={setFilters} canSeeOffice={isSupervisor} />
      {drill.chips}
      <ListExportButtons list="contacts" filters={params} />
      {contacts.isPending ? (
        <LoadingState />
      ) : contacts.isError ? (
        <ErrorAlert error={contacts.error} />
      ) : (
        <>
          <DataTable caption={t('contacts.caption')} columns={columns} rows={rows} rowKey={(contact) => contact.id} testId="contacts-table" />
          <LoadMore
            shown={rows.length}
            hasMore={!!contacts.hasNextPage}
            loading={contacts.isFetchingNextPage}
            onLoadMore={() => void contacts.fetchNextPage()}
          />
        </>
      )}
      <RevealDialog
        opened={revealing !== null}
        subject={t('people.reveal.subjectPhone')}
        loading={reveal.isPending}
        error={reveal.error}
        onClose={() => setRevealing(null)}
        onReveal={(reason) => {
          const target = revealing;
          if (!target) return;
          reveal.mutate(
            { id: target.id, reason },
            {
              onSuccess: (result) => {
                setRevealed((current) => ({ ...current, [target.id]: result.phone }));
                setRevealing(null);
              },
            },
          );
        }}
      />
    </>
  );
}
