import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/hooks/use-session';
import { hasPermission } from '../../auth/session';
import { Button, ConfirmDialog, ErrorAlert, LoadingState, notifySuccess, PageHeader, Pager, usePagination } from '../../ui';
import { useResetUserMfa, useUpdateUser, useUsers } from '../hooks/use-users';
import type { UserDto } from '../types';
import { UserFilters, type UserFilterValues } from './UserFilters';
import { UserFormDialog } from './UserFormDialog';
import { UsersTable } from './UsersTable';

type Pending = { kind: 'deactivate' | 'resetMfa'; user: UserDto } | null;

/** Users screen: filters, the list, and (with users.manage) create, edit, (de)activate, reset MFA. */
export function UsersAdmin() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = hasPermission(session.data, 'users.manage');
  const pagination = usePagination();
  const [filters, setFilters] = useState<UserFilterValues>({ q: '', role: '', officeId: '', active: '' });
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const users = useUsers({
    limit: pagination.limit,
    offset: pagination.offset,
    ...(q ? { q } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.officeId ? { officeId: filters.officeId } : {}),
    ...(filters.active ? { active: filters.active === 'true' } : {}),
  });
  const update = useUpdateUser();
  const resetMfa = useResetUserMfa();
  const [editing, setEditing] = useState<{ user: UserDto | null } | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const setActive = (user: UserDto, active: boolean) => {
    if (!active) {
      update.reset();
      setPending({ kind: 'deactivate', user });
      return;
    }
    update.mutate(
      { id: user.id, body: { version: user.version, active: true } },
      { onSuccess: () => notifySuccess(t('users.activated')) },
    );
  };

  const confirmPending = () => {
    if (!pending) return;
    const close = () => setPending(null);
    if (pending.kind === 'deactivate') {
      update.mutate(
        { id: pending.user.id, body: { version: pending.user.version, active: false } },
        { onSuccess: () => { close(); notifySuccess(t('users.deactivated')); } },
      );
    } else {
      resetMfa.mutate(pending.user.id, {
        onSuccess: () => { close(); notifySuccess(t('users.mfaResetDone')); },
      });
    }
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        actions={canManage ? <Button onClick={() => setEditing({ user: null })} data-testid="user-create">{t('users.create')}</Button> : null}
      />
      <UserFilters value={filters} onChange={(next) => { setFilters(next); pagination.reset(); }} />
      {!pending && update.isError ? <ErrorAlert error={update.error} /> : null}
      {users.isPending ? <LoadingState /> : users.isError ? <ErrorAlert error={users.error} /> : (
        <>
          <UsersTable
            users={users.data.items}
            actions={canManage ? { onEdit: (user) => setEditing({ user }), onSetActive: setActive, onResetMfa: (user) => { resetMfa.reset(); setPending({ kind: 'resetMfa', user }); } } : undefined}
          />
          <Pager total={users.data.total} state={pagination} />
        </>
      )}
      <UserFormDialog
        opened={editing !== null}
        user={editing?.user ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          notifySuccess(editing?.user ? t('users.updated') : t('users.created'));
          setEditing(null);
        }}
      />
      <ConfirmDialog
        opened={pending !== null}
        title={pending?.kind === 'resetMfa' ? t('users.resetMfa') : t('users.deactivate')}
        message={pending ? t(pending.kind === 'resetMfa' ? 'users.resetMfaConfirm' : 'users.deactivateConfirm', { name: pending.user.displayName }) : ''}
        confirmLabel={pending?.kind === 'resetMfa' ? t('users.resetMfa') : t('users.deactivate')}
        danger
        loading={update.isPending || resetMfa.isPending}
        error={pending?.kind === 'resetMfa' ? resetMfa.error : update.error}
        onConfirm={confirmPending}
        onClose={() => setPending(null)}
      />
    </>
  );
}
