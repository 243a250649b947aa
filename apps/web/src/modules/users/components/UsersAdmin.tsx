import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { hasPermission } from '@web/modules/auth/session';
import { Button, ConfirmDialog, ErrorAlert, LoadingState, notifySuccess, PageHeader, Pager, usePagination } from '@web/modules/ui';
import { useResetUserMfa, useSendAccountLink, useUpdateUser, useUsers } from '../hooks/use-users';
import type { IssuedAccountLinkDto, UserDto } from '../types';
import { AccountLinkHandover } from './AccountLinkHandover';
import { UserFilters, type UserFilterValues } from './UserFilters';
import { UserFormDialog } from './UserFormDialog';
import { UsersTable } from './UsersTable';

type Pending = { kind: 'deactivate' | 'resetMfa'; user: UserDto } | null;

/** Users screen: filters, the list, and (with users.manage) invite, edit, (de)activate, send a password reset, reset MFA. */
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
  const sendLink = useSendAccountLink();
  const [handover, setHandover] = useState<{ issued: IssuedAccountLinkDto; user: UserDto } | null>(null);

  /** Mailed: say so; mail off: the link for the administrator to pass on. */
  const linkIssued = (issued: IssuedAccountLinkDto, user: UserDto) => {
    if (issued.url) setHandover({ issued, user });
    else notifySuccess(t(issued.purpose === 'invitation' ? 'users.invitationMailed' : 'users.resetMailed', { email: user.email }));
  };
  const [editing, setEditing] = useState<{ user: UserDto | null } | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const setActive = (user: UserDto, active: boolean) => {
    if (!active) {
      update.reset();
      setPending({ kind: 'deactivate', user });
      return;
    }
    update.mutate({ id: user.id, body: { version: user.version, active: true } }, { onSuccess: () => notifySuccess(t('users.activated')) });
  };

  const confirmPending = () => {
    if (!pending) return;
    const close = () => setPending(null);
    if (pending.kind === 'deactivate') {
      update.mutate(
        { id: pending.user.id, body: { version: pending.user.version, active: false } },
        {
          onSuccess: () => {
            close();
            notifySuccess(t('users.deactivated'));
          },
        },
      );
    } else {
      resetMfa.mutate(pending.user.id, {
        onSuccess: () => {
          close();
          notifySuccess(t('users.mfaResetDone'));
        },
      });
    }
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        actions={
          canManage ? (
            <Button onClick={() => setEditing({ user: null })} data-testid="user-create">
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <UserFilters
        value={filters}
        onChange={(next) => {
          setFilters(next);
          pagination.reset();
        }}
      />
      {!pending && update.isError ? <ErrorAlert error={update.error} /> : null}
      {sendLink.isError ? <ErrorAlert error={sendLink.error} /> : null}
      {users.isPending ? (
        <LoadingState />
      ) : users.isError ? (
        <ErrorAlert error={users.error} />
      ) : (
        <>
          <UsersTable
            users={users.data.items}
            actions={
              canManage
                ? {
                    onEdit: (user) => setEditing({ user }),
                    onSetActive: setActive,
                    onResetMfa: (user) => {
                      resetMfa.reset();
                      setPending({ kind: 'resetMfa', user });
                    },
                    onSendLink: (user) =>
                      sendLink.mutate(
                        { id: user.id, purpose: user.invitationPending ? 'invitation' : 'password_reset' },
                        { onSuccess: (issued) => linkIssued(issued, user) },
                      ),
                  }
                : undefined
            }
          />
          <Pager total={users.data.total} state={pagination} />
        </>
      )}
      <UserFormDialog
        opened={editing !== null}
        user={editing?.user ?? null}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          if ('invitation' in saved && saved.invitation) linkIssued(saved.invitation, saved);
          else notifySuccess(editing?.user ? t('users.updated') : t('users.created'));
        }}
      />
      <AccountLinkHandover issued={handover?.issued ?? null} name={handover?.user.displayName ?? ''} onClose={() => setHandover(null)} />
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
