import type { CallbackDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTimeIn } from '@web/modules/i18n/format';
import { FlagList } from '@web/modules/people/components/FlagList';
import { Anchor, DataTable, DetailDrawer, ErrorAlert, LoadingState, SimpleGrid, Stack, StatusBadge, Text, Title, type Column } from '@web/modules/ui';
import { callbackStatusColor, flagsOf, useCallbackById } from '../hooks/use-callbacks';
import { CallbackActions, type CallbackAction } from './CallbackActions';
import { SafeWindowText } from './CallbackDialogs';
import { VoicemailPanel } from '@web/modules/voicemail/VoicemailPanel';

type Attempt = CallbackDto['attemptsLog'][number];

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** One callback in a side drawer: everything about it, its attempts log, and the moves it allows. */
export function CallbackDetail({
  id,
  onClose,
  onAction,
  placingId,
}: {
  id: string | null;
  onClose: () => void;
  onAction: (action: CallbackAction, callback: CallbackDto) => void;
  placingId: string | null;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatIn = useFormatDateTimeIn();
  const callback = useCallbackById(id);
  const cb = callback.data;
  // Every time in the drawer on one clock: the callback's (the client's window, else the office's).
  const zone = cb?.timeZone ?? 'Asia/Almaty';

  const columns: Column<Attempt>[] = [
    { key: 'number', header: '#', cell: (a) => a.number },
    { key: 'operator', header: t('callbacks.attemptOperator'), cell: (a) => a.operator?.displayName ?? t('common.none') },
    { key: 'startedAt', header: t('callbacks.attemptStarted'), cell: (a) => formatIn(a.startedAt, zone) },
    { key: 'endedAt', header: t('callbacks.attemptEnded'), cell: (a) => (a.endedAt ? formatIn(a.endedAt, zone) : t('common.none')) },
    { key: 'outcome', header: t('callbacks.attemptOutcome'), cell: (a) => codes.label('callbackOutcome', a.outcome) },
  ];

  return (
    <DetailDrawer opened={!!id} onClose={onClose} title={t('callbacks.detailTitle')}>
      {callback.isPending ? (
        <LoadingState />
      ) : callback.isError ? (
        <ErrorAlert error={callback.error} />
      ) : cb ? (
        <Stack gap="md" data-testid="callback-detail" data-status={cb.status}>
          <FlagList flags={flagsOf(cb)} title={t('caller.flagged')} />
          {cb.contactId ? <VoicemailPanel contactId={cb.contactId} /> : null}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Field label={t('common.status')}>
              <StatusBadge color={callbackStatusColor(cb.status)}>{codes.label('callbackStatus', cb.status)}</StatusBadge>
            </Field>
            <Field label={t('callbacks.dueColumn')}>{formatIn(cb.dueAt, cb.timeZone)}</Field>
            <Field label={t('callbacks.number')}>
              <Text span ff="monospace" size="sm">
                {formatPhone(cb.phone)}
              </Text>
            </Field>
            <Field label={t('callbacks.reason')}>
              {codes.label('callbackReason', cb.reason)} · {codes.label('callbackMethod', cb.method)}
            </Field>
            <Field label={t('callbacks.case')}>
              {cb.caseId ? (
                <Anchor component={Link} to={`/cases/${cb.caseId}`} ff="monospace" size="sm">
                  {cb.caseReference ?? t('intake.openTheCase')}
                </Anchor>
              ) : (
                t('common.none')
              )}
            </Field>
            <Field label={t('callbacks.contact')}>
              {cb.contactId ? (
                <Anchor component={Link} to={`/contacts/${cb.contactId}`} size="sm">
                  {t('callbacks.openContact')}
                </Anchor>
              ) : (
                t('common.none')
              )}
            </Field>
            <Field label={t('callbacks.assignee.label')}>{cb.assignee?.displayName ?? t('callbacks.assignee.queue')}</Field>
            <Field label={t('callbacks.attempts')}>{t('callbacks.attemptsOf', { n: cb.attempts, max: cb.maxAttempts })}</Field>
            <Field label={t('callbacks.window.legend')}>{cb.safeWindow ? <SafeWindowText window={cb.safeWindow} /> : t('callbacks.window.anyTime')}</Field>
            <Field label={t('callbacks.lastOutcome')}>{codes.label('callbackOutcome', cb.lastOutcome)}</Field>
            <Field label={t('callbacks.createdAt')}>{formatIn(cb.createdAt, zone)}</Field>
            {cb.finishedAt ? <Field label={t('callbacks.finishedAt')}>{formatIn(cb.finishedAt, zone)}</Field> : null}
            {cb.closeReason ? <Field label={t('callbacks.closeReason')}>{cb.closeReason}</Field> : null}
          </SimpleGrid>
          {cb.notes ? (
            <Field label={t('callbacks.notes')}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {cb.notes}
              </Text>
            </Field>
          ) : null}
          <CallbackActions callback={cb} placing={placingId === cb.id} onAction={onAction} withDetails={false} />
          <section aria-labelledby="callback-attempts-title">
            <Title order={3} size="h5" id="callback-attempts-title" mb="xs">
              {t('callbacks.attemptsLog')}
            </Title>
            {cb.attemptsLog.length ? (
              <DataTable
                caption={t('callbacks.attemptsLog')}
                columns={columns}
                rows={cb.attemptsLog}
                rowKey={(a) => String(a.number)}
                testId="callback-attempts"
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t('callbacks.noAttempts')}
              </Text>
            )}
          </section>
        </Stack>
      ) : null}
    </DetailDrawer>
  );
}
