import { Group, NativeSelect, Pagination, Text } from '@mantine/core';
import { MAX_PAGE_SIZE } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import type { PaginationState } from './use-pagination';

const PAGE_SIZES = [10, 25, 50, MAX_PAGE_SIZE];

/** Limit/offset pagination under every list: range, page size and page buttons. */
export function Pager({ total, state }: { total: number; state: PaginationState }) {
  const { t } = useTranslation();
  const { limit, offset } = state;
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  const controlLabels = {
    first: t('common.pagination.first'),
    previous: t('common.pagination.previous'),
    next: t('common.pagination.next'),
    last: t('common.pagination.last'),
  };

  return (
    <Group justify="space-between" mt="md" wrap="wrap" data-testid="pager">
      <Text size="sm" aria-live="polite" data-testid="pager-range">
        {t('common.pagination.range', { from, to, total })}
      </Text>
      <Group gap="md" wrap="wrap">
        <NativeSelect
          size="xs"
          label={t('common.pagination.pageSize')}
          data-testid="page-size"
          value={String(limit)}
          data={PAGE_SIZES.map((size) => ({ value: String(size), label: String(size) }))}
          onChange={(event) => state.setLimit(Number(event.currentTarget.value))}
        />
        <nav aria-label={t('common.pagination.label')}>
          <Pagination
            total={pages}
            value={page}
            onChange={(next) => state.setOffset((next - 1) * limit)}
            withEdges
            size="sm"
            getControlProps={(control) => ({ 'aria-label': controlLabels[control] })}
            getItemProps={(item) => ({
              'aria-label': t('common.pagination.page', { page: item }),
              'aria-current': item === page ? 'page' : undefined,
            })}
          />
        </nav>
      </Group>
    </Group>
  );
}
