import type { ActivityDto, CaseLoadDto, LineNowDto, TraffickingPictureDto } from '../types';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { useRealtimeEvent } from '@web/modules/realtime/RealtimeProvider';

export const DASHBOARDS_KEY = ['dashboards'] as const;
/** The line now is live: re-read on the telephony events, on every stream (re)connect and by this poll. */
export const LINE_NOW_KEY = [...DASHBOARDS_KEY, 'line'] as const;
const LINE_NOW_POLL_MS = 15_000;
/** Period figures change slowly; they are re-read on request (Refresh), on focus and by this poll. */
const PERIOD_POLL_MS = 5 * 60_000;
/** A burst of calls re-reads the activity once, this long after the first of them. */
const ACTIVITY_SETTLE_MS = 2_000;

export type DashboardView = 'activity' | 'caseload' | 'trafficking';
export const DASHBOARD_VIEWS: readonly DashboardView[] = ['activity', 'caseload', 'trafficking'];

/** What the period dashboards are asked for; `to` is exclusive (the day after the last day shown). */
export interface DashboardPeriodParams {
  from: string;
  to: string;
  officeId?: string;
}

export function useLineNow(officeId: string | undefined) {
  return useQuery<LineNowDto>({
    queryKey: [...LINE_NOW_KEY, officeId ?? ''],
    queryFn: () => unwrap(api.GET('/api/v1/dashboards/line', { params: { query: officeId ? { officeId } : {} } })),
    refetchInterval: LINE_NOW_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

/** Re-reads the line now on every event that changes it (calls, callbacks falling due, texts). */
export function useLineNowEvents(): void {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: LINE_NOW_KEY });
  useRealtimeEvent('call.ringing', refresh);
  useRealtimeEvent('call.taken', refresh);
  useRealtimeEvent('call.ended', refresh);
  useRealtimeEvent('callback.due', refresh);
  useRealtimeEvent('message.received', refresh);
}

/**
 * A ringing call is a new contact, and an ended one may be a missed or answered call: the
 * activity shown (only while its tab is open) is re-read once a burst of them settles.
 */
export function useActivityEvents(): void {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const schedule = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: [...DASHBOARDS_KEY, 'activity'] });
    }, ACTIVITY_SETTLE_MS);
  };
  useRealtimeEvent('call.ringing', schedule);
  useRealtimeEvent('call.ended', schedule);
}

function periodQuery(params: DashboardPeriodParams) {
  return { from: params.from, to: params.to, ...(params.officeId ? { officeId: params.officeId } : {}) };
}

const periodOptions = { placeholderData: keepPreviousData, refetchInterval: PERIOD_POLL_MS, staleTime: 30_000, retry: false } as const;

export function useActivity(params: DashboardPeriodParams, enabled: boolean) {
  return useQuery<ActivityDto>({
    queryKey: [...DASHBOARDS_KEY, 'activity', params],
    queryFn: () => unwrap(api.GET('/api/v1/dashboards/activity', { params: { query: periodQuery(params) } })),
    enabled,
    ...periodOptions,
  });
}

export function useCaseLoad(params: DashboardPeriodParams, enabled: boolean) {
  return useQuery<CaseLoadDto>({
    queryKey: [...DASHBOARDS_KEY, 'caseload', params],
    queryFn: () => unwrap(api.GET('/api/v1/dashboards/caseload', { params: { query: periodQuery(params) } })),
    enabled,
    ...periodOptions,
  });
}

export function useTraffickingPicture(params: DashboardPeriodParams, enabled: boolean) {
  return useQuery<TraffickingPictureDto>({
    queryKey: [...DASHBOARDS_KEY, 'trafficking', params],
    queryFn: () => unwrap(api.GET('/api/v1/dashboards/trafficking', { params: { query: periodQuery(params) } })),
    enabled,
    ...periodOptions,
  });
}
