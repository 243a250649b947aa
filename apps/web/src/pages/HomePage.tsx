import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasPermission } from '../modules/auth/session';
import { useSession } from '../modules/auth/hooks/use-session';
import { Anchor, Badge, Group, PageHeader, Paper, SimpleGrid, Stack, Text, Title } from '../modules/ui';
import { useFormatDateTime } from '../modules/i18n/format';

export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const formatDateTime = useFormatDateTime();
  if (!session.data) return null;
  const { user } = session.data;

  return (
    <Stack>
      <PageHeader title={t('home.greeting', { name: user.displayName })} />
      {hasPermission(session.data, 'referrals.respond') ? (
        <Paper withBorder p="md" component="section" aria-labelledby="home-partner">
          <Title order={2} size="h4" id="home-partner" mb="sm">{t('partner.title')}</Title>
          <Text size="sm" mb="xs">{t('partner.intro')}</Text>
          <Anchor component={Link} to="/partner">{t('partner.open')}</Anchor>
        </Paper>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="home-roles">
          <Title order={2} size="h4" id="home-roles" mb="sm">{t('home.roles')}</Title>
          <Group gap="xs" data-testid="home-roles">
            {user.roles.map((role) => (
              <Badge key={role} variant="light">{t(`roles.${role}`)}</Badge>
            ))}
          </Group>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="home-offices">
          <Title order={2} size="h4" id="home-offices" mb="sm">{t('home.offices')}</Title>
          {user.offices.length === 0 ? (
            <Text c="dimmed">{t('home.noOffices')}</Text>
          ) : (
            <Group gap="xs" data-testid="home-offices">
              {user.offices.map((office) => (
                <Badge key={office.id} variant="outline">{office.name}</Badge>
              ))}
            </Group>
          )}
        </Paper>
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        <Anchor component={Link} to="/account" size="sm" data-testid="home-account">
          {user.mfaEnrolled ? t('home.mfaEnrolled') : t('home.mfaNotEnrolled')}
        </Anchor>
        {' · '}
        {t('home.sessionExpires', { time: formatDateTime(session.data.expiresAt) })}
      </Text>
    </Stack>
  );
}
