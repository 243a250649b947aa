import type { components } from '@mayak/api-client';
import type { MenuLanguage } from '@mayak/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { CONVERSATIONS_KEY } from './use-conversations';

type CreateMessageTemplateDto = components['schemas']['CreateMessageTemplateDto'];
type UpdateMessageTemplateDto = components['schemas']['UpdateMessageTemplateDto'];

const TEMPLATES_KEY = ['message-templates'] as const;

export function useMessageTemplates(language: MenuLanguage | null, enabled = true) {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, language],
    queryFn: () => unwrap(api.GET('/api/v1/message-templates', { params: { query: language ? { language } : {} } })),
    staleTime: 60_000,
    enabled,
  });
}

export function useSaveMessageTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; body: UpdateMessageTemplateDto } | { id: null; body: CreateMessageTemplateDto }) =>
      input.id
        ? unwrap(api.PATCH('/api/v1/message-templates/{id}', { params: { path: { id: input.id } }, body: input.body as UpdateMessageTemplateDto }))
        : unwrap(api.POST('/api/v1/message-templates', { body: input.body as CreateMessageTemplateDto })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY }),
  });
}

export function useSendTemplate(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { templateId: string; variables: string[] }) =>
      unwrap(api.POST('/api/v1/conversations/{id}/template', { params: { path: { id: conversationId } }, body: input })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY }),
  });
}
