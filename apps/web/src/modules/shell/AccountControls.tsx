import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { useLogout, useUpdateMe } from '../auth/hooks/use-auth-actions';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { Button, Group, Stack, Text } from '../ui';

/**
 * Who is signed in, the console's language and signing out: in the header on a wide screen, at
 * the foot of the menu on a phone (where the header has room only for the menu, presence and alerts).
 */
export function AccountControls({ session, onSignedOut, inMenu = false }: { session: SessionDto; onSignedOut: () => void; inMenu?: boolean }) {
  const { t } = useTranslation();
  const logout = useLogout();
  const updateMe = useUpdateMe();
  const controls = (
    <>
      <Text size="sm" fw={500} data-testid="current-user">
        {session.user.displayName}
      </Text>
      <LanguageSwitch
        onChanged={(locale) => {
          if (locale !== session.user.locale) updateMe.mutate({ locale });
        }}
      />
      <Button
        variant="default"
        size="xs"
        data-testid="sign-out"
        loading={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: onSignedOut })}
      >
        {t('app.signOut')}
      </Button>
    </>
  );
  return inMenu ? (
    <Stack gap="xs" pt="sm" mt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="account-in-menu">
      {controls}
    </Stack>
  ) : (
    <Group gap="md" wrap="nowrap">
      {controls}
    </Group>
  );
}
