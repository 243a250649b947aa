import type { components } from '@mayak/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

export type CreateOrganisationDto = components['schemas']['CreateOrganisationDto'];
export type UpdateOrganisationDto = components['schemas']['UpdateOrganisationDto'];
export type ServiceType = components['schemas']['ServiceType'];
export type Region = components['schemas']['Region'];

export interface DirectoryParams {
  limit: number;
  offset: number;
  q?: string;
  serviceType?: ServiceType;
  region?: Region;
  language?: string;
  acceptsReferrals?: boolean;
  includeInactive?: boolean;
}

export const DIRECTORY_KEY = ['directory'] as const;

export function useOrganisations(params: DirectoryParams, enabled = true) {
  return useQuery({
    queryKey: [...DIRECTORY_KEY, 'list', params],
    queryFn: () => unwrap(api.GET('/api/v1/directory/organisations', { params: { query: params } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOrganisation(id: string | null | undefined) {
  return useQuery({
    queryKey: [...DIRECTORY_KEY, 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/directory/organisations/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrganisationDto) => unwrap(api.POST('/api/v1/directory/organisations', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: DIRECTORY_KEY }),
  });
}

export function useUpdateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOrganisationDto }) =>
      unwrap(api.PATCH('/api/v1/directory/organisations/{id}', { params: { path: { id } }, body })),
    // A stale version (409) also means our copy is old: reload either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: DIRECTORY_KEY }),
  });
}
