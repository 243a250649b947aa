import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

export interface AuditListParams {
  limit: number;
  offset: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  from?: string;
  to?: string;
}

export function useAuditEntries(params: AuditListParams) {
  return useQuery({
    queryKey: ['audit', 'list', params],
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
}
