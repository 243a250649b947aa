import type { PersonDto } from '@mayak/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Alert, Anchor, Badge, Button, ErrorAlert, Grid, Group, LoadingState, notifySuccess, Paper, Stack, Text, Title } from '@web/modules/ui';
import { useSubjectAccessDownload } from '../hooks/use-person-governance';
import { usePerson } from '../hooks/use-people';
import { usePersonActions } from '../hooks/use-person-actions';
import { CorrectionLog } from './CorrectionLog';
import { FlagList } from './FlagList';
import { PersonDetailsForm } from './PersonDetailsForm';
import { PersonDuplicates } from './PersonDuplicates';
import { PersonIdentifiers } from './PersonIdentifiers';
import { PersonCases, PersonContacts } from './PersonRecords';
import { ProblemAlert } from './ProblemAlert';

/**
 * One person: flags first, details (editable with `people.write`), identifiers, suggested
 * duplicates with the way to merge, their contacts and cases, the correction log and, for those
 * allowed, everything held about them. Masked unless the user may view identifiers; "Reveal"
 * asks why and shows the answer on this page only, never kept.
 */
export function PersonWorkspace({ id }: { id: string }) {
  const { t } = useTranslation();
  const person = usePerson(id);
  if (person.isPending) return <LoadingState />;
  if (person.isError) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('people.person')}
        </Title>
        <ErrorAlert error={person.error} />
        <Anchor component={Link} to="/people">
          {t('people.backToList')}
        </Anchor>
      </Stack>
    );
  }
  return <PersonView person={person.data} />;
}

function PersonView({ person }: { person: PersonDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const formatDateTime = useFormatDateTime();
  const subjectAccess = useSubjectAccessDownload();
  const { shown, displayName, revealed, hideRevealed, startReveal, startFlag, removeFlag, dialogs } = usePersonActions(person);
  const [showLog, setShowLog] = useState(false);
  // What was revealed is for the record as it was: a change (an identifier added) masks the page again.
  useEffect(hideRevealed, [person.version, person.identifiers.length]);

  const merged = !!person.mergedIntoId;
  const canChange = can('people.write') && !merged;

  return (
    <>
      <Anchor component={Link} to="/people" size="sm" mb="xs" display="inline-block">
        {t('people.backToList')}
      </Anchor>
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Group gap="xs" wrap="wrap">
            <Title order={1} size="h2" data-testid="person-name" data-person-id={person.id}>
              {displayName}
            </Title>
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
          <Text size="sm" c="dimmed">
            {t('people.recordedOn', { date: formatDateTime(person.createdAt) })}
          </Text>
        </Stack>
        <Group gap="xs" wrap="wrap">
          {person.masked && !revealed && can('identifiers.reveal') ? (
            <Button variant="light" onClick={startReveal} data-testid="person-reveal" aria-label={t('people.reveal.namedButton', { name: displayName })}>
              {t('people.reveal.button')}
            </Button>
          ) : null}
          {revealed ? (
            <Button variant="subtle" onClick={hideRevealed}>
              {t('people.reveal.hide')}
            </Button>
          ) : null}
          {can('people.subject_access') ? (
            <Button
              variant="default"
              loading={subjectAccess.isPending}
              data-testid="subject-access-download"
              onClick={() => subjectAccess.mutate(person.id, { onSuccess: () => notifySuccess(t('people.subjectAccess.done')) })}
            >
              {t('people.subjectAccess.download')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <Stack gap="md" data-testid="person-page" data-person-id={person.id}>
        <ErrorAlert error={subjectAccess.error} />
        {merged ? (
          <Alert color="orange" title={t('people.merged.title')} data-testid="person-merged">
            <Stack gap={4}>
              <Text size="sm">{t('people.merged.text')}</Text>
              <Anchor component={Link} to={`/people/${person.mergedIntoId}`} size="sm" fw={600}>
                {t('people.merged.open')}
              </Anchor>
            </Stack>
          </Alert>
        ) : null}
        {/* Flags first, whatever the width: "do not call back" is read before anything else. */}
        <Paper withBorder p="md" component="section" aria-labelledby="person-flags-title" data-testid="person-flags">
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Title order={2} size="h4" id="person-flags-title">
                {t('people.flags.title')}
              </Title>
              {canChange ? (
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  onClick={startFlag}
                  data-testid="person-flag-add"
                  aria-label={t('people.flags.addNamed', { name: displayName })}
                >
                  {t('people.flags.add')}
                </Button>
              ) : null}
            </Group>
            <ProblemAlert error={removeFlag.error} />
            {person.flags.length ? (
              <FlagList
                flags={person.flags}
                title={t('people.flags.inForce')}
                onRemove={canChange ? (flag) => removeFlag.mutate(flag.id) : undefined}
                removingId={removeFlag.isPending ? removeFlag.variables : null}
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t('people.flags.none')}
              </Text>
            )}
          </Stack>
        </Paper>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="md">
              <PersonDetailsForm key={person.id} person={person} revealedName={revealed ? revealed.name : undefined} readOnly={!canChange} />
              <PersonIdentifiers person={person} shown={shown.identifiers} canChange={canChange} />
              {can('contacts.read') ? <PersonContacts personId={person.id} /> : null}
              {can('cases.read') ? <PersonCases personId={person.id} /> : null}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Stack gap="md">
              <PersonDuplicates person={person} />
              <Paper withBorder p="md" component="section" aria-labelledby="person-log-title" data-testid="person-log">
                <Stack gap="sm">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Title order={2} size="h4" id="person-log-title">
                      {t('people.corrections.title')}
                    </Title>
                    <Button size="xs" variant="subtle" onClick={() => setShowLog((open) => !open)} aria-expanded={showLog} data-testid="corrections-toggle">
                      {t(showLog ? 'people.corrections.hide' : 'people.corrections.show')}
                    </Button>
                  </Group>
                  {showLog ? <CorrectionLog personId={person.id} /> : null}
                </Stack>
              </Paper>
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
      {dialogs}
    </>
  );
}
