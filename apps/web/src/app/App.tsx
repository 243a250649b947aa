import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { setCsrfToken } from '@mayak/api-client';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { createQueryClient, onUnauthenticated } from '../modules/api/query-client';
import { SESSION_KEY } from '../modules/auth/session';
import { cssVariablesResolver, theme } from '../theme';
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
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
