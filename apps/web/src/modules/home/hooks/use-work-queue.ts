import { useQuery } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

/** How many of each kind of waiting work the home page shows (the full lists are a link away). */
export const SHOWN = 5;
const POLL_MS = 30_000;
export const WORK_QUEUE_KEY = ['work-queue'] as const;

const poll = { refetchInterval: POLL_MS, staleTime: 10_000 } as const;

export function useMyUnfinishedContacts(enabled: boolean) {
  return useQuery({
    queryKey: [...WORK_QUEUE_KEY, 'contacts'],
    queryFn: () => unwrap(api.GET('/api/v1/contacts', { params: { query: { status: 'in_progress', mine: true, limit: SHOWN } } })),
    enabled,
    ...poll,
  });
}

export function useUnansweredConversations(enabled: boolean) {
  return useQuery({
    queryKey: [...WORK_QUEUE_KEY, 'conversations'],
    queryFn: () => unwrap(api.GET('/api/v1/conversations', { params: { query: { unanswered: true, limit: SHOWN } } })),
    enabled,
    ...poll,
  });
}

export function useCallbacksToday(enabled: boolean) {
  return useQuery({
    queryKey: [...WORK_QUEUE_KEY, 'callbacks'],
    queryFn: () => unwrap(api.GET('/api/v1/callbacks', { params: { query: { view: 'today', assignee: 'me', limit: SHOWN } } })),
    enabled,
    ...poll,
  });
}

export function useMyTasks(enabled: boolean) {
  return useQuery({
    queryKey: [...WORK_QUEUE_KEY, 'tasks'],
    queryFn: () => unwrap(api.GET('/api/v1/tasks/mine', { params: { query: { limit: SHOWN } } })),
    enabled,
    ...poll,
  });
}

export function useOverdueReferrals(enabled: boolean) {
  return useQuery({
    queryKey: [...WORK_QUEUE_KEY, 'referrals'],
    queryFn: () => unwrap(api.GET('/api/v1/referrals', { params: { query: { overdue: true, limit: SHOWN, offset: 0 } } })),
    enabled,
    ...poll,
  });
}

export function useUnreadAlerts(enabled: boolean) {
  return useQuery({
    queryKey: [...WORK_QUEUE_KEY, 'alerts'],
    queryFn: () => unwrap(api.GET('/api/v1/alerts', { params: { query: { state: 'unread', limit: SHOWN } } })),
    enabled,
    ...poll,
  });
}

export function useReferralsAwaitingAnswer(enabled: boolean) {
  return useQuery({
    queryKey: [...WORK_QUEUE_KEY, 'partner'],
    queryFn: () => unwrap(api.GET('/api/v1/partner/referrals', { params: { query: { status: 'sent', limit: SHOWN, offset: 0 } } })),
    enabled,
    ...poll,
  });
}
