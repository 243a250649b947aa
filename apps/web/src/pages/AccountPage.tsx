import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from '../modules/auth/components/ChangePasswordForm';
import { SecondFactorPanel } from '../modules/auth/components/SecondFactorPanel';
import { useSession } from '../modules/auth/hooks/use-session';
import { hasPermission } from '../modules/auth/session';
import { SoundSettings } from '../modules/softphone/SoundSettings';
import { MyLanguagesForm } from '../modules/telephony/components/MyLanguagesForm';
import { NotificationPreferencesForm } from '../modules/notifications/components/NotificationPreferencesForm';
import { PageHeader, Paper, Stack, Text, Title } from '../modules/ui';

/** The signed-in person's own settings: password and second factor (each change asks for the password again), which e-mails they receive, and for those who take calls, the softphone's sound and microphone. */
export function AccountPage() {
  const { t } = useTranslation();
  const session = useSession();
  const answersCalls = hasPermission(session.data, 'telephony.answer');
  return (
    <Stack>
      <PageHeader title={t('account.title')} />
      <Text size="sm">{t('account.intro')}</Text>
      <Paper withBorder p="md" component="section" aria-labelledby="account-password">
        <Title order={2} size="h4" id="account-password" mb="sm">
          {t('account.password.title')}
        </Title>
        <Text size="sm" mb="sm">
          {t('account.password.intro')}
        </Text>
        <ChangePasswordForm />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="account-second-factor">
        <Title order={2} size="h4" id="account-second-factor" mb="sm">
          {t('account.secondFactor.title')}
        </Title>
        <SecondFactorPanel />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="account-notifications">
        <Title order={2} size="h4" id="account-notifications" mb="sm">
          {t('notifications.title')}
        </Title>
        <NotificationPreferencesForm />
      </Paper>
      {answersCalls ? (
        <Paper withBorder p="md" component="section" aria-labelledby="account-sound">
          <Title order={2} size="h4" id="account-sound" mb="sm">
            {t('account.sound.title')}
          </Title>
          <Text size="sm" mb="sm">
            {t('account.sound.intro')}
          </Text>
          <SoundSettings />
        </Paper>
      ) : null}
      {answersCalls ? (
        <Paper withBorder p="md" component="section" aria-labelledby="account-languages">
          <Title order={2} size="h4" id="account-languages" mb="sm">
            {t('telephony.languages.title')}
          </Title>
          <MyLanguagesForm />
        </Paper>
      ) : null}
    </Stack>
  );
}
