import { NavLink } from '@mantine/core';
import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { hasPermission } from '../auth/session';
import { NAV_ITEMS } from './nav-items';

/** Left navigation, built from the user's permissions (not their role names). */
export function Navigation({ session, onNavigate }: { session: SessionDto; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const items = NAV_ITEMS.filter((item) => !item.permission || hasPermission(session, item.permission));
  return (
    <ul role="list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => {
        const active = item.path === '/' ? pathname === '/' : pathname.startsWith(item.path);
        return (
          <li key={item.path}>
            <NavLink
              component={Link}
              to={item.path}
              label={t(item.labelKey)}
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
