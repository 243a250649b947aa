import type { components } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

type Schemas = components['schemas'];
export type NotificationPreferences = Schemas['NotificationPreferencesDto'];
export type NotificationPreference = Schemas['NotificationPreferenceDto'];
export type MailOverview = Schemas['MailOverviewDto'];
export type MailFailure = Schemas['MailFailureDto'];

const PREFERENCES_KEY = ['notifications', 'preferences'] as const;
const MAIL_OVERVIEW_KEY = ['admin', 'mails'] as const;

/** How each kind of e-mail notification reaches me (only the kinds my roles receive). */
export function useNotificationPreferences() {
  return useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/auth/me/notification-preferences')),
  });
}

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: NotificationPreference[]) => unwrap(api.PUT('/api/v1/auth/me/notification-preferences', { body: { items } })),
    onSuccess: (saved) => queryClient.setQueryData(PREFERENCES_KEY, saved),
  });
}

/** For administrators: how e-mail delivery stands, and the mails given up. */
export function useMailOverview() {
  return useQuery({
    queryKey: MAIL_OVERVIEW_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/admin/mails')),
    refetchInterval: 30_000,
  });
}

export function useRetryMails() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => unwrap(api.POST('/api/v1/admin/mails/retry', { body: { ids } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: MAIL_OVERVIEW_KEY }),
  });
}
