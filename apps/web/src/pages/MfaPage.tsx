import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { AuthFrame } from '../modules/auth/components/AuthFrame';
import { MfaForm } from '../modules/auth/components/MfaForm';
import { PendingSessionGate } from '../modules/auth/components/PendingSessionGate';
import { pathForState } from '../modules/auth/session';

export function MfaPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  const onVerified = (session: SessionDto) =>
    navigate(session.state === 'active' && from && !from.startsWith('/login') ? from : pathForState(session.state), { replace: true });

  return (
    <AuthFrame title={t('auth.mfa.title')}>
      <PendingSessionGate state="mfa_required">
        <MfaForm onVerified={onVerified} />
      </PendingSessionGate>
    </AuthFrame>
  );
}
