import type { MfaEnrolmentResultDto } from '@mayak/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AuthFrame } from '../modules/auth/components/AuthFrame';
import { EnrolmentForm } from '../modules/auth/components/EnrolmentForm';
import { PendingSessionGate } from '../modules/auth/components/PendingSessionGate';
import { RecoveryCodes } from '../modules/auth/components/RecoveryCodes';
import { acceptSession, pathForState } from '../modules/auth/session';

export function EnrolPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<MfaEnrolmentResultDto | null>(null);

  if (result) {
    // Shown once: the gate is no longer rendered, so the now-active session does not move on
    // until the user says the codes are saved.
    return (
      <AuthFrame title={t('auth.enrol.recoveryTitle')}>
        <RecoveryCodes codes={result.recoveryCodes} onDone={() => navigate(pathForState(result.session.state), { replace: true })} />
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('auth.enrol.title')}>
      <PendingSessionGate state="mfa_enrolment_required">
        <EnrolmentForm
          intro={t('auth.enrol.intro')}
          onConfirmed={(confirmed) => {
            // New session and CSRF token, kept at once.
            acceptSession(queryClient, confirmed.session);
            setResult(confirmed);
          }}
        />
      </PendingSessionGate>
    </AuthFrame>
  );
}
