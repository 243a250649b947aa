import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

const REFRESH_MS = 15_000;

export function useQueueHealth() {
  return useQuery({
    queryKey: ['queues', 'health'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/queues')),
    refetchInterval: REFRESH_MS,
  });
}
