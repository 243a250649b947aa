import { formatPhone } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/hooks/use-session';
import { useFormatDateTime } from '../../i18n/format';
import { FlagBadges } from '../../people/components/FlagList';
import {
  Anchor, Badge, Checkbox, ErrorAlert, Grid, Group, LoadingState, LoadMore, NativeSelect, PageHeader, Paper, Stack, Text, Title, UnstyledButton,
} from '../../ui';
import { threadFlags, useConversations } from '../hooks/use-messages';
import { ChannelBadge } from './MessageContent';
import { Conversation } from './Conversation';

/**
 * Text messages of my offices: threads (those waiting for an answer first, by default) and
 * the open conversation with a reply box. `message.received` refreshes both and the count in
 * the navigation.
 */
export function MessagesScreen({ threadId }: { threadId: string | null }) {
  const { t } = useTranslation();
  return (
    <div data-testid="messages-page">
      <PageHeader title={t('messages.title')} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }} display={{ base: threadId ? 'none' : 'block', md: 'block' }}>
          <ThreadList selectedId={threadId} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {threadId ? (
            <Stack gap="xs">
              <Anchor component={Link} to="/messages" size="sm" hiddenFrom="md">{t('messages.backToList')}</Anchor>
              <Conversation key={threadId} threadId={threadId} />
            </Stack>
          ) : (
            <Paper withBorder p="md" visibleFrom="md">
              <Text c="dimmed">{t('messages.chooseThread')}</Text>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </div>
  );
}

function ThreadList({ selectedId }: { selectedId: string | null }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const session = useSession();
  const offices = session.data?.user.offices ?? [];
  const [unanswered, setUnanswered] = useState(true);
  const [officeId, setOfficeId] = useState('');
  const [holder, setHolder] = useState<'' | 'me' | 'nobody'>('');
  const threads = useConversations({ ...(unanswered ? { unanswered: true } : {}), ...(officeId ? { officeId } : {}), ...(holder ? { holder } : {}) });
  const rows = threads.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="sms-threads-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="sms-threads-title">{t('messages.threads')}</Title>
        <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label={t('common.filters')}>
          <Checkbox label={t('messages.unansweredOnly')} name="unanswered" checked={unanswered} onChange={(event) => setUnanswered(event.currentTarget.checked)} />
          <NativeSelect size="xs" label={t('messages.holder.filter')} name="holder" value={holder} data-testid="conversations-holder-filter"
            data={[{ value: '', label: t('messages.holder.all') }, { value: 'me', label: t('messages.holder.mine') }, { value: 'nobody', label: t('messages.holder.nobodys') }]}
            onChange={(event) => setHolder(event.currentTarget.value as '' | 'me' | 'nobody')} />
          {offices.length > 1 ? (
            <NativeSelect size="xs" label={t('callbacks.filters.office')} name="officeId" value={officeId}
              data={[{ value: '', label: t('callbacks.filters.allOffices') }, ...offices.map((office) => ({ value: office.id, label: office.name }))]}
              onChange={(event) => setOfficeId(event.currentTarget.value)} />
          ) : null}
        </Group>
        {threads.isPending ? <LoadingState /> : threads.isError ? <ErrorAlert error={threads.error} /> : rows.length === 0 ? (
          <Text size="sm" c="dimmed">{unanswered ? t('messages.noUnanswered') : t('messages.noThreads')}</Text>
        ) : (
          <>
            <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('messages.threads')} data-testid="sms-threads">
              {rows.map((thread) => {
                const selected = thread.id === selectedId;
                return (
                  <li key={thread.id}>
                    <UnstyledButton
                      component={Link}
                      to={`/messages/${thread.id}`}
                      aria-current={selected ? 'page' : undefined}
                      data-testid={`sms-thread-${thread.id}`}
                      data-unanswered={thread.unanswered}
                      display="block"
                      w="100%"
                      p="xs"
                      bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
                      style={{ borderRadius: 'var(--mantine-radius-sm)', border: '1px solid var(--mantine-color-default-border)' }}
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" ff="monospace" fw={thread.unanswered ? 700 : 400}>{formatPhone(thread.address)}</Text>
                          <ChannelBadge channel={thread.channel} />
                        </Group>
                        {thread.unanswered ? (
                          <Badge color="red" variant="filled" size="sm" tt="none">{t('messages.unansweredCount', { n: thread.unanswered })}</Badge>
                        ) : null}
                      </Group>
                      <Group justify="space-between" wrap="wrap" gap="xs">
                        <Text size="xs" c="dimmed">{formatDateTime(thread.lastMessageAt)}</Text>
                        <Text size="xs" c="dimmed">{thread.lastDirection === 'outbound' ? t('messages.lastFromUs') : t('messages.lastFromClient')}</Text>
                      </Group>
                      {thread.holder ? <Text size="xs">{t('messages.holder.by', { name: thread.holder.displayName })}</Text> : null}
                      <FlagBadges flags={threadFlags(thread)} />
                    </UnstyledButton>
                  </li>
                );
              })}
            </Stack>
            <LoadMore shown={rows.length} hasMore={!!threads.hasNextPage} loading={threads.isFetchingNextPage} onLoadMore={() => void threads.fetchNextPage()} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
