import { useDebouncedValue } from '@mantine/hooks';
import type { components } from '@mayak/api-client';
import { QUICK_REPLY_LANGUAGES, type MenuLanguage } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { useLocale } from '@web/modules/i18n/format';
import {
  Button,
  ConfirmDialog,
  DataTable,
  ErrorAlert,
  Group,
  LoadingState,
  NativeSelect,
  notifySuccess,
  PageHeader,
  Pager,
  Stack,
  Text,
  TextInput,
  usePagination,
  type Column,
} from '@web/modules/ui';
import { useQuickReplies, useRemoveQuickReply } from '../hooks/use-quick-replies';
import { QuickReplyFormDialog } from './QuickReplyFormDialog';

type QuickReplyDto = components['schemas']['QuickReplyDto'];

/** The office's quick replies by language: everyone on the line reads them, supervisors keep them. */
export function QuickRepliesScreen() {
  const { t } = useTranslation();
  const codes = useCodes();
  const locale = useLocale();
  const can = useCan();
  const canManage = can('knowledge.manage');
  const session = useSession();
  const offices = session.data?.user.offices ?? [];
  const pagination = usePagination();
  const [officeId, setOfficeId] = useState('');
  const [language, setLanguage] = useState<MenuLanguage | ''>('');
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const replies = useQuickReplies({
    limit: pagination.limit,
    offset: pagination.offset,
    ...(officeId ? { officeId } : {}),
    ...(language ? { language } : {}),
    ...(q ? { q } : {}),
  });
  const [editing, setEditing] = useState<{ reply: QuickReplyDto | null } | null>(null);
  const [removing, setRemoving] = useState<QuickReplyDto | null>(null);
  const remove = useRemoveQuickReply();
  const officeName = (id: string) => offices.find((o) => o.id === id)?.name ?? '';

  const columns: Column<QuickReplyDto>[] = [
    ...(offices.length > 1 ? [{ key: 'office', header: t('quickReplies.office'), cell: (r: QuickReplyDto) => officeName(r.officeId) }] : []),
    { key: 'language', header: t('quickReplies.language'), cell: (r) => codes.language(r.language) },
    {
      key: 'title',
      header: t('quickReplies.titleField'),
      cell: (r) => (
        <Text fw={600} size="sm">
          {r.title}
        </Text>
      ),
    },
    {
      key: 'body',
      header: t('quickReplies.body'),
      cell: (r) => (
        <Text size="sm" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
          {r.body}
        </Text>
      ),
    },
    ...(canManage
      ? [
          {
            key: 'actions',
            header: t('common.actions'),
            hideHeader: true,
            cell: (r: QuickReplyDto) => (
              <Group gap="xs" wrap="nowrap">
                <Button size="compact-sm" variant="light" onClick={() => setEditing({ reply: r })} aria-label={t('quickReplies.editNamed', { title: r.title })}>
                  {t('quickReplies.edit')}
                </Button>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => {
                    remove.reset();
                    setRemoving(r);
                  }}
                  aria-label={t('quickReplies.removeNamed', { title: r.title })}
                >
                  {t('quickReplies.remove')}
                </Button>
              </Group>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('quickReplies.title')}
        actions={
          canManage ? (
            <Button onClick={() => setEditing({ reply: null })} data-testid="quick-reply-create">
              {t('quickReplies.create')}
            </Button>
          ) : null
        }
      />
      <Stack gap="md" data-testid="quick-replies-page">
        <Text size="sm" c="dimmed">
          {t('quickReplies.description')}
        </Text>
        <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label={t('common.filters')}>
          <TextInput
            label={t('quickReplies.search')}
            name="q"
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              pagination.reset();
            }}
            autoComplete="off"
          />
          <NativeSelect
            label={t('quickReplies.language')}
            name="language"
            value={language}
            data={[{ value: '', label: t('quickReplies.allLanguages') }, ...QUICK_REPLY_LANGUAGES.map((value) => ({ value, label: codes.language(value) }))]}
            onChange={(e) => {
              setLanguage(e.currentTarget.value as MenuLanguage | '');
              pagination.reset();
            }}
          />
          {offices.length > 1 ? (
            <NativeSelect
              label={t('quickReplies.office')}
              name="officeId"
              value={officeId}
              data={[{ value: '', label: t('callbacks.filters.allOffices') }, ...offices.map((o) => ({ value: o.id, label: o.name }))]}
              onChange={(e) => {
                setOfficeId(e.currentTarget.value);
                pagination.reset();
              }}
            />
          ) : null}
        </Group>
        {replies.isPending ? (
          <LoadingState />
        ) : replies.isError ? (
          <ErrorAlert error={replies.error} />
        ) : (
          <>
            <DataTable
              caption={t('quickReplies.title')}
              columns={columns}
              rows={replies.data.items}
              rowKey={(r) => r.id}
              testId="quick-replies-table"
              rowTestId={(r) => `quick-reply-${r.id}`}
            />
            <Pager total={replies.data.total} state={pagination} />
          </>
        )}
      </Stack>
      <QuickReplyFormDialog
        opened={editing !== null}
        reply={editing?.reply ?? null}
        offices={offices}
        defaults={{ officeId: officeId || offices[0]?.id || '', language: language || (QUICK_REPLY_LANGUAGES.includes(locale) ? locale : 'ru') }}
        onClose={() => setEditing(null)}
        onSaved={() => {
          notifySuccess(editing?.reply ? t('quickReplies.updated') : t('quickReplies.created'));
          setEditing(null);
        }}
      />
      <ConfirmDialog
        opened={removing !== null}
        title={t('quickReplies.removeTitle')}
        message={t('quickReplies.removeMessage', { title: removing?.title ?? '' })}
        confirmLabel={t('quickReplies.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifySuccess(t('quickReplies.removed'));
              setRemoving(null);
            },
          })
        }
      />
    </>
  );
}
