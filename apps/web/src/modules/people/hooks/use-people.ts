import type { components } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

type Schemas = components['schemas'];
export type NewFlag = Schemas['NewFlagDto'];
export type CreatePerson = Schemas['CreatePersonDto'];

export const PEOPLE_KEY = ['people'] as const;

/** Everything that shows flags or people: refreshed together after a flag or a person changes. */
function invalidatePeopleViews(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: PEOPLE_KEY }),
    queryClient.invalidateQueries({ queryKey: ['callers'] }),
    queryClient.invalidateQueries({ queryKey: ['contacts'] }),
  ]);
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
    mutationFn: ({ phone, body }: { phone: string; body: NewFlag }) =>
      unwrap(api.POST('/api/v1/people/caller-flags', { body: { ...body, phone } })),
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
