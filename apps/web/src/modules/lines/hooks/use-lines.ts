import type { UpdateLineDto } from '@mayak/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';

const LINES_KEY = ['lines'] as const;

/** The hotline's numbers (a handful), with their opening hours. */
export function useLines() {
  return useQuery({ queryKey: LINES_KEY, queryFn: () => unwrap(api.GET('/api/v1/telephony/lines')) });
}

export function useUpdateLine() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ lineNumber, body }: { lineNumber: string; body: UpdateLineDto }) =>
      unwrap(api.PUT('/api/v1/telephony/lines/{number}', { params: { path: { number: lineNumber } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: LINES_KEY }),
  });
}
