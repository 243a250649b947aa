import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from '../modules/auth/components/ChangePasswordForm';
import { SecondFactorPanel } from '../modules/auth/components/SecondFactorPanel';
import { PageHeader, Paper, Stack, Text, Title } from '../modules/ui';

/** The signed-in person's own sign-in: password and second factor. Every change asks for the password again. */
export function AccountPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <PageHeader title={t('account.title')} />
      <Text size="sm">{t('account.intro')}</Text>
      <Paper withBorder p="md" component="section" aria-labelledby="account-password">
        <Title order={2} size="h4" id="account-password" mb="sm">{t('account.password.title')}</Title>
        <Text size="sm" mb="sm">{t('account.password.intro')}</Text>
        <ChangePasswordForm />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="account-second-factor">
        <Title order={2} size="h4" id="account-second-factor" mb="sm">{t('account.secondFactor.title')}</Title>
        <SecondFactorPanel />
      </Paper>
    </Stack>
  );
}
