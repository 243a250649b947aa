import { createBrowserRouter, redirect } from 'react-router';
import { LoginPage } from '../pages/LoginPage';
import { loadConsole } from './load-console';
import { PageLoading } from './PageLoading';

// Screens load on first visit: operators never download the administrative ones, and the
// login form waits for neither the component library nor the signed-in shell (its live events,
// softphone and code lists).
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    lazy: async () => ({ Component: await loadConsole() }),
    HydrateFallback: PageLoading,
    children: [
      { path: '/login/mfa', lazy: async () => ({ Component: (await import('../pages/MfaPage')).MfaPage }) },
      { path: '/login/enrol', lazy: async () => ({ Component: (await import('../pages/EnrolPage')).EnrolPage }) },
      { path: '/login/forgot', lazy: async () => ({ Component: (await import('../pages/ForgotPasswordPage')).ForgotPasswordPage }) },
      { path: '/login/link', lazy: async () => ({ Component: (await import('../pages/AccountLinkPage')).AccountLinkPage }) },
      {
        lazy: async () => ({ Component: (await import('../modules/shell/AppLayout')).AppLayout }),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('../pages/HomePage')).HomePage }) },
          { path: 'account', lazy: async () => ({ Component: (await import('../pages/AccountPage')).AccountPage }) },
          { path: 'dashboard', lazy: async () => ({ Component: (await import('../pages/DashboardPage')).DashboardPage }) },
          { path: 'admin/users', lazy: async () => ({ Component: (await import('../pages/UsersPage')).UsersPage }) },
          { path: 'admin/offices', lazy: async () => ({ Component: (await import('../pages/OfficesPage')).OfficesPage }) },
          { path: 'admin/retention', lazy: async () => ({ Component: (await import('../pages/RetentionPage')).RetentionPage }) },
          { path: 'admin/queues', lazy: async () => ({ Component: (await import('../pages/QueuesPage')).QueuesPage }) },
          { path: 'admin/merges', lazy: async () => ({ Component: (await import('../pages/PersonMergesPage')).PersonMergesPage }) },
          { path: 'intake', lazy: async () => ({ Component: (await import('../pages/IntakePage')).IntakePage }) },
          { path: 'contacts', lazy: async () => ({ Component: (await import('../pages/ContactsPage')).ContactsPage }) },
          { path: 'contacts/:id', lazy: async () => ({ Component: (await import('../pages/ContactPage')).ContactPage }) },
          { path: 'cases', lazy: async () => ({ Component: (await import('../pages/CasesPage')).CasesPage }) },
          { path: 'cases/:id', lazy: async () => ({ Component: (await import('../pages/CasePage')).CasePage }) },
          { path: 'people', lazy: async () => ({ Component: (await import('../pages/PeoplePage')).PeoplePage }) },
          { path: 'people/:id', lazy: async () => ({ Component: (await import('../pages/PersonPage')).PersonPage }) },
          { path: 'people/:id/merge/:otherId', lazy: async () => ({ Component: (await import('../pages/PersonMergePage')).PersonMergePage }) },
          { path: 'alerts', lazy: async () => ({ Component: (await import('../pages/AlertsPage')).AlertsPage }) },
          { path: 'callbacks', lazy: async () => ({ Component: (await import('../pages/CallbacksPage')).CallbacksPage }) },
          { path: 'conversations', lazy: async () => ({ Component: (await import('../pages/ConversationsPage')).ConversationsPage }) },
          { path: 'conversations/:conversationId', lazy: async () => ({ Component: (await import('../pages/ConversationsPage')).ConversationsPage }) },
          // Links saved before the screen took the API's name.
          {
            path: 'messages/:conversationId?',
            loader: ({ params }) => redirect(params.conversationId ? `/conversations/${params.conversationId}` : '/conversations'),
          },
          { path: 'referrals', lazy: async () => ({ Component: (await import('../pages/ReferralsPage')).ReferralsPage }) },
          { path: 'directory', lazy: async () => ({ Component: (await import('../pages/DirectoryPage')).DirectoryPage }) },
          { path: 'knowledge', lazy: async () => ({ Component: (await import('../pages/KnowledgePage')).KnowledgePage }) },
          { path: 'quick-replies', lazy: async () => ({ Component: (await import('../pages/QuickRepliesPage')).QuickRepliesPage }) },
          { path: 'partner', lazy: async () => ({ Component: (await import('../pages/PartnerPage')).PartnerPage }) },
          { path: 'exports', lazy: async () => ({ Component: (await import('../pages/ExportsPage')).ExportsPage }) },
          { path: 'audit', lazy: async () => ({ Component: (await import('../pages/AuditPage')).AuditPage }) },
          { path: '*', lazy: async () => ({ Component: (await import('../pages/NotFoundPage')).NotFoundPage }) },
        ],
      },
    ],
  },
]);
