import { useTranslation } from 'react-i18next';
import { useFormatTime } from '@web/modules/i18n/format';
import { Alert, Button, Group, Stack, Text } from '@web/modules/ui';
import type { IntakeView } from '../hooks/use-intake';

/** The call went to a colleague, or back to the queue: the form is read-only from here. */
export function IntakeReleasedNotice({ released, onStartFresh }: { released: IntakeView['released']; onStartFresh: () => void }) {
  const { t } = useTranslation();
  if (!released) return null;
  return (
    <Alert
      color="blue"
      role="status"
      title={released.kind === 'handed' ? t('intake.handedOver.title') : t('intake.requeued.title')}
      data-testid="intake-handed-over"
    >
      <Stack gap="xs">
        <Text size="sm">{released.kind === 'handed' ? t('intake.handedOver.detail', { name: released.to }) : t('intake.requeued.detail')}</Text>
        <Group>
          <Button size="xs" onClick={onStartFresh}>
            {t('intake.newContact.button')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** A draft brought back from this browser, or a contact completed elsewhere meanwhile. */
export function IntakeDraftNotice({ intake }: { intake: Pick<IntakeView, 'notice' | 'savedAt' | 'dismissNotice'> }) {
  const { t } = useTranslation();
  const formatTime = useFormatTime();
  if (intake.notice === 'restored') {
    return (
      <Alert
        color="blue"
        title={t('intake.restored.title')}
        withCloseButton
        closeButtonLabel={t('common.close')}
        onClose={intake.dismissNotice}
        data-testid="draft-restored"
        role="status"
      >
        {intake.savedAt ? t('intake.restored.detailSaved', { time: formatTime(intake.savedAt) }) : t('intake.restored.detail')}
      </Alert>
    );
  }
  if (intake.notice === 'completedElsewhere') {
    return (
      <Alert
        color="yellow"
        title={t('intake.completedElsewhere.title')}
        withCloseButton
        closeButtonLabel={t('common.close')}
        onClose={intake.dismissNotice}
        role="status"
      >
        {t('intake.completedElsewhere.detail')}
      </Alert>
    );
  }
  return null;
}

/** A high or immediate-danger risk: the office's supervisors are (being) alerted. */
export function CriticalRiskBanner({ notified }: { notified: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="filled" role="alert" title={t('intake.critical.title')} data-testid="critical-banner">
      {notified ? t('intake.critical.notified') : t('intake.critical.notifying')}
    </Alert>
  );
}
