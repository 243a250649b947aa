import type { components } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { WORK_QUEUE_KEY } from '@web/modules/home/hooks/use-work-queue';
import { CASES_KEY } from './use-cases';

export type CaseTransferDto = components['schemas']['CaseTransferDto'];

const transfersKey = (caseId: string) => [...CASES_KEY, 'transfers', caseId] as const;
const INCOMING_KEY = [...CASES_KEY, 'transfers', 'incoming'] as const;
/** How many incoming requests the cases screen shows at once (a receiving office rarely has more waiting). */
export const INCOMING_SHOWN = 50;

/** A case's transfer requests and their answers, newest first. */
export function useCaseTransfers(caseId: string) {
  return useQuery({
    queryKey: transfersKey(caseId),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/transfers', { params: { path: { id: caseId } } })),
  });
}

/** The offices a case may be sent to (names only). */
export function useTransferOffices(enabled: boolean) {
  return useQuery({
    queryKey: [...CASES_KEY, 'transfer-offices'],
    queryFn: () => unwrap(api.GET('/api/v1/case-transfers/offices')),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Pending requests to the offices the signed-in supervisor works for, the oldest first. */
export function useIncomingTransfers(enabled: boolean, limit = INCOMING_SHOWN) {
  return useQuery({
    queryKey: [...INCOMING_KEY, limit],
    queryFn: () => unwrap(api.GET('/api/v1/case-transfers/incoming', { params: { query: { limit, offset: 0 } } })),
    enabled,
    refetchInterval: 30_000,
  });
}

/** Any answer changes the case, its lists, its timeline and what waits on the home page. */
function useTransferMutation<V>(call: (vars: V) => Promise<CaseTransferDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    // Not awaited: the lists refresh behind the answer, and the caller's own callbacks (close, navigate) run at once.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: [...CASES_KEY] });
      void queryClient.invalidateQueries({ queryKey: [...WORK_QUEUE_KEY] });
    },
  });
}

export function useRequestTransfer(caseId: string) {
  return useTransferMutation((body: components['schemas']['RequestTransferDto']) =>
    unwrap(api.POST('/api/v1/cases/{id}/transfers', { params: { path: { id: caseId } }, body })),
  );
}

export function useWithdrawTransfer() {
  return useTransferMutation((id: string) => unwrap(api.POST('/api/v1/case-transfers/{id}/withdraw', { params: { path: { id } } })));
}

export function useAcceptTransfer() {
  return useTransferMutation(({ id, assigneeId }: { id: string; assigneeId: string | null }) =>
    unwrap(api.POST('/api/v1/case-transfers/{id}/accept', { params: { path: { id } }, body: { assigneeId } })),
  );
}

export function useDeclineTransfer() {
  return useTransferMutation(({ id, reason }: { id: string; reason: string }) =>
    unwrap(api.POST('/api/v1/case-transfers/{id}/decline', { params: { path: { id } }, body: { reason } })),
  );
}
