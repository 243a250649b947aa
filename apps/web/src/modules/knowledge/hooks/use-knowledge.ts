import type { components } from '@mayak/api-client';
import type { Locale } from '@mayak/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

type CreateArticleDto = components['schemas']['CreateArticleDto'];
type UpdateArticleDto = components['schemas']['UpdateArticleDto'];

export interface ArticleParams {
  limit: number;
  offset: number;
  q?: string;
  locale?: Locale;
  tag?: string;
  includeDrafts?: boolean;
}

export const KNOWLEDGE_KEY = ['knowledge'] as const;
const usedKey = (contactId: string) => [...KNOWLEDGE_KEY, 'used', contactId] as const;

export function useArticles(params: ArticleParams, enabled = true) {
  return useQuery({
    queryKey: [...KNOWLEDGE_KEY, 'list', params],
    queryFn: () => unwrap(api.GET('/api/v1/knowledge/articles', { params: { query: params } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useArticle(id: string | null) {
  return useQuery({
    queryKey: [...KNOWLEDGE_KEY, 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/knowledge/articles/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

export function useCreateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateArticleDto) => unwrap(api.POST('/api/v1/knowledge/articles', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KNOWLEDGE_KEY }),
  });
}

export function useUpdateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateArticleDto }) =>
      unwrap(api.PATCH('/api/v1/knowledge/articles/{id}', { params: { path: { id } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: KNOWLEDGE_KEY }),
  });
}

/** Articles the operator marked as used on this contact (call). */
export function useContactArticles(contactId: string | null) {
  return useQuery({
    queryKey: usedKey(contactId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/contacts/{id}/articles', { params: { path: { id: contactId ?? '' } } })),
    enabled: !!contactId,
  });
}

export function useMarkArticleUsed(contactId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (articleId: string) => unwrap(api.PUT('/api/v1/contacts/{id}/articles/{articleId}', { params: { path: { id: contactId ?? '', articleId } } })),
    onSuccess: (used) => {
      if (contactId) queryClient.setQueryData(usedKey(contactId), used);
    },
  });
}

export interface KnowledgeFileParams {
  articleId?: string;
  q?: string;
  limit?: number;
  offset?: number;
  includeDrafts?: boolean;
}

const filesKey = (params: KnowledgeFileParams) => [...KNOWLEDGE_KEY, 'files', params] as const;

/** Files of the knowledge base operators may send (an article's, or found by name or title). */
export function useKnowledgeFiles(params: KnowledgeFileParams, enabled = true) {
  return useQuery({
    queryKey: filesKey(params),
    queryFn: () => unwrap(api.GET('/api/v1/knowledge/files', { params: { query: params } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUploadKnowledgeFile(articleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST('/api/v1/knowledge/files', {
          params: { query: { articleId, name: file.name }, header: { 'content-type': file.type || 'application/octet-stream' } } as never,
          body: file as never,
          bodySerializer: (body: unknown) => body as BodyInit,
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...KNOWLEDGE_KEY, 'files'] }),
  });
}

export function useRemoveKnowledgeFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/knowledge/files/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...KNOWLEDGE_KEY, 'files'] }),
  });
}
