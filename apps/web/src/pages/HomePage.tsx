import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../modules/auth/hooks/use-session';
import { WorkQueue } from '../modules/home/components/WorkQueue';
import { useFormatDateTime } from '../modules/i18n/format';
import { Anchor, Badge, Group, PageHeader, Stack, Text } from '../modules/ui';

/** Each role's home is its work queue; who the user is and where they work fit in one line under it. */
export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const formatDateTime = useFormatDateTime();
  if (!session.data) return null;
  const { user } = session.data;

  return (
    <Stack>
      <PageHeader title={t('home.greeting', { name: user.displayName })} />
      <WorkQueue session={session.data} />
      <Group gap="xs" wrap="wrap">
        <Group gap={4} data-testid="home-roles" aria-label={t('home.roles')}>
          {user.roles.map((role) => (
            <Badge key={role} variant="light" tt="none">
              {t(`roles.${role}`)}
            </Badge>
          ))}
        </Group>
        {user.offices.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('home.noOffices')}
          </Text>
        ) : (
          <Group gap={4} data-testid="home-offices" aria-label={t('home.offices')}>
            {user.offices.map((office) => (
              <Badge key={office.id} variant="outline" tt="none">
                {office.name}
              </Badge>
            ))}
          </Group>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        <Anchor component={Link} to="/account" size="sm" underline="always" data-testid="home-account">
          {user.mfaEnrolled ? t('home.mfaEnrolled') : t('home.mfaNotEnrolled')}
        </Anchor>
        {' · '}
        {t('home.sessionExpires', { time: formatDateTime(session.data.expiresAt) })}
      </Text>
    </Stack>
  );
}
