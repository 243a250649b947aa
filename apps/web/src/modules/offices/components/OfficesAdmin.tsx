import { useDebouncedValue } from '@mantine/hooks';
import type { OfficeDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { hasPermission } from '@web/modules/auth/session';
import {
  Button,
  ConfirmDialog,
  ErrorAlert,
  Group,
  LoadingState,
  NativeSelect,
  notifySuccess,
  PageHeader,
  Pager,
  TextInput,
  usePagination,
} from '@web/modules/ui';
import { useOffices, useUpdateOffice } from '../hooks/use-offices';
import { OfficeFormDialog } from './OfficeFormDialog';
import { OfficesTable } from './OfficesTable';
import { LinesSection } from '@web/modules/lines/components/LinesSection';
import { PromptsSection } from '@web/modules/lines/components/PromptsSection';
import { TemplatesSection } from '@web/modules/lines/components/TemplatesSection';

/** Offices screen: the list and (with offices.manage) create, edit, deactivate, activate. */
export function OfficesAdmin() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = hasPermission(session.data, 'offices.manage');
  const pagination = usePagination();
  const [search, setSearch] = useState('');
  const [active, setActive] = useState<'' | 'true' | 'false'>('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const offices = useOffices({
    limit: pagination.limit,
    offset: pagination.offset,
    ...(q ? { q } : {}),
    ...(active ? { active: active === 'true' } : {}),
  });
  const update = useUpdateOffice();
  const [editing, setEditing] = useState<{ office: OfficeDto | null } | null>(null);
  const [deactivating, setDeactivating] = useState<OfficeDto | null>(null);

  const changeActive = (office: OfficeDto, next: boolean) => {
    update.reset();
    if (!next) {
      setDeactivating(office);
      return;
    }
    update.mutate({ id: office.id, body: { version: office.version, active: true } }, { onSuccess: () => notifySuccess(t('offices.activated')) });
  };

  return (
    <>
      <PageHeader
        title={t('offices.title')}
        actions={
          canManage ? (
            <Button onClick={() => setEditing({ office: null })} data-testid="office-create">
              {t('offices.create')}
            </Button>
          ) : null
        }
      />
      <Group align="flex-end" gap="md" mb="md" wrap="wrap" role="search" aria-label={t('common.filters')}>
        <TextInput
          label={t('common.search')}
          description={t('offices.searchHint')}
          type="search"
          name="q"
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            pagination.reset();
          }}
        />
        <NativeSelect
          label={t('common.status')}
          name="active"
          value={active}
          data={[
            { value: '', label: t('common.all') },
            { value: 'true', label: t('common.active') },
            { value: 'false', label: t('common.inactive') },
          ]}
          onChange={(event) => {
            setActive(event.currentTarget.value as '' | 'true' | 'false');
            pagination.reset();
          }}
        />
      </Group>
      {!deactivating && update.isError ? <ErrorAlert error={update.error} /> : null}
      {offices.isPending ? (
        <LoadingState />
      ) : offices.isError ? (
        <ErrorAlert error={offices.error} />
      ) : (
        <>
          <OfficesTable
            offices={offices.data.items}
            actions={canManage ? { onEdit: (office) => setEditing({ office }), onSetActive: changeActive } : undefined}
          />
          <Pager total={offices.data.total} state={pagination} />
        </>
      )}
      <OfficeFormDialog
        opened={editing !== null}
        office={editing?.office ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          notifySuccess(editing?.office ? t('offices.updated') : t('offices.created'));
          setEditing(null);
        }}
      />
      <ConfirmDialog
        opened={deactivating !== null}
        title={t('offices.deactivate')}
        message={deactivating ? t('offices.deactivateConfirm', { name: deactivating.name }) : ''}
        confirmLabel={t('offices.deactivate')}
        danger
        loading={update.isPending}
        error={update.error}
        onConfirm={() =>
          deactivating &&
          update.mutate(
            { id: deactivating.id, body: { version: deactivating.version, active: false } },
            {
              onSuccess: () => {
                setDeactivating(null);
                notifySuccess(t('offices.deactivated'));
              },
            },
          )
        }
        onClose={() => setDeactivating(null)}
      />
      <LinesSection canManage={canManage} />
      <PromptsSection canManage={canManage} />
      <TemplatesSection canManage={canManage} />
    </>
  );
}
