import type { LoginDto, MfaVerifyDto, UpdateMeDto } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { acceptSession, forgetSession } from '../session';
import { clearAllDrafts } from '../../contacts/intake-draft';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginDto) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (session) => acceptSession(queryClient, session, true),
  });
}

export function useVerifyMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MfaVerifyDto) => unwrap(api.POST('/api/v1/auth/mfa/verify', { body })),
    onSuccess: (session) => acceptSession(queryClient, session),
  });
}

/**
 * Starts enrolment once per visit: a query (not an effect) so a re-render or React's
 * strict mode cannot ask the server for a second secret.
 */
export function useMfaEnrolment() {
  return useQuery({
    queryKey: ['mfa-enrolment'],
    queryFn: () => unwrap(api.POST('/api/v1/auth/mfa/enrolment')),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

export function useConfirmEnrolment() {
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code } })),
  });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeDto) => unwrap(api.PATCH('/api/v1/auth/me', { body })),
    onSuccess: (session) => acceptSession(queryClient, session),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/auth/logout'));
    },
    // Signed out either way: a failed logout (e.g. already expired) must not keep the console open.
    // Nothing of a caller stays behind in this browser after a deliberate sign-out.
    onSettled: () => {
      clearAllDrafts();
      forgetSession(queryClient);
    },
  });
}
