import { useQuery } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

const REFRESH_MS = 15_000;

export function useMetricsSummary() {
  return useQuery({
    queryKey: ['queues', 'metrics'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/metrics')),
    refetchInterval: REFRESH_MS,
  });
}
