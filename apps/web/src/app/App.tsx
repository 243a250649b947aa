import { setCsrfToken } from '@mayak/api-client';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { createQueryClient, onUnauthenticated } from '../modules/api/query-client';
import { SESSION_KEY } from '../modules/auth/session';
import { router } from './router';

export function App() {
  const [queryClient] = useState(createQueryClient);

  // Any 401 outside the sign-in forms means the session is gone: back to sign-in,
  // remembering where the user was.
  useEffect(
    () =>
      onUnauthenticated(() => {
        setCsrfToken(null);
        const { pathname, search } = router.state.location;
        if (pathname.startsWith('/login')) return;
        queryClient.removeQueries({ queryKey: SESSION_KEY });
        void router.navigate('/login', { replace: true, state: { from: pathname + search } });
      }),
    [queryClient],
  );

  return (
    // Mantine's provider is inside the router (ConsoleRoot): the login form is drawn without it.
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
