import type { CreateUserDto, Role, UpdateUserDto } from '../types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

export interface UserListParams {
  limit: number;
  offset: number;
  q?: string;
  role?: Role;
  officeId?: string;
  active?: boolean;
}

export const USERS_KEY = ['users'] as const;

export function useUsers(params: UserListParams) {
  return useQuery({
    queryKey: [...USERS_KEY, 'list', params],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserDto) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserDto }) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    // A stale version (409) also means our copy is old: reload either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useResetUserMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/users/{id}/mfa/reset', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

/** A new invitation for someone who has not chosen a password yet, or a reset link for someone who has. */
export function useSendAccountLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, purpose }: { id: string; purpose: 'invitation' | 'password_reset' }) =>
      unwrap(
        purpose === 'invitation'
          ? api.POST('/api/v1/users/{id}/invitation', { params: { path: { id } } })
          : api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id } } }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}
