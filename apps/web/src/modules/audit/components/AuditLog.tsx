import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, LoadingState, PageHeader, Pager, usePagination } from '@web/modules/ui';
import { useAuditEntries } from '../hooks/use-audit';
import { AuditFilters, EMPTY_AUDIT_FILTERS, type AuditFilterValues } from './AuditFilters';
import { AuditTable } from './AuditTable';

/** Local calendar days to an inclusive instant range for the API. */
function dayStart(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day: string): string | undefined {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

export function AuditLog() {
  const { t } = useTranslation();
  const pagination = usePagination();
  const [filters, setFilters] = useState<AuditFilterValues>(EMPTY_AUDIT_FILTERS);
  const from = dayStart(filters.from);
  const to = dayEnd(filters.to);
  const entries = useAuditEntries({
    limit: pagination.limit,
    offset: pagination.offset,
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.actorUserId ? { actorUserId: filters.actorUserId } : {}),
    ...(filters.entityType ? { entityType: filters.entityType } : {}),
    ...(filters.entityId ? { entityId: filters.entityId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  });

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <AuditFilters
        onApply={(values) => {
          setFilters(values);
          pagination.reset();
        }}
      />
      {entries.isPending ? (
        <LoadingState />
      ) : entries.isError ? (
        <ErrorAlert error={entries.error} />
      ) : (
        <>
          <AuditTable entries={entries.data.items} />
          <Pager total={entries.data.total} state={pagination} />
        </>
      )}
    </>
  );
}
