import { useTranslation } from 'react-i18next';
import { Button, Group, PageHeader, ShortcutHint } from '@web/modules/ui';
import type { IntakeView } from '../hooks/use-intake';
import { AutosaveStatus } from './AutosaveStatus';

/** The intake's title, its autosave status and the button that shows the shortcut legend. */
export function IntakeHeader({
  intake,
  onShowShortcuts,
}: {
  intake: Pick<IntakeView, 'contactId' | 'saveState' | 'savedAt' | 'saveError'>;
  onShowShortcuts: () => void;
}) {
  const { t } = useTranslation();
  return (
    <PageHeader
      title={intake.contactId ? t('intake.titleInProgress') : t('intake.title')}
      actions={
        <Group gap="sm" wrap="nowrap">
          <AutosaveStatus state={intake.saveState} savedAt={intake.savedAt} error={intake.saveError} hasContact={!!intake.contactId} />
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={onShowShortcuts}
            aria-keyshortcuts="Shift+?"
            data-testid="intake-shortcuts-open"
            rightSection={<ShortcutHint keys={['?']} />}
          >
            {t('intake.shortcuts.title')}
          </Button>
        </Group>
      }
    />
  );
}
