import { contactBackConsent } from '@mayak/domain';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import type { CaseDto } from '@web/modules/cases/types';
import { Button, DataTable, ErrorAlert, Group, LoadingState, LoadMore, Paper, Stack, Title } from '@web/modules/ui';
import { useCallbackList } from '../hooks/use-callbacks';
import { useCallbackColumns } from './CallbacksScreen';
import { ScheduleCallbackDialog } from './ScheduleCallbackDialog';
import { useCallbackActions } from './use-callback-actions';

/** A case's open callbacks, with "Schedule a callback" (to the case client's number). */
export function CaseCallbacks({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const list = useCallbackList({ view: 'open', caseId: c.id }, can('callbacks.read'));
  const actions = useCallbackActions();
  const columns = useCallbackColumns(actions.onAction, actions.placingId, { withCase: false });
  const [scheduling, setScheduling] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  if (!can('callbacks.read')) return null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-callbacks-title" data-testid="case-callbacks">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="case-callbacks-title">
            {t('callbacks.caseSection')}
          </Title>
          {can('callbacks.write') && c.status !== 'closed' ? (
            <Button ref={buttonRef} size="xs" variant="light" onClick={() => setScheduling(true)} data-testid="schedule-callback-button">
              {t('callbacks.schedule.button')}
            </Button>
          ) : null}
        </Group>
        <ErrorAlert error={actions.error} />
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorAlert error={list.error} />
        ) : (
          <>
            <DataTable caption={t('callbacks.caseSection')} columns={columns} rows={rows} rowKey={(cb) => cb.id} rowTestId={(cb) => `callback-row-${cb.id}`} />
            {list.hasNextPage ? <LoadMore shown={rows.length} hasMore loading={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()} /> : null}
          </>
        )}
      </Stack>
      <ScheduleCallbackDialog
        opened={scheduling}
        target={{ caseId: c.id, officeId: c.officeId, hasPhone: true, contactBack: caseContactBack(c) }}
        onClose={() => {
          setScheduling(false);
          window.setTimeout(() => buttonRef.current?.focus(), 0);
        }}
      />
      {actions.dialogs}
    </Paper>
  );
}

/** What the case's consents say about calling its client back (the API applies the same rule). */
function caseContactBack(c: CaseDto) {
  const consents = c.consents.filter((consent) => consent.purpose === 'contact_back');
  return contactBackConsent({
    caseConsentStanding: consents.some((consent) => !consent.withdrawnAt),
    caseConsentWithdrawn: consents.some((consent) => !!consent.withdrawnAt),
  });
}
