import type { CallbackDto, components, FlagDto, ScheduleCallbackDto } from '@mayak/api-client';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { CASES_KEY } from '@web/modules/cases/hooks/use-cases';
import { ringForCallback } from '@web/modules/softphone/softphone';
import { useSoftphone } from '@web/modules/softphone/SoftphoneProvider';

type Schemas = components['schemas'];
export type CallbackOutcome = Schemas['CallbackOutcome'];
export type CallbackView = 'due' | 'overdue' | 'today' | 'upcoming' | 'open' | 'closed';

export const CALLBACKS_KEY = ['callbacks'] as const;
const callbackKey = (id: string) => [...CALLBACKS_KEY, 'one', id] as const;
export const CALLBACK_PAGE_SIZE = 25;
/** The due list also refreshes on this beat, besides `callback.due` events. */
const CALLBACKS_POLL_MS = 60_000;

export interface CallbackListParams {
  view: CallbackView;
  officeId?: string;
  /** 'me', 'none' (the office's queue) or a user id. */
  assignee?: string;
  caseId?: string;
}

/** The API types a callback's flags loosely; they are the same flags as a contact's. */
export function flagsOf(callback: Pick<CallbackDto, 'flags'>): FlagDto[] {
  return callback.flags as unknown as FlagDto[];
}

export function useCallbackList(params: CallbackListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...CALLBACKS_KEY, 'list', params],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/callbacks', { params: { query: { ...params, limit: CALLBACK_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: params.view === 'closed' ? false : CALLBACKS_POLL_MS,
    enabled,
  });
}

/** One callback with its attempts log (the detail drawer). */
export function useCallbackById(id: string | null) {
  return useQuery({
    queryKey: callbackKey(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/callbacks/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

/** Every change answers with the callback: keep it, refresh the lists (and the case, whose timeline records it). */
function useCallbackMutation<V>(call: (vars: V) => Promise<CallbackDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (callback) => {
      queryClient.setQueryData(callbackKey(callback.id), callback);
      if (callback.caseId) void queryClient.invalidateQueries({ queryKey: CASES_KEY });
    },
    // A stale version (409) means our copy is old: reload either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: CALLBACKS_KEY }),
  });
}

export function useScheduleCallback() {
  return useCallbackMutation((body: ScheduleCallbackDto) => unwrap(api.POST('/api/v1/callbacks', { body })));
}

/** Places the call: the API rings this console first (showing the hotline's number to the client), and the softphone picks up. */
export function usePlaceCallback() {
  const softphone = useSoftphone();
  return useCallbackMutation(async (cb: CallbackDto) => {
    softphone?.expect(ringForCallback(cb.id));
    return unwrap(api.POST('/api/v1/callbacks/{id}/place', { params: { path: { id: cb.id } }, body: { version: cb.version } }));
  });
}

export function useRecordCallbackOutcome() {
  return useCallbackMutation(({ cb, outcome, notes }: { cb: CallbackDto; outcome: CallbackOutcome; notes?: string }) =>
    unwrap(
      api.POST('/api/v1/callbacks/{id}/outcome', { params: { path: { id: cb.id } }, body: { version: cb.version, outcome, ...(notes ? { notes } : {}) } }),
    ),
  );
}

export function useRescheduleCallback() {
  return useCallbackMutation(({ cb, dueAt, assigneeId }: { cb: CallbackDto; dueAt: string; assigneeId?: string | null }) =>
    unwrap(
      api.POST('/api/v1/callbacks/{id}/reschedule', {
        params: { path: { id: cb.id } },
        body: { version: cb.version, dueAt, ...(assigneeId !== undefined ? { assigneeId } : {}) },
      }),
    ),
  );
}

export function useCancelCallback() {
  return useCallbackMutation(({ cb, reason }: { cb: CallbackDto; reason: string }) =>
    unwrap(api.POST('/api/v1/callbacks/{id}/cancel', { params: { path: { id: cb.id } }, body: { version: cb.version, reason } })),
  );
}

/** What a person may do with a callback now, from its `allowed` moves (the API's state machine). */
export function callbackActions(cb: CallbackDto) {
  return {
    place: cb.method === 'voice' && cb.allowed.includes('in_progress'),
    outcome: cb.status === 'in_progress',
    reschedule: cb.status === 'scheduled' || cb.allowed.includes('scheduled'),
    cancel: cb.allowed.includes('cancelled'),
  };
}

export function callbackStatusColor(status: string): string {
  switch (status) {
    case 'due':
      return 'orange';
    case 'in_progress':
      return 'cyan';
    case 'completed':
      return 'green';
    case 'no_answer':
      return 'yellow';
    case 'failed':
      return 'red';
    case 'cancelled':
      return 'gray';
    default:
      return 'blue';
  }
}
