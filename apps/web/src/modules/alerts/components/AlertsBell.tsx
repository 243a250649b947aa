import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Button } from '@web/modules/ui';
import { useLiveAlerts, useUnreadAlertCount } from '../hooks/use-alerts';
import { BellIcon } from './BellIcon';

/** The header's bell: a link to the alerts inbox, named with the unread count for screen readers. */
export function AlertsBell() {
  const { t } = useTranslation();
  const unread = useUnreadAlertCount();
  useLiveAlerts(true);
  const count = unread.data ?? 0;
  return (
    <Button
      component={Link}
      to="/alerts"
      variant={count > 0 ? 'light' : 'subtle'}
      color={count > 0 ? 'red' : 'gray'}
      size="xs"
      px="xs"
      data-testid="alerts-bell"
      data-unread={count}
      aria-label={count > 0 ? t('alerts.bellUnread', { n: count }) : t('alerts.bellNone')}
      leftSection={<BellIcon size={18} />}
    >
      {count > 0 ? (
        <Badge color="red" variant="filled" size="sm" circle={count < 10} aria-hidden="true">
          {count > 99 ? '99+' : count}
        </Badge>
      ) : null}
    </Button>
  );
}
