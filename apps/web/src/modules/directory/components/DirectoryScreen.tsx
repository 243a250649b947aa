import { useDebouncedValue } from '@mantine/hooks';
import type { OrganisationDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { Button, Checkbox, ErrorAlert, LoadingState, notifySuccess, PageHeader, Pager, Stack, usePagination } from '@web/modules/ui';
import { useOrganisations } from '../hooks/use-directory';
import { DirectoryFilters, directoryQuery, EMPTY_DIRECTORY_FILTERS, type DirectoryFilterValues } from './DirectoryFilters';
import { OrganisationFormDialog } from './OrganisationFormDialog';
import { OrganisationsTable } from './OrganisationsTable';

/** The service directory: search it; administrators (directory.manage) add and edit organisations. */
export function DirectoryScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('directory.manage');
  const pagination = usePagination();
  const [filters, setFilters] = useState<DirectoryFilterValues>(EMPTY_DIRECTORY_FILTERS);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const organisations = useOrganisations({
    limit: pagination.limit,
    offset: pagination.offset,
    ...directoryQuery(filters, q),
    ...(canManage && includeInactive ? { includeInactive: true } : {}),
  });
  const [editing, setEditing] = useState<{ organisation: OrganisationDto | null } | null>(null);

  return (
    <>
      <PageHeader
        title={t('directory.title')}
        actions={
          canManage ? (
            <Button onClick={() => setEditing({ organisation: null })} data-testid="organisation-create">
              {t('directory.create')}
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        <DirectoryFilters
          values={filters}
          onChange={(patch) => {
            setFilters((current) => ({ ...current, ...patch }));
            pagination.reset();
          }}
        />
        {canManage ? (
          <Checkbox
            label={t('directory.includeInactive')}
            checked={includeInactive}
            onChange={(event) => {
              setIncludeInactive(event.currentTarget.checked);
              pagination.reset();
            }}
          />
        ) : null}
        {organisations.isPending ? (
          <LoadingState />
        ) : organisations.isError ? (
          <ErrorAlert error={organisations.error} />
        ) : (
          <div>
            <OrganisationsTable organisations={organisations.data.items} onEdit={canManage ? (organisation) => setEditing({ organisation }) : undefined} />
            <Pager total={organisations.data.total} state={pagination} />
          </div>
        )}
      </Stack>
      <OrganisationFormDialog
        opened={editing !== null}
        organisation={editing?.organisation ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          notifySuccess(editing?.organisation ? t('directory.updated') : t('directory.created'));
          setEditing(null);
        }}
      />
    </>
  );
}
