import type { SessionState } from '@mayak/api-client';
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { ErrorAlert, LoadingState } from '@web/modules/ui';
import { ApiError } from '@web/modules/api/errors';
import { useSession } from '../hooks/use-session';
import { pathForState } from '../session';

/** Shows a second-factor step only to a session that is waiting for it. */
export function PendingSessionGate({ state, children }: { state: SessionState; children: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <LoadingState />;
  if (session.isError) {
    return session.error instanceof ApiError && session.error.status === 401 ? <Navigate to="/login" replace /> : <ErrorAlert error={session.error} />;
  }
  if (session.data.state !== state) return <Navigate to={pathForState(session.data.state)} replace />;
  return <>{children}</>;
}
