import type { components } from '@mayak/api-client';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

type Schemas = components['schemas'];
export type NewFlag = Schemas['NewFlagDto'];
export type CreatePerson = Schemas['CreatePersonDto'];
export type UpdatePerson = Schemas['UpdatePersonDto'];
export type NewIdentifier = Schemas['NewIdentifierDto'];
export type IdentifierDto = Schemas['IdentifierDto'];

export const PEOPLE_KEY = ['people'] as const;

/** Everything that shows flags or people: refreshed together after a flag or a person changes. */
function invalidatePeopleViews(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: PEOPLE_KEY }),
    queryClient.invalidateQueries({ queryKey: ['callers'] }),
    queryClient.invalidateQueries({ queryKey: ['contacts'] }),
  ]);
}

export const PEOPLE_PAGE_SIZE = 25;

/** Keyset pages of a people search (a number, name words, or another identifier typed whole). */
export function usePeopleSearch(q: string) {
  return useInfiniteQuery({
    queryKey: [...PEOPLE_KEY, 'search', q],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/people', { params: { query: { q, limit: PEOPLE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: q.length >= 2,
  });
}

export function usePerson(id: string | null | undefined) {
  return useQuery({
    queryKey: [...PEOPLE_KEY, id],
    queryFn: () => unwrap(api.GET('/api/v1/people/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

/** The person unmasked, for one view only: the answer is never put in the cache. */
export function useRevealPerson() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST('/api/v1/people/{id}/reveal', { params: { path: { id } }, body: { reason } })),
  });
}

/** A contact's number unmasked, for one view only. */
export function useRevealContactPhone() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST('/api/v1/contacts/{id}/reveal', { params: { path: { id } }, body: { reason } })),
  });
}

export function useAddPersonFlag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, body }: { personId: string; body: NewFlag }) =>
      unwrap(api.POST('/api/v1/people/{id}/flags', { params: { path: { id: personId } }, body })),
    onSuccess: () => invalidatePeopleViews(queryClient),
  });
}

/** A flag on a caller's number (no person recorded yet), e.g. "do not call back". */
export function useAddCallerFlag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ phone, body }: { phone: string; body: NewFlag }) => unwrap(api.POST('/api/v1/people/caller-flags', { body: { ...body, phone } })),
    onSuccess: () => invalidatePeopleViews(queryClient),
  });
}

export function useRemoveFlag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (flagId: string) => unwrap(api.POST('/api/v1/people/flags/{flagId}/remove', { params: { path: { flagId } } })),
    onSettled: () => invalidatePeopleViews(queryClient),
  });
}

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePerson) => unwrap(api.POST('/api/v1/people', { body })),
    onSuccess: () => invalidatePeopleViews(queryClient),
  });
}

/** Details with the version read; a stale version is the API's 409 `conflict`. */
export function useUpdatePerson(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePerson) => unwrap(api.PATCH('/api/v1/people/{id}', { params: { path: { id } }, body })),
    onSuccess: (person) => {
      queryClient.setQueryData([...PEOPLE_KEY, id], person);
      return invalidatePeopleViews(queryClient);
    },
  });
}

export function useAddIdentifier(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewIdentifier) => unwrap(api.POST('/api/v1/people/{id}/identifiers', { params: { path: { id } }, body })),
    onSuccess: (person) => {
      queryClient.setQueryData([...PEOPLE_KEY, id], person);
      return invalidatePeopleViews(queryClient);
    },
  });
}

export function useRemoveIdentifier(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (identifierId: string) => unwrap(api.DELETE('/api/v1/people/{id}/identifiers/{identifierId}', { params: { path: { id, identifierId } } })),
    onSuccess: (person) => {
      queryClient.setQueryData([...PEOPLE_KEY, id], person);
      return invalidatePeopleViews(queryClient);
    },
  });
}
