import type { ChangePasswordDto, LoginDto, MfaVerifyDto, RenewRecoveryCodesDto, UpdateMeDto } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { acceptSession, forgetSession } from '../session';
import { clearAllDrafts, intakeDrafts } from '@web/modules/contacts/intake-draft';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginDto) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (session) => {
      // A new session: its drafts are sealed with a key of its own.
      intakeDrafts.forgetKey();
      acceptSession(queryClient, session, true);
    },
  });
}

export function useVerifyMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MfaVerifyDto) => unwrap(api.POST('/api/v1/auth/mfa/verify', { body })),
    onSuccess: (session) => acceptSession(queryClient, session),
  });
}

/** Starts enrolment with the password given again; each start makes a new secret. */
export function useStartEnrolment() {
  return useMutation({
    mutationFn: (password: string) => unwrap(api.POST('/api/v1/auth/mfa/enrolment', { body: { password } })),
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

const SECOND_FACTOR_KEY = ['second-factor'] as const;

export function useSecondFactor() {
  return useQuery({ queryKey: SECOND_FACTOR_KEY, queryFn: () => unwrap(api.GET('/api/v1/auth/mfa')) });
}

/** After enrolment elsewhere on the page: the account now has a second factor. */
export function useSecondFactorChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: SECOND_FACTOR_KEY });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordDto) => unwrap(api.POST('/api/v1/auth/password', { body })),
    // The session got a new token and CSRF token; every other session of the account ended.
    onSuccess: (session) => acceptSession(queryClient, session),
  });
}

export function useRenewRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RenewRecoveryCodesDto) => unwrap(api.POST('/api/v1/auth/mfa/recovery-codes', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SECOND_FACTOR_KEY }),
  });
}
