import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { AuthFrame } from '../modules/auth/components/AuthFrame';
import { LoginForm } from '../modules/auth/components/LoginForm';
import { pathForState } from '../modules/auth/session';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

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
