import { NavLink } from '@mantine/core';
import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { hasPermission } from '../auth/session';
import { useUnansweredCount } from '../conversations/hooks/use-conversations';
import { Badge } from '../ui';
import { NAV_ITEMS, type NavItem } from './nav-items';

/** Left navigation, built from the user's permissions (not their role names). */
export function Navigation({ session, onNavigate }: { session: SessionDto; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const items = NAV_ITEMS.filter((item) => !item.permission || hasPermission(session, item.permission));
  const unanswered = useUnansweredCount(items.some((item) => item.badge === 'unansweredConversations'));
  const badgeOf = (item: NavItem): { count: number; text: string } | null => {
    if (item.badge !== 'unansweredConversations' || !unanswered.data?.count) return null;
    const { count, more } = unanswered.data;
    return { count, text: more ? `${count}+` : String(count) };
  };
  return (
    <ul role="list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => {
        const active = item.path === '/' ? pathname === '/' : pathname.startsWith(item.path);
        const badge = badgeOf(item);
        return (
          <li key={item.path}>
            <NavLink
              component={Link}
              to={item.path}
              label={t(item.labelKey)}
              aria-label={badge ? t('nav.withCount', { label: t(item.labelKey), n: badge.text }) : undefined}
              rightSection={
                badge ? (
                  <Badge color="red" variant="filled" size="sm" aria-hidden="true" data-testid={`${item.testId}-badge`}>
                    {badge.text}
                  </Badge>
                ) : undefined
              }
              data-count={badge?.count}
              active={active}
              aria-current={active ? 'page' : undefined}
              data-testid={item.testId}
              onClick={onNavigate}
            />
          </li>
        );
      })}
    </ul>
  );
}
