import type { ContactCategory, ContactChannel, RiskLevel } from '@mayak/domain';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

export const CONTACTS_KEY = ['contacts'] as const;

export interface ContactListParams {
  q?: string;
  status?: 'in_progress' | 'completed';
  category?: ContactCategory;
  channel?: ContactChannel;
  riskLevel?: RiskLevel;
  mine?: boolean;
  from?: string;
  to?: string;
}

export const CONTACT_PAGE_SIZE = 25;

/** Keyset pages of contacts ("Load more" follows `nextCursor`). */
export function useContactList(params: ContactListParams) {
  return useInfiniteQuery({
    queryKey: [...CONTACTS_KEY, 'list', params],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/contacts', { params: { query: { ...params, limit: CONTACT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: [...CONTACTS_KEY, 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/contacts/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

/**
 * Earlier contacts, people, cases and flags of a number (POST, so the number never sits in
 * a URL). Keyed by the normalised number: typing the same number differently asks once.
 */
export function useCallerLookup(e164: string | null, typed: string) {
  return useQuery({
    queryKey: ['callers', e164],
    queryFn: () => unwrap(api.POST('/api/v1/callers/lookup', { body: { phone: typed.trim() } })),
    enabled: !!e164,
    staleTime: 15_000,
    // Never show one caller's history (or flags) under another number while the next loads.
    placeholderData: undefined,
  });
}
