import type { CreateOfficeDto, UpdateOfficeDto } from '@mayak/api-client';
import { MAX_PAGE_SIZE } from '@mayak/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

export interface OfficeListParams {
  limit: number;
  offset: number;
  q?: string;
  active?: boolean;
}

export const OFFICES_KEY = ['offices'] as const;

export function useOffices(params: OfficeListParams) {
  return useQuery({
    queryKey: [...OFFICES_KEY, 'list', params],
    queryFn: () => unwrap(api.GET('/api/v1/offices', { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
}

/** Active offices for pickers (users' offices); the API caps a page at 100. */
export function useOfficeOptions(enabled = true) {
  return useQuery({
    queryKey: [...OFFICES_KEY, 'options'],
    queryFn: () => unwrap(api.GET('/api/v1/offices', { params: { query: { limit: MAX_PAGE_SIZE, offset: 0, active: true } } })),
    select: (page) => page.items.map((office) => ({ id: office.id, name: office.name })),
    enabled,
  });
}

export function useCreateOffice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOfficeDto) => unwrap(api.POST('/api/v1/offices', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OFFICES_KEY }),
  });
}

export function useUpdateOffice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOfficeDto }) => unwrap(api.PATCH('/api/v1/offices/{id}', { params: { path: { id } }, body })),
    // A stale version (409) also means our copy is old: reload either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: OFFICES_KEY }),
  });
}
