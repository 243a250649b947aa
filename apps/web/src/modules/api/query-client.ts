import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './errors';

// 401s that mean "wrong code or password", answered on the sign-in screens themselves.
const FORM_401_CODES = new Set(['invalid_credentials', 'mfa_invalid_code']);

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** The shell subscribes to go to /login whenever the session is gone. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function handleError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && !FORM_401_CODES.has(error.code)) {
    unauthenticatedListeners.forEach((listener) => listener());
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: handleError }),
    mutationCache: new MutationCache({ onError: handleError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Client errors will not heal by retrying; network and 5xx might.
        retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
