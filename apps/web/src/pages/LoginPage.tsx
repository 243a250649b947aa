import type { SessionDto } from '@mayak/api-client';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { AuthFrame } from '../modules/auth/components/AuthFrame';
import { LoginForm } from '../modules/auth/components/LoginForm';
import { pathForState } from '../modules/auth/session';
import { loadConsole } from '../app/load-console';

/** Once the form is drawn, the console past it loads while the user types (it is cached for after sign-in). */
const PRELOAD_AFTER_MS = 1_000;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  useEffect(() => {
    const timer = window.setTimeout(() => void loadConsole().catch(() => undefined), PRELOAD_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, []);

  const onSignedIn = (session: SessionDto) => {
    const target = session.state === 'active' && from && !from.startsWith('/login') ? from : pathForState(session.state);
    navigate(target, { replace: true, state: session.state === 'active' ? null : { from } });
  };

  return (
    <AuthFrame title={t('auth.login.title')}>
      <LoginForm onSignedIn={onSignedIn} />
    </AuthFrame>
  );
}
