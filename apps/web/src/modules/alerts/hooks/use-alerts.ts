import type { AlertDto } from '@mayak/api-client';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { useRealtimeEvent } from '@web/modules/realtime/RealtimeProvider';

export const ALERTS_KEY = ['alerts'] as const;
export type AlertState = 'unread' | 'read' | 'open' | 'resolved';

/** How often the bell asks for the unread count (the inbox itself refreshes on the same beat). */
export const ALERT_POLL_MS = 30_000;

/** The number on the bell: unread alerts of the signed-in user, refreshed every 30 seconds. */
export function useUnreadAlertCount() {
  return useQuery({
    queryKey: [...ALERTS_KEY, 'unread-count'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/alerts', { params: { query: { state: 'unread', limit: 1 } } }))).unread,
    refetchInterval: ALERT_POLL_MS,
    staleTime: 10_000,
  });
}

export function useAlerts(state: AlertState | '') {
  return useInfiniteQuery({
    queryKey: [...ALERTS_KEY, 'list', state],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/alerts', { params: { query: { limit: 25, ...(state ? { state } : {}), ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: ALERT_POLL_MS,
  });
}

export function useMarkAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ alert, action }: { alert: AlertDto; action: 'read' | 'resolve' }) =>
      unwrap(api.POST(action === 'read' ? '/api/v1/alerts/{id}/read' : '/api/v1/alerts/{id}/resolve', { params: { path: { id: alert.id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ALERTS_KEY }),
  });
}

/** Where an alert leads: its case, or the contact it is about. */
export function alertTarget(alert: AlertDto): string | null {
  if (!alert.entityId) return null;
  if (alert.entityType === 'case') return `/cases/${alert.entityId}`;
  if (alert.entityType === 'contact') return `/contacts/${alert.entityId}`;
  if (alert.entityType === 'conversation') return `/conversations/${alert.entityId}`;
  return null;
}

/**
 * Live alerts: the console's one event stream (RealtimeProvider) says when an alert
 * arrives, and the bell and inbox re-read at once instead of on the next poll. After a
 * reconnect the provider re-reads every live list, alerts included; the poll stays as a fallback.
 */
export function useLiveAlerts(enabled: boolean): void {
  const queryClient = useQueryClient();
  useRealtimeEvent('alert', () => void queryClient.invalidateQueries({ queryKey: ALERTS_KEY }), enabled);
}
