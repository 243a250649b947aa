import type { PersonDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { Badge, Button, ErrorAlert, Group, notifySuccess, Paper, Stack, Text } from '@web/modules/ui';
import { useSubjectAccessDownload } from '../hooks/use-person-governance';
import { usePersonActions } from '../hooks/use-person-actions';
import { CorrectionLog } from './CorrectionLog';
import { FlagList } from './FlagList';

interface PersonCardProps {
  person: PersonDto;
  /** Heading level inside the page (2 on the workspace, 3 in the caller panel). */
  headingLevel?: 2 | 3 | 4;
  /** Extra buttons, e.g. "This is the caller". */
  actions?: ReactNode;
  /** Flags already shown nearby (the caller panel lists the number's flags above). */
  hideFlagIds?: readonly string[];
}

/**
 * A client as the user may see them: masked name and numbers unless they hold
 * `identifiers.view`; "Reveal" asks for a reason and shows the answer in this card only
 * (it is dropped when the card goes away). Flags come first.
 */
export function PersonCard({ person, headingLevel = 3, actions, hideFlagIds = [] }: PersonCardProps) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const { shown, displayName, revealed, hideRevealed, startReveal, startFlag, removeFlag, dialogs } = usePersonActions(person);
  // The correction log is read only when opened (the caller panel shows several cards).
  const [showLog, setShowLog] = useState(false);
  const subjectAccess = useSubjectAccessDownload();
  const Heading = `h${headingLevel}` as const;

  return (
    <Paper withBorder p="sm" data-testid="person-card" data-person-id={person.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text component={Heading} fw={700} size="md" m={0} data-testid="person-name">
            {displayName}
          </Text>
          {revealed ? (
            <Badge color="yellow" variant="light" tt="none">
              {t('people.reveal.shownOnce')}
            </Badge>
          ) : shown.masked ? (
            <Badge color="gray" variant="light" tt="none">
              {t('people.masked')}
            </Badge>
          ) : null}
        </Group>
        <FlagList
          flags={person.flags.filter((flag) => !hideFlagIds.includes(flag.id))}
          title={t('people.flags.title')}
          onRemove={can('people.write') ? (flag) => removeFlag.mutate(flag.id) : undefined}
          removingId={removeFlag.isPending ? removeFlag.variables : null}
        />
        {shown.identifiers.length ? (
          <Stack gap={2} data-testid="person-identifiers">
            {shown.identifiers.map((identifier) => (
              <Text key={identifier.id} size="sm">
                <Text span c="dimmed" size="sm">
                  {codes.label('identifierKind', identifier.kind)}
                  {identifier.label ? ` (${identifier.label})` : ''}:{' '}
                </Text>
                <Text span ff="monospace" size="sm">
                  {identifier.kind === 'phone' ? formatPhone(identifier.value) : identifier.value}
                </Text>
              </Text>
            ))}
          </Stack>
        ) : null}
        <Text size="sm" c="dimmed">
          {[
            shown.gender ? codes.label('gender', shown.gender) : null,
            shown.ageGroup ? codes.label('ageGroup', shown.ageGroup) : null,
            shown.citizenship.length ? shown.citizenship.map((code) => codes.country(code)).join(', ') : null,
            shown.languages.length ? shown.languages.map((code) => codes.language(code)).join(', ') : null,
          ]
            .filter(Boolean)
            .join(' · ') || t('people.noDetails')}
        </Text>
        <Group gap="xs" wrap="wrap">
          {person.masked && !revealed && can('identifiers.reveal') ? (
            <Button size="xs" variant="light" onClick={startReveal} aria-label={t('people.reveal.namedButton', { name: displayName })}>
              {t('people.reveal.button')}
            </Button>
          ) : null}
          {revealed ? (
            <Button size="xs" variant="subtle" onClick={hideRevealed}>
              {t('people.reveal.hide')}
            </Button>
          ) : null}
          {can('people.write') ? (
            <Button size="xs" variant="subtle" color="red" onClick={startFlag} aria-label={t('people.flags.addNamed', { name: displayName })}>
              {t('people.flags.add')}
            </Button>
          ) : null}
          {can('people.read') ? (
            <Button
              component={Link}
              to={`/people/${person.id}`}
              size="xs"
              variant="subtle"
              data-testid="person-open"
              aria-label={t('people.openNamed', { name: displayName })}
            >
              {t('people.open')}
            </Button>
          ) : null}
          {can('people.read') ? (
            <Button size="xs" variant="subtle" onClick={() => setShowLog((open) => !open)} aria-expanded={showLog} data-testid="corrections-toggle">
              {t(showLog ? 'people.corrections.hide' : 'people.corrections.show')}
            </Button>
          ) : null}
          {can('people.subject_access') ? (
            <Button
              size="xs"
              variant="subtle"
              loading={subjectAccess.isPending}
              data-testid="subject-access-download"
              aria-label={t('people.subjectAccess.downloadNamed', { name: displayName })}
              onClick={() => subjectAccess.mutate(person.id, { onSuccess: () => notifySuccess(t('people.subjectAccess.done')) })}
            >
              {t('people.subjectAccess.download')}
            </Button>
          ) : null}
          {actions}
        </Group>
        <ErrorAlert error={subjectAccess.error} />
        {showLog ? (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('people.corrections.title')}
            </Text>
            <CorrectionLog personId={person.id} />
          </Stack>
        ) : null}
      </Stack>
      {dialogs}
    </Paper>
  );
}
