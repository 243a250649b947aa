import type { components } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

type Schemas = components['schemas'];
export type RetentionSettings = Schemas['RetentionSettingsDto'];
export type UpdateRetentionSettings = Schemas['UpdateRetentionSettingsDto'];
export type RetentionReport = Schemas['RetentionReportDto'];

/** The API's bounds for a retention period, in days. */
export const RETENTION_DAYS_MIN = 30;
export const RETENTION_DAYS_MAX = 36500;

export const RETENTION_KEY = ['retention'] as const;

export function useRetentionSettings() {
  return useQuery({
    queryKey: RETENTION_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/admin/retention')),
  });
}

/** Saves both periods with the `version` read (409 `version_conflict` when someone saved meanwhile). */
export function useUpdateRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRetentionSettings) => unwrap(api.PUT('/api/v1/admin/retention', { body })),
    onSuccess: (saved) => queryClient.setQueryData(RETENTION_KEY, saved),
  });
}

/** What a run would anonymise now (nothing changes). */
export function usePreviewRetention() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/admin/retention/preview')) });
}

/** Anonymises now: cannot be undone. */
export function useRunRetention() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/admin/retention/run')) });
}
