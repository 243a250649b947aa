import type { components } from '@mayak/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { CASES_KEY } from './use-cases';

export type LegalHoldState = components['schemas']['LegalHoldStateDto'];
export type LegalHoldBody = components['schemas']['LegalHoldDto'];

/** Places or lifts a legal hold (keeps a closed case from being anonymised by retention). */
export function useSetLegalHold(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LegalHoldBody) => unwrap(api.PUT('/api/v1/cases/{id}/legal-hold', { params: { path: { id: caseId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...CASES_KEY] }),
  });
}
