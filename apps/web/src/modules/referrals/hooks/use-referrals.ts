import type { components } from '@mayak/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { CASES_KEY } from '@web/modules/cases/hooks/use-cases';

type Schemas = components['schemas'];
export type ReferralStatus = Schemas['ReferralStatus'];
export type ReferralOutcome = Schemas['ReferralOutcome'];
export type CreateReferralsBody = Schemas['CreateReferralsDto'];
export type ChangeReferralStatusBody = Schemas['ChangeReferralStatusDto'];

export interface ReferralListParams {
  limit: number;
  offset: number;
  status?: ReferralStatus;
  overdue?: boolean;
  organisationId?: string;
}

export const REFERRALS_KEY = ['referrals'] as const;
const caseReferralsKey = (caseId: string) => [...REFERRALS_KEY, 'case', caseId] as const;
const PARTNER_KEY = [...REFERRALS_KEY, 'partner'] as const;

export function useCaseReferrals(caseId: string) {
  return useQuery({
    queryKey: caseReferralsKey(caseId),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/referrals', { params: { path: { id: caseId } } })),
  });
}

/** After a referral changes, the case (its status may move to "referred") and its timeline change too. */
function useRefreshCase(caseId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: caseReferralsKey(caseId) });
    void queryClient.invalidateQueries({ queryKey: [...REFERRALS_KEY, 'board'] });
    void queryClient.invalidateQueries({ queryKey: CASES_KEY });
  };
}

export function useCreateReferrals(caseId: string) {
  const refresh = useRefreshCase(caseId);
  return useMutation({
    mutationFn: (body: CreateReferralsBody) => unwrap(api.POST('/api/v1/cases/{id}/referrals', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
  });
}

export function useChangeReferralStatus(caseId: string) {
  const refresh = useRefreshCase(caseId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ChangeReferralStatusBody }) =>
      unwrap(api.POST('/api/v1/referrals/{id}/status', { params: { path: { id } }, body })),
    // A stale version (409) means our copy is old: reload either way.
    onSettled: refresh,
  });
}

export function useReferralBoard(params: ReferralListParams) {
  return useQuery({
    queryKey: [...REFERRALS_KEY, 'board', params],
    queryFn: () => unwrap(api.GET('/api/v1/referrals', { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
}

export function usePartnerReferrals(params: ReferralListParams) {
  return useQuery({
    queryKey: [...PARTNER_KEY, 'list', params],
    queryFn: () => unwrap(api.GET('/api/v1/partner/referrals', { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
}

export function usePartnerReferral(id: string | null) {
  return useQuery({
    queryKey: [...PARTNER_KEY, 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/partner/referrals/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

export function usePartnerAnswer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ChangeReferralStatusBody }) =>
      unwrap(api.POST('/api/v1/partner/referrals/{id}/status', { params: { path: { id } }, body })),
    onSuccess: (referral) => queryClient.setQueryData([...PARTNER_KEY, 'one', referral.id], referral),
    onSettled: () => queryClient.invalidateQueries({ queryKey: PARTNER_KEY }),
  });
}

/** Printable letters: plain links (same-origin, the session cookie goes with them), opened in a new tab. */
export function referralLetterUrl(id: string, locale: string): string {
  return `/api/v1/referrals/${encodeURIComponent(id)}/letter?locale=${encodeURIComponent(locale)}`;
}

export function partnerLetterUrl(id: string, locale: string): string {
  return `/api/v1/partner/referrals/${encodeURIComponent(id)}/letter?locale=${encodeURIComponent(locale)}`;
}
