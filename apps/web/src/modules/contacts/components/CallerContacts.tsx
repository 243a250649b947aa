import type { ContactDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { FlagBadges } from '@web/modules/people/components/FlagList';
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@web/modules/ui';

/** Earlier contacts from this number, newest first, each a link to the contact. */
export function CallerContacts({ contacts }: { contacts: ContactDto[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="section" aria-labelledby="caller-contacts">
      <Title order={3} size="h5" id="caller-contacts">
        {t('caller.contacts', { n: contacts.length })}
      </Title>
      {contacts.map((contact) => (
        <EarlierContact key={contact.id} contact={contact} />
      ))}
    </Stack>
  );
}

/** When, how and why they called, who answered, the case it went to, its flags and notes. */
function EarlierContact({ contact }: { contact: ContactDto }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  return (
    <Paper withBorder p="xs" data-testid="caller-contact">
      <Stack gap={2}>
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={600}>
            {formatDateTime(contact.startedAt)}
          </Anchor>
          {contact.critical ? (
            <Badge color="red" variant="filled" tt="none" styles={{ root: { minWidth: 'max-content' } }}>
              {codes.label('riskLevel', contact.riskLevel)}
            </Badge>
          ) : null}
        </Group>
        <Text size="sm">
          {codes.label('contactChannel', contact.channel)} · {codes.label('contactCategory', contact.category)}
          {contact.phone ? (
            <>
              {' '}
              ·{' '}
              <Text span ff="monospace" size="sm">
                {formatPhone(contact.phone)}
              </Text>
            </>
          ) : null}
        </Text>
        <Text size="xs" c="dimmed">
          {contact.operator?.displayName ?? t('common.none')}
          {contact.caseReference ? ` · ${contact.caseReference}` : ''}
        </Text>
        <FlagBadges flags={contact.flags} />
        {contact.notes ? (
          <Text size="sm" lineClamp={3}>
            {contact.notes}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
