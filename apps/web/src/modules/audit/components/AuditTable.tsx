import type { AuditEntryDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Code, DataTable, StatusBadge, Text, type Column } from '@web/modules/ui';

export function AuditTable({ entries }: { entries: AuditEntryDto[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const columns: Column<AuditEntryDto>[] = [
    { key: 'occurredAt', header: t('audit.occurredAt'), cell: (entry) => formatDateTime(entry.occurredAt) },
    { key: 'actor', header: t('audit.actor'), cell: (entry) => entry.actorEmail ?? t('audit.system') },
    {
      key: 'action',
      header: t('audit.action'),
      cell: (entry) => (
        <Text size="sm" data-action={entry.action}>
          {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}
        </Text>
      ),
    },
    {
      key: 'entity',
      header: t('audit.entity'),
      cell: (entry) =>
        entry.entityType ? (
          <>
            <Text size="sm">{t(`audit.entityTypes.${entry.entityType}`, { defaultValue: entry.entityType })}</Text>
            {entry.entityId ? (
              <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {entry.entityId}
              </Text>
            ) : null}
          </>
        ) : (
          t('common.none')
        ),
    },
    { key: 'ip', header: t('audit.ip'), cell: (entry) => entry.ip ?? t('common.none') },
    {
      key: 'summary',
      header: t('audit.summary'),
      cell: (entry) =>
        Object.keys(entry.summary ?? {}).length ? (
          <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(entry.summary)}</Code>
        ) : (
          t('common.none')
        ),
    },
    {
      key: 'sealed',
      header: t('audit.sealed'),
      cell: (entry) => <StatusBadge color={entry.sealed ? 'green' : 'gray'}>{entry.sealed ? t('audit.sealedYes') : t('audit.sealedNo')}</StatusBadge>,
    },
  ];
  return <DataTable caption={t('audit.caption')} columns={columns} rows={entries} rowKey={(entry) => entry.id} testId="audit-table" />;
}
