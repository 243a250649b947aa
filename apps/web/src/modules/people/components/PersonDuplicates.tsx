import type { PersonDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Anchor, Button, ErrorAlert, Group, LoadingState, Paper, Stack, StatusBadge, Text, Title } from '@web/modules/ui';
import { usePersonDuplicates, type DuplicateMatch } from '../hooks/use-person-merges';
import { identifierText, personFacts } from '../person-text';
import { FlagBadges } from './FlagList';

export const MATCH_ORDER: readonly DuplicateMatch[] = ['phone', 'identifier', 'name'];

/** Why two records may be one person, as short badges ("Same number", "Same name"). */
export function MatchBadges({ matchedBy }: { matchedBy: readonly DuplicateMatch[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap" data-testid="duplicate-matches">
      {MATCH_ORDER.filter((match) => matchedBy.includes(match)).map((match) => (
        <span key={match} data-match={match}>
          <StatusBadge color={match === 'name' ? 'gray' : 'orange'}>{t(`people.duplicates.match.${match}`)}</StatusBadge>
        </span>
      ))}
    </Group>
  );
}

/**
 * Records that may be this same person, as the API suggests them (a shared number or other
 * identifier, or the same name words), each with why and a way to compare the two and merge.
 */
export function PersonDuplicates({ person }: { person: PersonDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const duplicates = usePersonDuplicates(person.id, !person.mergedIntoId);
  if (person.mergedIntoId) return null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="person-duplicates-title" data-testid="person-duplicates">
      <Stack gap="sm">
        <Title order={2} size="h4" id="person-duplicates-title">
          {t('people.duplicates.title')}
        </Title>
        {duplicates.isPending ? (
          <LoadingState />
        ) : duplicates.isError ? (
          <ErrorAlert error={duplicates.error} />
        ) : duplicates.data.items.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="duplicates-none">
            {t('people.duplicates.none')}
          </Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {duplicates.data.items.map(({ person: other, matchedBy }) => {
              const name = other.name ?? t('people.noName');
              return (
                <li key={other.id} data-testid="duplicate" data-person-id={other.id}>
                  <Paper withBorder p="xs">
                    <Stack gap={4}>
                      <Group justify="space-between" gap="xs" wrap="wrap">
                        <Anchor component={Link} to={`/people/${other.id}`} size="sm" fw={600}>
                          {name}
                        </Anchor>
                        <MatchBadges matchedBy={matchedBy} />
                      </Group>
                      <FlagBadges flags={other.flags} />
                      {other.identifiers.length ? (
                        <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                          {other.identifiers
                            .map((identifier) => `${codes.label('identifierKind', identifier.kind)}: ${identifierText(identifier)}`)
                            .join(' · ')}
                        </Text>
                      ) : null}
                      <Text size="xs" c="dimmed">
                        {[personFacts(other, codes), t('people.recordedOn', { date: formatDateTime(other.createdAt) })].filter(Boolean).join(' · ')}
                      </Text>
                      {can('people.merge') ? (
                        <Group>
                          <Button
                            component={Link}
                            to={`/people/${person.id}/merge/${other.id}`}
                            size="compact-sm"
                            variant="light"
                            data-testid="duplicate-compare"
                            aria-label={t('people.duplicates.compareNamed', { name })}
                          >
                            {t('people.duplicates.compare')}
                          </Button>
                        </Group>
                      ) : null}
                    </Stack>
                  </Paper>
                </li>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
