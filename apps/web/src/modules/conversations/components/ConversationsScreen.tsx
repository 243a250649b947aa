import { formatPhone } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { FlagBadges } from '@web/modules/people/components/FlagList';
import {
  Anchor,
  Badge,
  Checkbox,
  ErrorAlert,
  Grid,
  Group,
  LoadingState,
  LoadMore,
  NativeSelect,
  PageHeader,
  Paper,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@web/modules/ui';
import { conversationFlags, useConversations } from '../hooks/use-conversations';
import { ChannelBadge } from './MessageContent';
import { Conversation } from './Conversation';

/**
 * Text messages of my offices: conversations (those waiting for an answer first, by default) and
 * the open conversation with a reply box. `message.received` refreshes both and the count in
 * the navigation.
 */
export function ConversationsScreen({ conversationId }: { conversationId: string | null }) {
  const { t } = useTranslation();
  return (
    <div data-testid="messages-page">
      <PageHeader title={t('conversations.title')} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }} display={{ base: conversationId ? 'none' : 'block', md: 'block' }}>
          <ConversationList selectedId={conversationId} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {conversationId ? (
            <Stack gap="xs">
              <Anchor component={Link} to="/messages" size="sm" hiddenFrom="md">
                {t('conversations.backToList')}
              </Anchor>
              <Conversation key={conversationId} conversationId={conversationId} />
            </Stack>
          ) : (
            <Paper withBorder p="md" visibleFrom="md">
              <Text c="dimmed">{t('conversations.choose')}</Text>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </div>
  );
}

function ConversationList({ selectedId }: { selectedId: string | null }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const session = useSession();
  const offices = session.data?.user.offices ?? [];
  const [unanswered, setUnanswered] = useState(true);
  const [officeId, setOfficeId] = useState('');
  const [holder, setHolder] = useState<'' | 'me' | 'nobody'>('');
  const conversations = useConversations({ ...(unanswered ? { unanswered: true } : {}), ...(officeId ? { officeId } : {}), ...(holder ? { holder } : {}) });
  const rows = conversations.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="conversation-list-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="conversation-list-title">
          {t('conversations.list')}
        </Title>
        <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label={t('common.filters')}>
          <Checkbox
            label={t('conversations.unansweredOnly')}
            name="unanswered"
            checked={unanswered}
            onChange={(event) => setUnanswered(event.currentTarget.checked)}
          />
          <NativeSelect
            size="xs"
            label={t('conversations.holder.filter')}
            name="holder"
            value={holder}
            data-testid="conversations-holder-filter"
            data={[
              { value: '', label: t('conversations.holder.all') },
              { value: 'me', label: t('conversations.holder.mine') },
              { value: 'nobody', label: t('conversations.holder.nobodys') },
            ]}
            onChange={(event) => setHolder(event.currentTarget.value as '' | 'me' | 'nobody')}
          />
          {offices.length > 1 ? (
            <NativeSelect
              size="xs"
              label={t('callbacks.filters.office')}
              name="officeId"
              value={officeId}
              data={[{ value: '', label: t('callbacks.filters.allOffices') }, ...offices.map((office) => ({ value: office.id, label: office.name }))]}
              onChange={(event) => setOfficeId(event.currentTarget.value)}
            />
          ) : null}
        </Group>
        {conversations.isPending ? (
          <LoadingState />
        ) : conversations.isError ? (
          <ErrorAlert error={conversations.error} />
        ) : rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {unanswered ? t('conversations.noUnanswered') : t('conversations.none')}
          </Text>
        ) : (
          <>
            <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('conversations.list')} data-testid="conversation-list">
              {rows.map((conversation) => {
                const selected = conversation.id === selectedId;
                return (
                  <li key={conversation.id}>
                    <UnstyledButton
                      component={Link}
                      to={`/conversations/${conversation.id}`}
                      aria-current={selected ? 'page' : undefined}
                      data-testid={`conversation-item-${conversation.id}`}
                      data-unanswered={conversation.unanswered}
                      display="block"
                      w="100%"
                      p="xs"
                      bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
                      style={{ borderRadius: 'var(--mantine-radius-sm)', border: '1px solid var(--mantine-color-default-border)' }}
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" ff="monospace" fw={conversation.unanswered ? 700 : 400}>
                            {formatPhone(conversation.address)}
                          </Text>
                          <ChannelBadge channel={conversation.channel} />
                        </Group>
                        {conversation.unanswered ? (
                          <Badge color="red" variant="filled" size="sm" tt="none">
                            {t('conversations.unansweredCount', { n: conversation.unanswered })}
                          </Badge>
                        ) : null}
                      </Group>
                      <Group justify="space-between" wrap="wrap" gap="xs">
                        <Text size="xs" c="dimmed">
                          {formatDateTime(conversation.lastMessageAt)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {conversation.lastDirection === 'outbound' ? t('conversations.lastFromUs') : t('conversations.lastFromClient')}
                        </Text>
                      </Group>
                      {conversation.holder ? <Text size="xs">{t('conversations.holder.by', { name: conversation.holder.displayName })}</Text> : null}
                      <FlagBadges flags={conversationFlags(conversation)} />
                    </UnstyledButton>
                  </li>
                );
              })}
            </Stack>
            <LoadMore
              shown={rows.length}
              hasMore={!!conversations.hasNextPage}
              loading={conversations.isFetchingNextPage}
              onLoadMore={() => void conversations.fetchNextPage()}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
