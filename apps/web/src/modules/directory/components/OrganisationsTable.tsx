import type { OrganisationDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, DataTable, Group, Stack, StatusBadge, Text, type Column } from '@web/modules/ui';

/** Directory rows: who they are, what they offer, where, in which languages, how to reach them. */
export function OrganisationsTable({ organisations, onEdit }: { organisations: OrganisationDto[]; onEdit?: (organisation: OrganisationDto) => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const columns: Column<OrganisationDto>[] = [
    {
      key: 'name',
      header: t('directory.name'),
      cell: (o) => (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {o.name}
          </Text>
          <Text size="xs" c="dimmed">
            {codes.label('organisationType', o.type)}
          </Text>
          {!o.active ? <StatusBadge color="gray">{t('common.inactive')}</StatusBadge> : null}
        </Stack>
      ),
    },
    { key: 'services', header: t('directory.services'), cell: (o) => o.serviceTypes.map((s) => codes.label('serviceType', s)).join(', ') || t('common.none') },
    {
      key: 'where',
      header: t('directory.where'),
      cell: (o) => [...o.regions.map((r) => codes.label('region', r)), ...o.cities].join(', ') || t('common.none'),
    },
    { key: 'languages', header: t('directory.languages'), cell: (o) => o.languages.map((l) => codes.language(l)).join(', ') || t('common.none') },
    {
      key: 'contact',
      header: t('directory.contact'),
      cell: (o) => (
        <Stack gap={2}>
          <Text size="sm">{o.phone ?? t('common.none')}</Text>
          {o.openingHours ? (
            <Text size="xs" c="dimmed">
              {o.openingHours}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'acceptsReferrals',
      header: t('directory.acceptsReferrals'),
      cell: (o) => <StatusBadge color={o.acceptsReferrals ? 'green' : 'gray'}>{o.acceptsReferrals ? t('common.yes') : t('common.no')}</StatusBadge>,
    },
  ];
  if (onEdit) {
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      cell: (o) => (
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => onEdit(o)} aria-label={t('directory.editNamed', { name: o.name })}>
            {t('common.edit')}
          </Button>
        </Group>
      ),
    });
  }
  return <DataTable caption={t('directory.caption')} columns={columns} rows={organisations} rowKey={(o) => o.id} testId="directory-table" />;
}
