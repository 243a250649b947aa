import { AppShell } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/hooks/use-session';
import { pathForState } from '../auth/session';
import { ErrorAlert, LoadingState, MAIN_CONTENT_ID, SkipLink, useThemeOther } from '../ui';
import { ApiError } from '../api/errors';
import { hasPermission } from '../auth/session';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { SoftphoneProvider } from '../softphone/SoftphoneProvider';
import { IncomingCallsPanel } from '../telephony/components/IncomingCallsPanel';
import { LiveNotices } from './LiveNotices';
import { useAdoptProfileLocale } from './use-adopt-profile-locale';
import { AccountControls } from './AccountControls';
import { AppHeader } from './AppHeader';
import { Navigation } from './Navigation';

/** Frame of every signed-in page: skip link, header, navigation and the main region. */
export function AppLayout() {
  const { t } = useTranslation();
  const other = useThemeOther();
  const [navOpened, { toggle, close }] = useDisclosure(false);
  // Mantine's `sm` breakpoint (48em), read at once: one copy of the account's controls in the page, never two.
  const compact = !useMediaQuery('(min-width: 48em)', undefined, { getInitialValueInEffect: false });
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  useAdoptProfileLocale(session.data);

  // After in-app navigation (not on first load, where the skip link should come first),
  // move focus to the main region so keyboard and screen reader users start at the content;
  // unless the new page already put focus on its first field (the intake form does: during a
  // live call the operator types at once). Pages' effects run before this one.
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    const main = document.getElementById(MAIN_CONTENT_ID);
    if (main && main !== document.activeElement && main.contains(document.activeElement)) return;
    main?.focus({ preventScroll: true });
  }, [location.pathname]);

  if (session.isPending) return <LoadingState />;
  if (session.isError) {
    if (session.error instanceof ApiError && session.error.status === 401) {
      return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
    }
    return <ErrorAlert error={session.error} />;
  }
  if (session.data.state !== 'active') return <Navigate to={pathForState(session.data.state)} replace />;

  const live = hasPermission(session.data, 'alerts.read');
  const answersCalls = hasPermission(session.data, 'telephony.answer');

  const shell = (
    <>
      <SkipLink />
      <AppShell header={{ height: other.headerHeight }} navbar={{ width: other.navbarWidth, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
        <AppShell.Header>
          <AppHeader
            session={session.data}
            navOpened={navOpened}
            onToggleNav={toggle}
            onSignedOut={() => navigate('/login', { replace: true })}
            compact={compact}
          />
        </AppShell.Header>
        {/* A closed menu on a phone is only moved off screen: `inert` keeps the keyboard and screen readers out of it too. */}
        <AppShell.Navbar p="sm" id="app-navigation" aria-label={t('nav.label')} data-testid="nav" inert={compact && !navOpened}>
          <Navigation session={session.data} onNavigate={close} />
          {compact ? <AccountControls session={session.data} onSignedOut={() => navigate('/login', { replace: true })} inMenu /> : null}
        </AppShell.Navbar>
        <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
          {answersCalls ? <IncomingCallsPanel session={session.data} /> : null}
          <Outlet />
        </AppShell.Main>
      </AppShell>
      <LiveNotices session={session.data} />
    </>
  );
  return <RealtimeProvider enabled={live}>{answersCalls ? <SoftphoneProvider session={session.data}>{shell}</SoftphoneProvider> : shell}</RealtimeProvider>;
}
