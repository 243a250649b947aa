import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Anchor, Button, Group, Paper, ShortcutHint, Stack, Text } from '@web/modules/ui';
import type { IntakeView } from '../hooks/use-intake';
import { INTAKE_SHORTCUTS } from '../shortcuts';
import classes from './intake-layout.module.css';

interface IntakeActionsProps {
  intake: Pick<IntakeView, 'caseLink' | 'released' | 'saveState'>;
  canOpenCase: boolean;
  canScheduleCallback: boolean;
  completing: boolean;
  openCaseButtonRef: React.RefObject<HTMLButtonElement | null>;
  caseLinkRef: React.RefObject<HTMLAnchorElement | null>;
  scheduleButtonRef: React.RefObject<HTMLButtonElement | null>;
  onOpenCase: () => void;
  onComplete: () => void;
  onNew: () => void;
  onScheduleCallback: () => void;
}

export function IntakeActions({
  intake,
  canOpenCase,
  canScheduleCallback,
  completing,
  openCaseButtonRef,
  caseLinkRef,
  scheduleButtonRef,
  onOpenCase,
  onComplete,
  onNew,
  onScheduleCallback,
}: IntakeActionsProps) {
  const { t } = useTranslation();
  const released = !!intake.released;
  return (
    // Pinned to the bottom of the screen while the form scrolls: Save, Open case and Complete are always in reach.
    <Paper withBorder p="sm" mt="md" className={classes.actions} data-testid="intake-actions">
      <Stack gap="sm">
        {intake.caseLink ? (
          <Group gap="xs" data-testid="intake-case" wrap="wrap">
            <Text size="sm" fw={600}>
              {t('intake.linkedCase')}
            </Text>
            <Anchor ref={caseLinkRef} component={Link} to={`/cases/${intake.caseLink.id}`} fw={700} ff="monospace" data-testid="intake-case-link">
              {intake.caseLink.reference ?? t('intake.openTheCase')}
            </Anchor>
          </Group>
        ) : null}
        <Group gap="sm" wrap="wrap">
          {!released ? (
            <>
              <Button
                type="submit"
                loading={intake.saveState === 'saving'}
                aria-keyshortcuts={INTAKE_SHORTCUTS.save.aria}
                rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.save.keys} />}
              >
                {t('common.save')}
              </Button>
              {canOpenCase && !intake.caseLink ? (
                <Button
                  ref={openCaseButtonRef}
                  variant="light"
                  onClick={onOpenCase}
                  aria-keyshortcuts={INTAKE_SHORTCUTS.openCase.aria}
                  rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.openCase.keys} />}
                >
                  {t('intake.openCase.button')}
                </Button>
              ) : null}
              <Button
                color="green"
                onClick={onComplete}
                loading={completing}
                aria-keyshortcuts={INTAKE_SHORTCUTS.complete.aria}
                rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.complete.keys} />}
              >
                {t('intake.complete')}
              </Button>
              {canScheduleCallback ? (
                <Button ref={scheduleButtonRef} variant="light" onClick={onScheduleCallback} data-testid="schedule-callback-button">
                  {t('callbacks.schedule.button')}
                </Button>
              ) : null}
            </>
          ) : null}
          <Button
            variant="default"
            onClick={onNew}
            aria-keyshortcuts={INTAKE_SHORTCUTS.newContact.aria}
            rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.newContact.keys} />}
          >
            {t('intake.newContact.button')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
