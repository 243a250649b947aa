import type { ConversationDto, ConversationMessageDto, ConversationMessagePageDto, FlagDto } from '@mayak/api-client';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export const MESSAGES_KEY = ['messages'] as const;
const threadKey = (id: string) => [...MESSAGES_KEY, 'thread', id] as const;
const messagesKey = (id: string) => [...MESSAGES_KEY, 'conversation', id] as const;

export const THREAD_PAGE_SIZE = 25;
export const MESSAGE_PAGE_SIZE = 30;
/** Longest text one reply may be (the API's limit). */
export const MESSAGE_MAX_LENGTH = 1000;
/** Fallback for a stream that is down; `message.received` refreshes at once. */
const MESSAGES_POLL_MS = 60_000;
/** The navigation counts unanswered threads up to here ("99+" beyond). */
const COUNT_LIMIT = 100;

export interface ThreadListParams {
  officeId?: string;
  unanswered?: boolean;
  holder?: 'me' | 'nobody';
}

/** The API types a thread's flags loosely; they are the same flags as a contact's. */
export function threadFlags(thread: Pick<ConversationDto, 'flags'>): FlagDto[] {
  return thread.flags as unknown as FlagDto[];
}

export function isDoNotContact(flags: readonly FlagDto[]): boolean {
  return flags.some((flag) => flag.kind === 'do_not_call_back');
}

export function useConversations(params: ThreadListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...MESSAGES_KEY, 'threads', params],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/conversations', { params: { query: { ...params, limit: THREAD_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: MESSAGES_POLL_MS,
    enabled,
  });
}

/** How many threads wait for an answer (the navigation's badge); `more` when there are more than one page. */
export function useUnansweredCount(enabled: boolean) {
  return useQuery({
    queryKey: [...MESSAGES_KEY, 'unanswered-count'],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/conversations', { params: { query: { unanswered: true, limit: COUNT_LIMIT } } }));
      return { count: page.items.length, more: !!page.nextCursor };
    },
    refetchInterval: MESSAGES_POLL_MS,
    staleTime: 10_000,
    enabled,
  });
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: threadKey(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/conversations/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

/** The conversation, newest page first (as the API gives it); the view shows it oldest at the top. */
export function useConversationMessages(id: string | null) {
  return useInfiniteQuery({
    queryKey: messagesKey(id ?? ''),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/conversations/{id}/messages', {
        params: { path: { id: id ?? '' }, query: { limit: MESSAGE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
      })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!id,
  });
}

/** Oldest first, across the pages loaded so far. */
export function chronological(data: InfiniteData<ConversationMessagePageDto> | undefined): ConversationMessageDto[] {
  if (!data) return [];
  return data.pages.flatMap((page) => page.items).slice().reverse();
}

export function useSendMessage(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => unwrap(api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: threadId } }, body: { body } })),
    onSuccess: (message) => {
      // Shown at once (at the bottom, the newest), before the lists are re-read.
      queryClient.setQueryData<InfiniteData<ConversationMessagePageDto>>(messagesKey(threadId), (old) => {
        if (!old?.pages.length) return old;
        const [first, ...rest] = old.pages;
        if (first.items.some((m) => m.id === message.id)) return old;
        return { ...old, pages: [{ ...first, items: [message, ...first.items] }, ...rest] };
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: MESSAGES_KEY }),
  });
}

/** Sends a knowledge-base file (with a caption) in the conversation. */
export function useSendFile(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { fileId: string; caption?: string }) => unwrap(api.POST('/api/v1/conversations/{id}/files', { params: { path: { id: threadId } }, body: input })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: MESSAGES_KEY }),
  });
}

/** Takes the conversation (I answer it from now on). */
export function useClaimConversation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/conversations/{id}/claim', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: MESSAGES_KEY }),
  });
}

/** Hands the conversation to a colleague of its office. */
export function useAssignConversation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => unwrap(api.POST('/api/v1/conversations/{id}/assign', { params: { path: { id } }, body: { userId } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: MESSAGES_KEY }),
  });
}

export function messageStatusColor(status: string): string {
  switch (status) {
    case 'read':
    case 'delivered': return 'green';
    case 'sent': return 'teal';
    case 'queued': return 'gray';
    case 'received': return 'blue';
    case 'failed':
    case 'undelivered': return 'red';
    default: return 'gray';
  }
}
