import type { components } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { CASES_KEY } from './use-cases';

type Schemas = components['schemas'];
export type PlanDto = Schemas['PlanDto'];
export type CreatePlanBody = Schemas['CreatePlanDto'];
export type UpdatePlanBody = Schemas['UpdatePlanDto'];
export type ReviewPlanBody = Schemas['ReviewPlanDto'];
export type ClosePlanBody = Schemas['ClosePlanDto'];
export type AssessmentFactor = Schemas['AssessmentFactorDto'];

/** Plans shown on the case page at once: a case has a handful, never a long list. */
export const PLANS_SHOWN = 50;

const plansKey = (caseId: string) => [...CASES_KEY, 'plans', caseId] as const;

export function usePlans(caseId: string) {
  return useQuery({
    queryKey: plansKey(caseId),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{caseId}/plans', { params: { path: { caseId }, query: { limit: PLANS_SHOWN } } })),
  });
}

/**
 * A plan's change may make, move, complete or cancel its review task: refresh the plans, the
 * case's tasks, its timeline and the signed-in user's own task list with it.
 */
function usePlanMutation<V>(caseId: string, call: (vars: V) => Promise<PlanDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: plansKey(caseId) });
      void queryClient.invalidateQueries({ queryKey: [...CASES_KEY, 'tasks', caseId] });
      void queryClient.invalidateQueries({ queryKey: [...CASES_KEY, 'timeline', caseId] });
      void queryClient.invalidateQueries({ queryKey: ['work-queue', 'tasks'] });
    },
  });
}

export function useCreatePlan(caseId: string) {
  return usePlanMutation(caseId, (body: CreatePlanBody) => unwrap(api.POST('/api/v1/cases/{caseId}/plans', { params: { path: { caseId } }, body })));
}

export function useUpdatePlan(caseId: string) {
  return usePlanMutation(caseId, ({ planId, body }: { planId: string; body: UpdatePlanBody }) =>
    unwrap(api.PATCH('/api/v1/cases/{caseId}/plans/{planId}', { params: { path: { caseId, planId } }, body })),
  );
}

export function useReviewPlan(caseId: string) {
  return usePlanMutation(caseId, ({ planId, body }: { planId: string; body: ReviewPlanBody }) =>
    unwrap(api.POST('/api/v1/cases/{caseId}/plans/{planId}/review', { params: { path: { caseId, planId } }, body })),
  );
}

export function useClosePlan(caseId: string) {
  return usePlanMutation(caseId, ({ planId, body }: { planId: string; body: ClosePlanBody }) =>
    unwrap(api.POST('/api/v1/cases/{caseId}/plans/{planId}/close', { params: { path: { caseId, planId } }, body })),
  );
}
