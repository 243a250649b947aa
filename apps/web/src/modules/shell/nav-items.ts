import type { Permission } from '@mayak/domain';

export interface NavItem {
  path: string;
  /** i18n key of the label. */
  labelKey: string;
  /** Shown only to users holding this permission; none = every signed-in user. */
  permission?: Permission;
  testId: string;
  /** A live count shown beside the label (e.g. unanswered texts). */
  badge?: 'unansweredConversations';
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', labelKey: 'nav.home', testId: 'nav-home' },
  { path: '/dashboard', labelKey: 'nav.dashboard', permission: 'dashboards.read', testId: 'nav-dashboard' },
  { path: '/intake', labelKey: 'nav.intake', permission: 'contacts.write', testId: 'nav-intake' },
  { path: '/contacts', labelKey: 'nav.contacts', permission: 'contacts.read', testId: 'nav-contacts' },
  { path: '/cases', labelKey: 'nav.cases', permission: 'cases.read', testId: 'nav-cases' },
  { path: '/people', labelKey: 'nav.people', permission: 'people.read', testId: 'nav-people' },
  { path: '/callbacks', labelKey: 'nav.callbacks', permission: 'callbacks.read', testId: 'nav-callbacks' },
  { path: '/conversations', labelKey: 'nav.conversations', permission: 'telephony.answer', testId: 'nav-conversations', badge: 'unansweredConversations' },
  { path: '/referrals', labelKey: 'nav.referrals', permission: 'referrals.read', testId: 'nav-referrals' },
  { path: '/alerts', labelKey: 'nav.alerts', permission: 'alerts.read', testId: 'nav-alerts' },
  { path: '/exports', labelKey: 'nav.exports', permission: 'exports.run', testId: 'nav-exports' },
  { path: '/directory', labelKey: 'nav.directory', permission: 'directory.read', testId: 'nav-directory' },
  { path: '/knowledge', labelKey: 'nav.knowledge', permission: 'knowledge.read', testId: 'nav-knowledge' },
  { path: '/quick-replies', labelKey: 'nav.quick-replies', permission: 'knowledge.manage', testId: 'nav-quick-replies' },
  { path: '/partner', labelKey: 'nav.partner', permission: 'referrals.respond', testId: 'nav-partner' },
  { path: '/admin/users', labelKey: 'nav.users', permission: 'users.read', testId: 'nav-users' },
  { path: '/admin/offices', labelKey: 'nav.offices', permission: 'offices.read', testId: 'nav-offices' },
  { path: '/admin/retention', labelKey: 'nav.retention', permission: 'retention.manage', testId: 'nav-retention' },
  { path: '/admin/queues', labelKey: 'nav.queues', permission: 'queues.read', testId: 'nav-queues' },
  { path: '/admin/merges', labelKey: 'nav.person-merges', permission: 'people.unmerge', testId: 'nav-person-merges' },
  { path: '/audit', labelKey: 'nav.audit', permission: 'audit.read', testId: 'nav-audit' },
  { path: '/account', labelKey: 'nav.account', testId: 'nav-account' },
];
