import type { ContactDto, PersonDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { PersonCard } from '@web/modules/people/components/PersonCard';
import { Badge, Button, Stack, Title } from '@web/modules/ui';
import { personLinkKey } from './caller-panel';

interface CallerPeopleProps {
  people: PersonDto[];
  /** The number's flags, already shown above the cards. */
  flagIds: string[];
  current: ContactDto | null;
  linking: string | null;
  onLinkPerson: (personId: string) => void;
}

/** The people with this number; the one this contact is about says so, the others offer "this is the caller". */
export function CallerPeople({ people, flagIds, current, linking, onLinkPerson }: CallerPeopleProps) {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Stack gap="xs" component="section" aria-labelledby="caller-people">
      <Title order={3} size="h5" id="caller-people">
        {t('caller.people')}
      </Title>
      {people.map((person) => (
        <PersonCard
          key={person.id}
          person={person}
          headingLevel={4}
          hideFlagIds={flagIds}
          actions={
            current?.personId === person.id ? (
              <Badge color="green" variant="light" tt="none">
                {t('caller.isThisCaller')}
              </Badge>
            ) : can('contacts.write') ? (
              <Button
                size="xs"
                variant="light"
                loading={linking === personLinkKey(person.id)}
                onClick={() => onLinkPerson(person.id)}
                aria-label={t('caller.markAsCallerNamed', { name: person.name ?? t('people.noName') })}
              >
                {t('caller.markAsCaller')}
              </Button>
            ) : null
          }
        />
      ))}
    </Stack>
  );
}
