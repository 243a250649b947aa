import type { CasePriority, CaseStatus, CaseType } from '@mayak/domain';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import type { CaseDto, ChangeStatusBody, CreateTaskBody, GiveConsentBody, UpdateCaseBody, UpdateTaskBody } from '../types';

export const CASES_KEY = ['cases'] as const;
const caseKey = (id: string) => [...CASES_KEY, 'one', id] as const;
const timelineKey = (id: string) => [...CASES_KEY, 'timeline', id] as const;
const tasksKey = (id: string) => [...CASES_KEY, 'tasks', id] as const;

export interface CaseListParams {
  q?: string;
  status?: CaseStatus[];
  priority?: CasePriority;
  type?: CaseType;
  assignee?: string;
  sharedWithMe?: boolean;
  from?: string;
  to?: string;
}

export const CASE_PAGE_SIZE = 25;

export function useCaseList(params: CaseListParams) {
  return useInfiniteQuery({
    queryKey: [...CASES_KEY, 'list', params],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/cases', { params: { query: { ...params, limit: CASE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: caseKey(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

/** Newest first; "Load more" goes back in time. */
export function useTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: timelineKey(id),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id }, query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTasks(id: string) {
  return useQuery({
    queryKey: tasksKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/tasks', { params: { path: { id } } })),
  });
}

/** Case workers and supervisors of an office (whom a case or task may be given to). */
export function useAssignableUsers(officeId: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: [...CASES_KEY, 'assignable', officeId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/assignable-users', { params: { query: { officeId: officeId ?? '' } } })),
    enabled: !!officeId && enabled,
    staleTime: 5 * 60_000,
  });
}

/**
 * Every change to a case answers with the case: keep it, and refresh what the change may
 * have added to (timeline, lists). A failed change (409: someone else was first) reloads.
 */
function useCaseMutation<V, R extends CaseDto | void>(id: string, call: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (result) => {
      if (result) queryClient.setQueryData(caseKey(id), result);
    },
    onSettled: (_result, error) => {
      if (error) void queryClient.invalidateQueries({ queryKey: caseKey(id) });
      void queryClient.invalidateQueries({ queryKey: timelineKey(id) });
      void queryClient.invalidateQueries({ queryKey: [...CASES_KEY, 'list'] });
    },
  });
}

export function useUpdateCase(id: string) {
  return useCaseMutation(id, (body: UpdateCaseBody) => unwrap(api.PATCH('/api/v1/cases/{id}', { params: { path: { id } }, body })));
}

export function useChangeStatus(id: string) {
  return useCaseMutation(id, (body: ChangeStatusBody) => unwrap(api.POST('/api/v1/cases/{id}/status', { params: { path: { id } }, body })));
}

export function useApproveClosure(id: string) {
  return useCaseMutation(id, (version: number) => unwrap(api.POST('/api/v1/cases/{id}/closure-approval', { params: { path: { id } }, body: { version } })));
}

export function useRequestClosureApproval(id: string) {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/cases/{id}/closure-approval-request', { params: { path: { id } } })),
  });
}

export function useAssignCase(id: string) {
  return useCaseMutation(id, ({ version, assigneeId }: { version: number; assigneeId: string | null }) =>
    unwrap(api.POST('/api/v1/cases/{id}/assignee', { params: { path: { id } }, body: { version, assigneeId } })),
  );
}

export function useShareCase(id: string) {
  return useCaseMutation(id, (userId: string) => unwrap(api.POST('/api/v1/cases/{id}/shares', { params: { path: { id } }, body: { userId } })));
}

export function useUnshareCase(id: string) {
  return useCaseMutation(id, (userId: string) => unwrap(api.DELETE('/api/v1/cases/{id}/shares/{userId}', { params: { path: { id, userId } } })));
}

export function useAddNote(id: string) {
  return useCaseMutation(id, async (body: string) => {
    await unwrap(api.POST('/api/v1/cases/{id}/notes', { params: { path: { id } }, body: { body } }));
  });
}

export function useGiveConsent(id: string) {
  return useCaseMutation(id, (body: GiveConsentBody) => unwrap(api.POST('/api/v1/cases/{id}/consents', { params: { path: { id } }, body })));
}

export function useWithdrawConsent(id: string) {
  return useCaseMutation(id, (consentId: string) =>
    unwrap(api.POST('/api/v1/cases/{id}/consents/{consentId}/withdraw', { params: { path: { id, consentId } } })),
  );
}

export function useCreateTask(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTaskBody) => unwrap(api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id } }, body })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: tasksKey(id) });
      void queryClient.invalidateQueries({ queryKey: timelineKey(id) });
    },
  });
}

export function useUpdateTask(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, body }: { taskId: string; body: UpdateTaskBody }) =>
      unwrap(api.PATCH('/api/v1/cases/{id}/tasks/{taskId}', { params: { path: { id, taskId } }, body })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: tasksKey(id) });
      void queryClient.invalidateQueries({ queryKey: timelineKey(id) });
    },
  });
}
