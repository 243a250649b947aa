import type { components } from '@mayak/api-client';
import type { MenuLanguage } from '@mayak/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

type CreateQuickReplyDto = components['schemas']['CreateQuickReplyDto'];
type UpdateQuickReplyDto = components['schemas']['UpdateQuickReplyDto'];

export const QUICK_REPLIES_KEY = ['quick-replies'] as const;
/** An office keeps a few dozen replies per language: the picker reads them all at once. */
export const PICKER_LIMIT = 100;

export interface QuickReplyParams {
  limit: number;
  offset: number;
  officeId?: string;
  language?: MenuLanguage;
  q?: string;
}

export function useQuickReplies(params: QuickReplyParams, enabled = true) {
  return useQuery({
    queryKey: [...QUICK_REPLIES_KEY, 'list', params],
    queryFn: () => unwrap(api.GET('/api/v1/quick-replies', { params: { query: params } })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled,
  });
}

export function useCreateQuickReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateQuickReplyDto) => unwrap(api.POST('/api/v1/quick-replies', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: QUICK_REPLIES_KEY }),
  });
}

export function useUpdateQuickReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateQuickReplyDto }) =>
      unwrap(api.PATCH('/api/v1/quick-replies/{id}', { params: { path: { id } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: QUICK_REPLIES_KEY }),
  });
}

export function useRemoveQuickReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/quick-replies/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: QUICK_REPLIES_KEY }),
  });
}
