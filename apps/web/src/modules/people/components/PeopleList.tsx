import { useDebouncedValue } from '@mantine/hooks';
import type { PersonDto } from '@mayak/api-client';
import { nameTokens } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Anchor, DataTable, ErrorAlert, Group, LoadingState, LoadMore, PageHeader, Stack, Text, TextInput, type Column } from '@web/modules/ui';
import { usePeopleSearch } from '../hooks/use-people';
import { rememberedSearch, rememberSearch } from '../search-memory';
import { FlagBadges } from './FlagList';
import { identifierText, personFacts } from '../person-text';

/** How many identifiers a row shows before "+N". */
const ROW_IDENTIFIERS = 2;

/**
 * Finding a person: a name in Cyrillic or Latin letters, a phone number in any format, or a
 * document number, e-mail or messenger id typed whole. The API matches keyed hashes only, so
 * nothing is found by part of a number. Masked as the API masks it; each row opens the person.
 */
export function PeopleList() {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const userId = useSession().data?.user.id;
  const [typed, setTyped] = useState(() => rememberedSearch(userId));
  const [q] = useDebouncedValue(typed.trim(), 300);
  useEffect(() => rememberSearch(userId, q), [userId, q]);
  // The API needs a number or at least one word of two letters or digits.
  const searchable = nameTokens(q).length > 0;
  const people = usePeopleSearch(searchable ? q : '');
  const rows = searchable ? (people.data?.pages.flatMap((page) => page.items) ?? []) : [];

  const columns: Column<PersonDto>[] = [
    {
      key: 'name',
      header: t('people.name'),
      cell: (person) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/people/${person.id}`} size="sm" fw={600}>
            {person.name ?? t('people.noName')}
          </Anchor>
          <FlagBadges flags={person.flags} />
        </Stack>
      ),
    },
    {
      key: 'identifiers',
      header: t('people.identifiers.title'),
      cell: (person) => {
        if (!person.identifiers.length)
          return (
            <Text size="sm" c="dimmed">
              {t('common.none')}
            </Text>
          );
        const shown = person.identifiers.slice(0, ROW_IDENTIFIERS);
        const more = person.identifiers.length - shown.length;
        return (
          <Stack gap={0}>
            {shown.map((identifier) => (
              <Text key={identifier.id} size="sm">
                <Text span size="sm" c="dimmed">
                  {codes.label('identifierKind', identifier.kind)}:{' '}
                </Text>
                <Text span size="sm" ff="monospace">
                  {identifierText(identifier)}
                </Text>
              </Text>
            ))}
            {more > 0 ? (
              <Text size="xs" c="dimmed">
                {t('people.list.moreIdentifiers', { n: more })}
              </Text>
            ) : null}
          </Stack>
        );
      },
    },
    {
      key: 'facts',
      header: t('people.list.details'),
      cell: (person) =>
        personFacts(person, codes) || (
          <Text size="sm" c="dimmed">
            {t('common.none')}
          </Text>
        ),
    },
    { key: 'recorded', header: t('people.recordedAt'), cell: (person) => formatDateTime(person.createdAt) },
  ];

  return (
    <>
      <PageHeader title={t('people.title')} />
      <Group align="flex-start" gap="md" mb="md" wrap="wrap" role="search" aria-label={t('people.list.searchLabel')}>
        <TextInput
          label={t('common.search')}
          description={t('people.list.searchHint')}
          type="search"
          name="q"
          value={typed}
          autoComplete="off"
          // Looking someone up is what this screen is for: the field takes the focus (the console then leaves it there).
          autoFocus
          maxLength={200}
          w={{ base: '100%', sm: 420 }}
          error={q && !searchable ? t('people.list.tooShort') : undefined}
          onChange={(event) => setTyped(event.currentTarget.value)}
          data-testid="people-search"
        />
      </Group>
      {!searchable ? (
        <Text size="sm" c="dimmed" data-testid="people-start">
          {t('people.list.start')}
        </Text>
      ) : people.isPending ? (
        <LoadingState />
      ) : people.isError ? (
        <ErrorAlert error={people.error} />
      ) : (
        <>
          <DataTable caption={t('people.list.caption')} columns={columns} rows={rows} rowKey={(person) => person.id} testId="people-table" minWidth={560} />
          <LoadMore shown={rows.length} hasMore={!!people.hasNextPage} loading={people.isFetchingNextPage} onLoadMore={() => void people.fetchNextPage()} />
        </>
      )}
    </>
  );
}
