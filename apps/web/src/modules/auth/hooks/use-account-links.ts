import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

/** "Forgot your password?": the answer is the same for every address. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });
}

/** What an invitation or reset link opens; never retried (a refused link stays refused). */
export function useAccountLink(token: string | null) {
  return useQuery({
    queryKey: ['account-link', token],
    queryFn: () => unwrap(api.POST('/api/v1/auth/account-link', { body: { token: token ?? '' } })),
    enabled: token !== null,
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });
}

export function useCompleteAccountLink() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) => unwrap(api.POST('/api/v1/auth/account-link/password', { body })),
  });
}
