import { createBrowserRouter } from 'react-router';
import { AppLayout } from '../modules/shell/AppLayout';
import { LoadingState } from '../modules/ui';
import { EnrolPage } from '../pages/EnrolPage';
import { HomePage } from '../pages/HomePage';
import { LoginPage } from '../pages/LoginPage';
import { MfaPage } from '../pages/MfaPage';
import { NotFoundPage } from '../pages/NotFoundPage';

// Administrative screens load on first visit; operators never download them.
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/login/mfa', element: <MfaPage /> },
  { path: '/login/enrol', element: <EnrolPage /> },
  {
    element: <AppLayout />,
    HydrateFallback: LoadingState,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'admin/users', lazy: async () => ({ Component: (await import('../pages/UsersPage')).UsersPage }) },
      { path: 'admin/offices', lazy: async () => ({ Component: (await import('../pages/OfficesPage')).OfficesPage }) },
      { path: 'admin/queues', lazy: async () => ({ Component: (await import('../pages/QueuesPage')).QueuesPage }) },
      { path: 'audit', lazy: async () => ({ Component: (await import('../pages/AuditPage')).AuditPage }) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
