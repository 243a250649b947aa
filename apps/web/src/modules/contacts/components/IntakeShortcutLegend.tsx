import { useTranslation } from 'react-i18next';
import { Box, List, ShortcutHint, Text, VisuallyHidden } from '@web/modules/ui';
import { CALL_SHORTCUTS } from '@web/modules/telephony/shortcuts';
import { INTAKE_SHORTCUTS, type IntakeShortcut } from '../shortcuts';

/** Every shortcut of the intake, shown on demand (the button, or `?`): the buttons carry their own hints. */
export function IntakeShortcutLegend({ withCalls }: { withCalls: boolean }) {
  const { t } = useTranslation();
  return (
    <Box data-testid="intake-shortcuts">
      <List size="sm" spacing={2} listStyleType="none">
        {(Object.keys(INTAKE_SHORTCUTS) as IntakeShortcut[]).map((name) => (
          <List.Item key={name}>
            <ShortcutHint keys={INTAKE_SHORTCUTS[name].keys} />
            <VisuallyHidden>{INTAKE_SHORTCUTS[name].aria}</VisuallyHidden>
            <Text span size="sm">
              {' '}
              — {t(`intake.shortcuts.${name}`)}
            </Text>
          </List.Item>
        ))}
        {withCalls ? (
          <List.Item>
            <ShortcutHint keys={CALL_SHORTCUTS.answer.keys} />
            <VisuallyHidden>{CALL_SHORTCUTS.answer.aria}</VisuallyHidden>
            <Text span size="sm">
              {' '}
              — {t('intake.shortcuts.answer')}
            </Text>
          </List.Item>
        ) : null}
        <List.Item>
          <ShortcutHint keys={['?']} />
          <Text span size="sm">
            {' '}
            — {t('intake.shortcuts.legend')}
          </Text>
        </List.Item>
      </List>
    </Box>
  );
}
