import { setCsrfToken, type SessionDto } from '@mayak/api-client';
import { useQuery } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { SESSION_KEY } from '../session';

/** The signed-in session from GET /auth/me; errors (401) mean "not signed in". */
export function useSession() {
  return useQuery<SessionDto>({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const session = await unwrap(api.GET('/api/v1/auth/me'));
      setCsrfToken(session.csrfToken);
      return session;
    },
    retry: false,
    staleTime: 60_000,
  });
}
