import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { useOfficeOptions } from '@web/modules/offices/hooks/use-offices';
import {
  Anchor,
  Button,
  ConfirmDialog,
  DataTable,
  ErrorAlert,
  LoadingState,
  LoadMore,
  notifySuccess,
  PageHeader,
  StatusBadge,
  Text,
  type Column,
} from '@web/modules/ui';
import { usePersonMerges, useUndoMerge, type PersonMerge } from '../hooks/use-person-merges';

/** A record's id as the list shows it: short, and a link for those who may open people. */
function RecordId({ id, linked }: { id: string; linked: boolean }) {
  const short = id.slice(0, 8);
  return linked ? (
    <Anchor component={Link} to={`/people/${id}`} ff="monospace" size="sm">
      {short}
    </Anchor>
  ) : (
    <Text span ff="monospace" size="sm" title={id}>
      {short}
    </Text>
  );
}

/**
 * Every merge of people records on the line, newest first: the administrators' repair list
 * (ids only, no names). Undo puts back what the merge moved that still sits on the kept record.
 */
export function MergesList() {
  const { t } = useTranslation();
  const can = useCan();
  const formatDateTime = useFormatDateTime();
  const merges = usePersonMerges();
  const undo = useUndoMerge();
  const offices = useOfficeOptions(can('offices.read'));
  const mine = useSession().data?.user.offices ?? [];
  const [undoing, setUndoing] = useState<PersonMerge | null>(null);
  const rows = merges.data?.pages.flatMap((page) => page.items) ?? [];
  const officeName = (id: string) => offices.data?.find((o) => o.id === id)?.name ?? mine.find((o) => o.id === id)?.name ?? t('common.none');
  const linked = can('people.read');

  const columns: Column<PersonMerge>[] = [
    { key: 'mergedAt', header: t('people.merges.mergedAt'), cell: (m) => formatDateTime(m.mergedAt) },
    { key: 'office', header: t('people.merges.office'), cell: (m) => officeName(m.officeId) },
    { key: 'kept', header: t('people.merges.kept'), cell: (m) => <RecordId id={m.survivorId} linked={linked} /> },
    { key: 'merged', header: t('people.merges.merged'), cell: (m) => <RecordId id={m.mergedId} linked={linked} /> },
    { key: 'moved', header: t('people.merges.moved'), cell: (m) => String(m.movedCount) },
    {
      key: 'state',
      header: t('common.status'),
      cell: (m) =>
        m.undoneAt ? (
          <StatusBadge color="gray">{t('people.merges.undoneAt', { date: formatDateTime(m.undoneAt) })}</StatusBadge>
        ) : (
          <StatusBadge color="blue">{t('people.merges.inForce')}</StatusBadge>
        ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      cell: (m) =>
        m.undoneAt ? null : (
          <Button
            size="compact-sm"
            variant="light"
            data-testid="merge-undo"
            onClick={() => {
              undo.reset();
              setUndoing(m);
            }}
            aria-label={t('people.merges.undoNamed', { date: formatDateTime(m.mergedAt) })}
          >
            {t('people.mergeScreen.undo')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('people.merges.title')} />
      <Text size="sm" mb="md">
        {t('people.merges.intro')}
      </Text>
      {merges.isPending ? (
        <LoadingState />
      ) : merges.isError ? (
        <ErrorAlert error={merges.error} />
      ) : (
        <>
          <DataTable
            caption={t('people.merges.caption')}
            columns={columns}
            rows={rows}
            rowKey={(m) => m.id}
            testId="merges-table"
            rowTestId={(m) => `merge-row-${m.id}`}
          />
          <LoadMore shown={rows.length} hasMore={!!merges.hasNextPage} loading={merges.isFetchingNextPage} onLoadMore={() => void merges.fetchNextPage()} />
        </>
      )}
      <ConfirmDialog
        opened={undoing !== null}
        title={t('people.merges.undoTitle')}
        message={t('people.merges.undoMessage')}
        confirmLabel={t('people.mergeScreen.undo')}
        loading={undo.isPending}
        error={undo.error}
        onClose={() => setUndoing(null)}
        onConfirm={() =>
          undoing &&
          undo.mutate(
            { id: undoing.id },
            {
              onSuccess: () => {
                setUndoing(null);
                notifySuccess(t('people.mergeScreen.undone'));
              },
            },
          )
        }
      />
    </>
  );
}
