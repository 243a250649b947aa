import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface LoadMoreProps {
  /** How many rows are shown now (announced politely after each page). */
  shown: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/**
 * Keyset paging under a list that grows without bound: "Load more" while the API gives a
 * `nextCursor`, and a polite count of the rows shown. Never a total (the API has none).
 */
export function LoadMore({ shown, hasMore, loading, onLoadMore }: LoadMoreProps) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mt="md" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="shown-count">
        {hasMore ? t('common.shownMore', { n: shown }) : t('common.shownAll', { n: shown })}
      </Text>
      {hasMore ? (
        <Button variant="default" onClick={onLoadMore} loading={loading} data-testid="load-more">
          {t('common.loadMore')}
        </Button>
      ) : null}
    </Group>
  );
}
