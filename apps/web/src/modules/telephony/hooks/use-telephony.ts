import type { CallDto, CallerHistoryDto, components, PresenceDto, SetPresenceDto } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { consoleClock } from '@web/modules/clock/console-clock';
import { ringForCall } from '@web/modules/softphone/softphone';
import { useSoftphone } from '@web/modules/softphone/SoftphoneProvider';

type Schemas = components['schemas'];
export type TransferMode = Schemas['TransferMode'];
export type RingTargetKind = Schemas['RingTargetKind'];

export const TELEPHONY_KEY = ['telephony'] as const;
export const PRESENCE_KEY = [...TELEPHONY_KEY, 'presence'] as const;
export const LIVE_CALLS_KEY = [...TELEPHONY_KEY, 'calls'] as const;
const OPERATORS_KEY = [...TELEPHONY_KEY, 'operators'] as const;
const callKey = (id: string) => [...TELEPHONY_KEY, 'call', id] as const;
const callerKey = (id: string) => [...TELEPHONY_KEY, 'caller', id] as const;

/**
 * The event stream says when a call rings, is taken, ends or changes hands; these polls are
 * only the fallback for a stream that is down (a ringing caller must never wait on a refresh).
 */
export const LIVE_CALLS_POLL_MS = 15_000;

/** Ringing calls wait in the queue; these are offered to operators (state `queued`). */
export function isRinging(call: CallDto): boolean {
  return call.state === 'queued';
}

/** A call someone is on: talking, on hold (warm transfer) or being put through. */
export function isOnCall(call: CallDto): boolean {
  return call.state === 'in_progress' || call.state === 'on_hold' || call.state === 'connecting';
}

export function isCallOver(call: CallDto): boolean {
  return call.state === 'completed' || call.state === 'missed' || call.state === 'abandoned';
}

export function usePresence(enabled = true) {
  return useQuery({
    queryKey: PRESENCE_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/telephony/presence')),
    enabled,
    refetchInterval: LIVE_CALLS_POLL_MS * 2,
  });
}

export function useSetPresence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetPresenceDto) => unwrap(api.PUT('/api/v1/telephony/presence', { body })),
    onSuccess: (presence: PresenceDto) => {
      queryClient.setQueryData(PRESENCE_KEY, presence);
      void queryClient.invalidateQueries({ queryKey: OPERATORS_KEY });
    },
  });
}

/** Colleagues in my offices who take calls, with their presence (transfer targets, assignee pickers, the supervisor's view). */
export function useOperators(enabled = true) {
  return useQuery({
    queryKey: OPERATORS_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/telephony/operators')),
    enabled,
    staleTime: 10_000,
  });
}

/** Calls ringing, waiting, on hold or in progress in my offices, oldest first. */
export function useLiveCalls(enabled = true) {
  return useQuery({
    queryKey: LIVE_CALLS_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/telephony/calls')),
    enabled,
    refetchInterval: LIVE_CALLS_POLL_MS,
    staleTime: 5_000,
  });
}

/** One call, also once it is over (the intake's call bar). */
export function useCall(id: string | null) {
  return useQuery({
    queryKey: callKey(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/telephony/calls/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
    refetchInterval: (query) => (query.state.data && isCallOver(query.state.data) ? false : LIVE_CALLS_POLL_MS),
    staleTime: 5_000,
  });
}

/** What I may see about a ringing caller's number (flags, people, contacts, cases), before answering; null when withheld. */
export function useCallCaller(id: string | null, enabled = true) {
  return useQuery({
    queryKey: callerKey(id ?? ''),
    queryFn: async () => (await unwrap(api.GET('/api/v1/telephony/calls/{id}/caller', { params: { path: { id: id ?? '' } } }))) as CallerHistoryDto | null,
    enabled: !!id && enabled,
    staleTime: 30_000,
  });
}

/** Keeps the answer of a call action in the cache and refreshes the lists it changes. */
function useCallAction<V>(call: (vars: V) => Promise<CallDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (result) => queryClient.setQueryData(callKey(result.id), result),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: LIVE_CALLS_KEY });
      void queryClient.invalidateQueries({ queryKey: PRESENCE_KEY });
      void queryClient.invalidateQueries({ queryKey: OPERATORS_KEY });
    },
  });
}

/** Takes a ringing call; the softphone then picks up the ring the API sends this console. */
export function useAnswerCall() {
  const softphone = useSoftphone();
  return useCallAction(async (id: string) => {
    softphone?.expect(ringForCall(id));
    return unwrap(api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id } } }));
  });
}

export function useHoldCall() {
  return useCallAction((id: string) => unwrap(api.POST('/api/v1/telephony/calls/{id}/hold', { params: { path: { id } } })));
}

/** Brings the caller back: the API rings this console again with the same call. */
export function useResumeCall() {
  const softphone = useSoftphone();
  return useCallAction(async (id: string) => {
    softphone?.expect(ringForCall(id));
    return unwrap(api.POST('/api/v1/telephony/calls/{id}/resume', { params: { path: { id } } }));
  });
}

export function useHangUpCall() {
  const softphone = useSoftphone();
  return useCallAction(async (id: string) => {
    const ended = await unwrap(api.POST('/api/v1/telephony/calls/{id}/hang-up', { params: { path: { id } } }));
    if (softphone?.state.activeRing === ringForCall(id)) softphone.endCall();
    return ended;
  });
}

export function useTransferCall() {
  return useCallAction(({ id, toUserId, mode }: { id: string; toUserId: string; mode: TransferMode }) =>
    unwrap(api.POST('/api/v1/telephony/calls/{id}/transfer', { params: { path: { id } }, body: { toUserId, mode } })),
  );
}

export function useCompleteTransfer() {
  return useCallAction((id: string) => unwrap(api.POST('/api/v1/telephony/calls/{id}/transfer/complete', { params: { path: { id } } })));
}

export function useCancelTransfer() {
  return useCallAction((id: string) => unwrap(api.POST('/api/v1/telephony/calls/{id}/transfer/cancel', { params: { path: { id } } })));
}

/** Re-reads one call (its bar on the intake) and the live list. */
export function useRefreshCall() {
  const queryClient = useQueryClient();
  return (id?: string | null) => {
    if (id) void queryClient.invalidateQueries({ queryKey: callKey(id) });
    void queryClient.invalidateQueries({ queryKey: LIVE_CALLS_KEY });
    void queryClient.invalidateQueries({ queryKey: PRESENCE_KEY });
  };
}

/** The current time, updated every `ms` while `active` (waiting times tick on screen). */
export function useNow(ms: number, active: boolean): number {
  const [now, setNow] = useState(() => consoleClock.nowMs());
  useEffect(() => {
    if (!active) return;
    setNow(consoleClock.nowMs());
    const timer = window.setInterval(() => setNow(consoleClock.nowMs()), ms);
    return () => window.clearInterval(timer);
  }, [ms, active]);
  return now;
}

/** Seconds as m:ss or h:mm:ss (a waiting or talking time). */
export function formatSeconds(total: number): string {
  const seconds = Math.max(0, Math.floor(total));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
