import type { SessionDto } from '@mayak/api-client';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { AuthFrame } from '../modules/auth/components/AuthFrame';
import { LoginForm } from '../modules/auth/components/LoginForm';
import { pathForState } from '../modules/auth/session';
import { loadConsole } from '../app/load-console';

/** Once the form is drawn and the browser is idle, the console past it loads while the user types (cached for after sign-in). */
const PRELOAD_AT_LATEST_MS = 500;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const state = location.state as { from?: string; passwordSetFor?: string } | null;
  const from = state?.from;

  useEffect(() => {
    const preload = () => void loadConsole().catch(() => undefined);
    // Safari has no requestIdleCallback: a short timer there.
    if (typeof window.requestIdleCallback === 'function') {
      const idle = window.requestIdleCallback(preload, { timeout: PRELOAD_AT_LATEST_MS });
      return () => window.cancelIdleCallback(idle);
    }
    const timer = setTimeout(preload, PRELOAD_AT_LATEST_MS);
    return () => clearTimeout(timer);
  }, []);

  const onSignedIn = (session: SessionDto) => {
    const target = session.state === 'active' && from && !from.startsWith('/login') ? from : pathForState(session.state);
    void navigate(target, { replace: true, state: session.state === 'active' ? null : { from } });
  };

  return (
    <AuthFrame title={t('auth.login.title')}>
      <LoginForm onSignedIn={onSignedIn} initialEmail={state?.passwordSetFor ?? ''} notice={state?.passwordSetFor ? t('auth.login.passwordSet') : undefined} />
    </AuthFrame>
  );
}
