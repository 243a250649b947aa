import { Burger, Group, Text } from '@mantine/core';
import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { AlertsBell } from '../alerts/components/AlertsBell';
import { useLogout, useUpdateMe } from '../auth/hooks/use-auth-actions';
import { hasPermission } from '../auth/session';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { SoftphoneBadge } from '../telephony/components/CallControls';
import { PresenceSwitch } from '../telephony/components/PresenceSwitch';
import { Button } from '../ui';

interface AppHeaderProps {
  session: SessionDto;
  navOpened: boolean;
  onToggleNav: () => void;
  onSignedOut: () => void;
}

export function AppHeader({ session, navOpened, onToggleNav, onSignedOut }: AppHeaderProps) {
  const { t } = useTranslation();
  const logout = useLogout();
  const updateMe = useUpdateMe();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={navOpened ? t('nav.close') : t('nav.open')}
          aria-controls="app-navigation"
          aria-expanded={navOpened}
        />
        <Text fw={700} size="lg" component="span">{t('app.name')}</Text>
      </Group>
      <Group gap="md" wrap="nowrap">
        <Text size="sm" fw={500} data-testid="current-user" visibleFrom="xs">
          {session.user.displayName}
        </Text>
        {hasPermission(session, 'telephony.answer') ? <SoftphoneBadge /> : null}
        {hasPermission(session, 'telephony.answer') ? <PresenceSwitch /> : null}
        {hasPermission(session, 'alerts.read') ? <AlertsBell /> : null}
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
      </Group>
    </Group>
  );
}
