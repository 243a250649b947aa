import type { OfficeDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { StatusBadge, Button, DataTable, Group, type Column } from '@web/modules/ui';

export interface OfficeActions {
  onEdit: (office: OfficeDto) => void;
  onSetActive: (office: OfficeDto, active: boolean) => void;
}

export function OfficesTable({ offices, actions }: { offices: OfficeDto[]; actions?: OfficeActions }) {
  const { t } = useTranslation();
  const columns: Column<OfficeDto>[] = [
    { key: 'name', header: t('offices.name'), cell: (office) => office.name },
    { key: 'code', header: t('offices.code'), cell: (office) => office.code },
    { key: 'timezone', header: t('offices.timezone'), cell: (office) => office.timezone },
    { key: 'wrapUp', header: t('offices.wrapUpColumn'), cell: (office) => t('offices.wrapUpValue', { seconds: office.wrapUpSeconds }) },
    {
      key: 'status',
      header: t('common.status'),
      cell: (office) => <StatusBadge color={office.active ? 'green' : 'gray'}>{office.active ? t('common.active') : t('common.inactive')}</StatusBadge>,
    },
  ];
  if (actions) {
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      cell: (office) => (
        <Group gap="xs" wrap="wrap">
          <Button size="xs" variant="light" onClick={() => actions.onEdit(office)} aria-label={t('offices.editNamed', { name: office.name })}>
            {t('common.edit')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color={office.active ? 'red' : undefined}
            onClick={() => actions.onSetActive(office, !office.active)}
            aria-label={t(office.active ? 'offices.deactivateNamed' : 'offices.activateNamed', { name: office.name })}
          >
            {office.active ? t('offices.deactivate') : t('offices.activate')}
          </Button>
        </Group>
      ),
    });
  }
  return <DataTable caption={t('offices.caption')} columns={columns} rows={offices} rowKey={(office) => office.id} testId="offices-table" />;
}
