import { Burger, Group, Text } from '@mantine/core';
import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { AlertsBell } from '../alerts/components/AlertsBell';
import { hasPermission } from '../auth/session';
import { SoftphoneBadge } from '../telephony/components/CallControls';
import { PresenceSwitch } from '../telephony/components/PresenceSwitch';
import { AccountControls } from './AccountControls';

interface AppHeaderProps {
  session: SessionDto;
  navOpened: boolean;
  onToggleNav: () => void;
  onSignedOut: () => void;
  /** A phone: the account's controls live in the menu instead. */
  compact: boolean;
}

export function AppHeader({ session, navOpened, onToggleNav, onSignedOut, compact }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <Group h="100%" px={compact ? 'xs' : 'md'} justify="space-between" wrap="nowrap" gap="xs">
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
        {/* On a phone the room goes to presence and alerts; each page names itself in its heading. */}
        {compact ? null : (
          <Text fw={700} size="lg" component="span">
            {t('app.name')}
          </Text>
        )}
      </Group>
      <Group gap={compact ? 'xs' : 'md'} wrap="nowrap">
        {hasPermission(session, 'telephony.answer') ? <SoftphoneBadge /> : null}
        {hasPermission(session, 'telephony.answer') ? <PresenceSwitch /> : null}
        {hasPermission(session, 'alerts.read') ? <AlertsBell /> : null}
        {compact ? null : <AccountControls session={session} onSignedOut={onSignedOut} />}
      </Group>
    </Group>
  );
}
