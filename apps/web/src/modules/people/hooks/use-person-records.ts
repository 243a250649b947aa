import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

const PAGE = 10;

/** One person's contacts the user may read, newest first (keyset pages). Under the contacts key: refreshed with them. */
export function usePersonContacts(personId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['contacts', 'person', personId],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/contacts', { params: { query: { personId, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** One person's cases the user may see, latest activity first (keyset pages). */
export function usePersonCases(personId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['cases', 'person', personId],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/cases', { params: { query: { personId, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
