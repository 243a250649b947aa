import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Button, DataTable, Group, StatusBadge, Text, type Column } from '@web/modules/ui';
import type { UserDto } from '../types';

export interface UserActions {
  onEdit: (user: UserDto) => void;
  onSetActive: (user: UserDto, active: boolean) => void;
  onResetMfa: (user: UserDto) => void;
  /** A new invitation (not joined yet) or a password-reset link (joined). */
  onSendLink: (user: UserDto) => void;
}

/** Users list; the actions column appears only for those allowed to manage users. */
export function UsersTable({ users, actions }: { users: UserDto[]; actions?: UserActions }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const columns: Column<UserDto>[] = [
    {
      key: 'name',
      header: t('users.nameAndEmail'),
      cell: (user) => (
        <>
          <Text size="sm" fw={500}>
            {user.displayName}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
        </>
      ),
    },
    { key: 'roles', header: t('users.roles'), cell: (user) => user.roles.map((role) => t(`roles.${role}`)).join(', ') },
    { key: 'offices', header: t('users.offices'), cell: (user) => user.offices.map((office) => office.name).join(', ') },
    {
      key: 'status',
      header: t('common.status'),
      cell: (user) => (
        <StatusBadge color={!user.active ? 'gray' : user.invitationPending ? 'blue' : 'green'}>
          {!user.active ? t('common.inactive') : user.invitationPending ? t('users.invited') : t('common.active')}
        </StatusBadge>
      ),
    },
    { key: 'mfa', header: t('users.mfa'), cell: (user) => (user.mfaEnrolled ? t('users.mfaOn') : t('users.mfaOff')) },
    { key: 'lastLogin', header: t('users.lastLogin'), cell: (user) => formatDateTime(user.lastLoginAt) },
  ];
  if (actions) {
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      cell: (user) => (
        <Group gap="xs" wrap="wrap">
          <Button size="xs" variant="light" onClick={() => actions.onEdit(user)} aria-label={t('users.editNamed', { name: user.displayName })}>
            {t('common.edit')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color={user.active ? 'red' : undefined}
            onClick={() => actions.onSetActive(user, !user.active)}
            aria-label={t(user.active ? 'users.deactivateNamed' : 'users.activateNamed', { name: user.displayName })}
          >
            {user.active ? t('users.deactivate') : t('users.activate')}
          </Button>
          {user.active ? (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => actions.onSendLink(user)}
              aria-label={t(user.invitationPending ? 'users.inviteAgainNamed' : 'users.sendResetNamed', { name: user.displayName })}
            >
              {user.invitationPending ? t('users.inviteAgain') : t('users.sendReset')}
            </Button>
          ) : null}
          {user.mfaEnrolled ? (
            <Button size="xs" variant="subtle" onClick={() => actions.onResetMfa(user)} aria-label={t('users.resetMfaNamed', { name: user.displayName })}>
              {t('users.resetMfa')}
            </Button>
          ) : null}
        </Group>
      ),
    });
  }
  return <DataTable caption={t('users.caption')} columns={columns} rows={users} rowKey={(user) => user.id} testId="users-table" />;
}
