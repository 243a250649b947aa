import { useTranslation } from 'react-i18next';
import { Anchor, Group, Paper, Text } from '@web/modules/ui';

/** The case page's sections, each with the id of its heading and the key of its title. */
const SECTIONS: { heading: string; titleKey: string }[] = [
  { heading: 'case-status-title', titleKey: 'cases.statusTitle' },
  { heading: 'case-referrals-title', titleKey: 'referrals.caseTitle' },
  { heading: 'case-callbacks-title', titleKey: 'callbacks.caseSection' },
  { heading: 'case-plans-title', titleKey: 'plans.title' },
  { heading: 'case-timeline-title', titleKey: 'timeline.title' },
  { heading: 'case-client-title', titleKey: 'cases.client' },
  { heading: 'case-tasks-title', titleKey: 'tasks.title' },
  { heading: 'case-attachments-title', titleKey: 'caseAttachments.title' },
  { heading: 'case-consents-title', titleKey: 'consents.title' },
  { heading: 'case-team-title', titleKey: 'team.title' },
  { heading: 'case-legal-hold-title', titleKey: 'legalHold.title' },
  { heading: 'case-details-title', titleKey: 'trafficking.title' },
];

/**
 * A long case in sections: this bar (kept at the top while the page scrolls) jumps to one,
 * bringing its heading under the bar and the keyboard's focus with it.
 */
export function CaseSectionNav() {
  const { t } = useTranslation();
  const jump = (heading: string) => {
    const target = document.getElementById(heading);
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  };
  return (
    <Paper
      component="nav"
      aria-label={t('cases.sections')}
      withBorder
      p={6}
      mb="md"
      data-testid="case-sections"
      style={{ position: 'sticky', top: 'calc(var(--app-shell-header-offset, 56px) + 4px)', zIndex: 4, background: 'var(--mantine-color-body)' }}
    >
      <Group gap="xs" wrap="wrap">
        <Text size="xs" fw={600}>
          {t('cases.sections')}:
        </Text>
        {SECTIONS.map((section) => (
          <Anchor
            key={section.heading}
            href={`#${section.heading}`}
            size="sm"
            data-testid={`case-section-${section.heading}`}
            onClick={(event) => {
              event.preventDefault();
              jump(section.heading);
            }}
          >
            {t(section.titleKey)}
          </Anchor>
        ))}
      </Group>
    </Paper>
  );
}
