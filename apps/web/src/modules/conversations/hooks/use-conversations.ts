import type { ConversationDto, ConversationMessageDto, ConversationMessagePageDto, FlagDto } from '@mayak/api-client';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

export const CONVERSATIONS_KEY = ['conversations'] as const;
const conversationKey = (id: string) => [...CONVERSATIONS_KEY, 'one', id] as const;
const messagesKey = (id: string) => [...CONVERSATIONS_KEY, 'conversation', id] as const;

export const CONVERSATION_PAGE_SIZE = 25;
export const MESSAGE_PAGE_SIZE = 30;
/** Longest text one reply may be (the API's limit). */
export const MESSAGE_MAX_LENGTH = 1000;
/** Fallback for a stream that is down; `message.received` refreshes at once. */
const CONVERSATIONS_POLL_MS = 60_000;
/** The navigation counts unanswered conversations up to here ("99+" beyond). */
const COUNT_LIMIT = 100;

export interface ConversationListParams {
  officeId?: string;
  unanswered?: boolean;
  holder?: 'me' | 'nobody';
}

/** The API types a conversation's flags loosely; they are the same flags as a contact's. */
export function conversationFlags(conversation: Pick<ConversationDto, 'flags'>): FlagDto[] {
  return conversation.flags as unknown as FlagDto[];
}

export function isDoNotContact(flags: readonly FlagDto[]): boolean {
  return flags.some((flag) => flag.kind === 'do_not_call_back');
}

export function useConversations(params: ConversationListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...CONVERSATIONS_KEY, 'list', params],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/conversations', { params: { query: { ...params, limit: CONVERSATION_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } }),
      ),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: CONVERSATIONS_POLL_MS,
    enabled,
  });
}

/** How many conversations wait for an answer (the navigation's badge); `more` when there are more than one page. */
export function useUnansweredCount(enabled: boolean) {
  return useQuery({
    queryKey: [...CONVERSATIONS_KEY, 'unanswered-count'],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/conversations', { params: { query: { unanswered: true, limit: COUNT_LIMIT } } }));
      return { count: page.items.length, more: !!page.nextCursor };
    },
    refetchInterval: CONVERSATIONS_POLL_MS,
    staleTime: 10_000,
    enabled,
  });
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: conversationKey(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/conversations/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

/** The conversation, newest page first (as the API gives it); the view shows it oldest at the top. */
export function useConversationMessages(id: string | null) {
  return useInfiniteQuery({
    queryKey: messagesKey(id ?? ''),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/conversations/{id}/messages', {
          params: { path: { id: id ?? '' }, query: { limit: MESSAGE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!id,
  });
}

/** Oldest first, across the pages loaded so far. */
export function chronological(data: InfiniteData<ConversationMessagePageDto> | undefined): ConversationMessageDto[] {
  if (!data) return [];
  return data.pages
    .flatMap((page) => page.items)
    .slice()
    .reverse();
}

export function useSendMessage(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => unwrap(api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: conversationId } }, body: { body } })),
    onSuccess: (message) => {
      // Shown at once (at the bottom, the newest), before the lists are re-read.
      queryClient.setQueryData<InfiniteData<ConversationMessagePageDto>>(messagesKey(conversationId), (old) => {
        if (!old?.pages.length) return old;
        const [first, ...rest] = old.pages;
        if (first.items.some((m) => m.id === message.id)) return old;
        return { ...old, pages: [{ ...first, items: [message, ...first.items] }, ...rest] };
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY }),
  });
}

/** Sends a knowledge-base file (with a caption) in the conversation. */
export function useSendFile(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { fileId: string; caption?: string }) =>
      unwrap(api.POST('/api/v1/conversations/{id}/files', { params: { path: { id: conversationId } }, body: input })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY }),
  });
}

/** Takes the conversation (I answer it from now on). */
export function useClaimConversation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/conversations/{id}/claim', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY }),
  });
}

/** Hands the conversation to a colleague of its office. */
export function useAssignConversation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => unwrap(api.POST('/api/v1/conversations/{id}/assign', { params: { path: { id } }, body: { userId } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY }),
  });
}

export function messageStatusColor(status: string): string {
  switch (status) {
    case 'read':
    case 'delivered':
      return 'green';
    case 'sent':
      return 'teal';
    case 'queued':
      return 'gray';
    case 'received':
      return 'blue';
    case 'failed':
    case 'undelivered':
      return 'red';
    default:
      return 'gray';
  }
}
