import type { SessionDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { alertTarget } from '@web/modules/alerts/hooks/use-alerts';
import { useAlertSubject } from '@web/modules/alerts/components/AlertsInbox';
import { hasPermission } from '@web/modules/auth/session';
import { LineNow } from '@web/modules/dashboards/components/LineNow';
import { useIncomingTransfers } from '@web/modules/cases/hooks/use-case-transfers';
import { useTaskTitle } from '@web/modules/cases/task-title';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { ChannelBadge } from '@web/modules/conversations/components/MessageContent';
import { Anchor, Badge, ErrorAlert, Group, LoadingState, Paper, SimpleGrid, Stack, Text, Title } from '@web/modules/ui';
import {
  SHOWN,
  useCallbacksToday,
  useMyTasks,
  useMyUnfinishedContacts,
  useOverdueReferrals,
  useReferralsAwaitingAnswer,
  useUnansweredConversations,
  useUnreadAlerts,
} from '../hooks/use-work-queue';

interface QueueCardProps<T> {
  id: string;
  title: string;
  query: UseQueryResult<{ items: T[]; total?: number }>;
  seeAll: string;
  empty: string;
  item: (row: T) => { key: string; href: string; label: ReactNode; detail?: ReactNode };
}

/** One kind of waiting work: how many, the first few (each opening its record), and the way to all of them. */
function QueueCard<T>({ id, title, query, seeAll, empty, item }: QueueCardProps<T>) {
  const { t } = useTranslation();
  const items = query.data?.items ?? [];
  const total = query.data?.total;
  const count = total ?? (items.length >= SHOWN ? `${SHOWN}+` : items.length);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`queue-${id}`} data-testid={`queue-${id}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5" id={`queue-${id}`}>
          {title}
        </Title>
        {query.data ? (
          <Badge variant="light" color={items.length ? 'blue' : 'gray'} data-testid={`queue-${id}-count`}>
            {count}
          </Badge>
        ) : null}
      </Group>
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : items.length ? (
        <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }}>
          {items.map((row) => {
            const entry = item(row);
            return (
              <li key={entry.key} data-testid={`queue-${id}-item`}>
                <Anchor component={Link} to={entry.href} size="sm" fw={500}>
                  {entry.label}
                </Anchor>
                {entry.detail ? (
                  <Text size="xs" c="dimmed">
                    {entry.detail}
                  </Text>
                ) : null}
              </li>
            );
          })}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
      <Anchor component={Link} to={seeAll} size="xs" mt="xs" display="inline-block">
        {t('home.queue.seeAll')}
      </Anchor>
    </Paper>
  );
}

/** The home page as each role's work queue: what waits for this person now, every item a link to its record. */
export function WorkQueue({ session }: { session: SessionDto }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const alertSubject = useAlertSubject();
  const taskTitle = useTaskTitle();
  const can = (permission: Parameters<typeof hasPermission>[1]) => hasPermission(session, permission);
  const roles = session.user.roles;
  const worksCases = roles.includes('case_worker') || roles.includes('supervisor');
  const partner = can('referrals.respond');
  const supervises = can('telephony.supervise');

  const contacts = useMyUnfinishedContacts(can('contacts.write'));
  const conversations = useUnansweredConversations(can('telephony.answer'));
  const callbacks = useCallbacksToday(can('callbacks.read'));
  const tasks = useMyTasks(worksCases && can('cases.read'));
  const referrals = useOverdueReferrals(worksCases && can('referrals.read'));
  const alerts = useUnreadAlerts(supervises && can('alerts.read'));
  const awaiting = useReferralsAwaitingAnswer(partner);
  const transfers = useIncomingTransfers(can('cases.assign'), SHOWN);

  return (
    <Stack gap="md" data-testid="work-queue">
      {supervises && can('dashboards.read') ? <LineNow /> : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {supervises && can('alerts.read') ? (
          <QueueCard
            id="alerts"
            title={t('home.queue.alerts')}
            query={alerts}
            seeAll="/alerts"
            empty={t('home.queue.alertsNone')}
            item={(a) => ({
              key: a.id,
              href: alertTarget(a) ?? '/alerts',
              label: t(`alerts.kinds.${a.kind}`),
              detail: `${alertSubject(a)} · ${formatDateTime(a.createdAt)}`,
            })}
          />
        ) : null}
        {can('contacts.write') ? (
          <QueueCard
            id="contacts"
            title={t('home.queue.contacts')}
            query={contacts}
            seeAll="/contacts"
            empty={t('home.queue.contactsNone')}
            item={(c) => ({
              key: c.id,
              href: `/contacts/${c.id}`,
              label: `${codes.label('contactChannel', c.channel)} · ${formatDateTime(c.startedAt)}`,
              detail: c.category ? codes.label('contactCategory', c.category) : t('home.queue.noCategory'),
            })}
          />
        ) : null}
        {can('telephony.answer') ? (
          <QueueCard
            id="conversations"
            title={t('home.queue.conversations')}
            query={conversations}
            seeAll="/messages"
            empty={t('home.queue.conversationsNone')}
            item={(c) => ({
              key: c.id,
              href: `/conversations/${c.id}`,
              label: (
                <>
                  <ChannelBadge channel={c.channel} /> {c.displayName ?? c.address}
                </>
              ),
              detail: t('home.queue.unanswered', { n: c.unanswered, time: formatDateTime(c.lastMessageAt) }),
            })}
          />
        ) : null}
        {can('callbacks.read') ? (
          <QueueCard
            id="callbacks"
            title={t('home.queue.callbacks')}
            query={callbacks}
            seeAll="/callbacks"
            empty={t('home.queue.callbacksNone')}
            item={(c) => ({
              key: c.id,
              href: c.caseId ? `/cases/${c.caseId}` : '/callbacks',
              label: `${c.caseReference ?? (c.phone ? formatPhone(c.phone) : '')} · ${formatDateTime(c.dueAt)}`,
              detail: codes.label('callbackStatus', c.status),
            })}
          />
        ) : null}
        {worksCases && can('cases.read') ? (
          <QueueCard
            id="tasks"
            title={t('home.queue.tasks')}
            query={tasks}
            seeAll="/cases"
            empty={t('home.queue.tasksNone')}
            item={(task) => ({
              key: task.id,
              href: `/cases/${task.caseId}`,
              label: taskTitle(task.title),
              detail: `${task.caseReference}${task.dueAt ? ` · ${t(task.overdue ? 'home.queue.overdueSince' : 'home.queue.dueAt', { time: formatDateTime(task.dueAt) })}` : ''}`,
            })}
          />
        ) : null}
        {can('cases.assign') ? (
          <QueueCard
            id="transfers"
            title={t('home.queue.transfers')}
            query={transfers}
            seeAll="/cases#incoming-transfers"
            empty={t('home.queue.transfersNone')}
            item={(x) => ({
              key: x.id,
              href: '/cases#incoming-transfers',
              label: `${x.caseReference} · ${x.fromOffice.name}`,
              detail: `${codes.label('caseType', x.caseType)} · ${formatDateTime(x.requestedAt)}`,
            })}
          />
        ) : null}
        {worksCases && can('referrals.read') ? (
          <QueueCard
            id="referrals"
            title={t('home.queue.referrals')}
            query={referrals}
            seeAll="/referrals"
            empty={t('home.queue.referralsNone')}
            item={(r) => ({
              key: r.id,
              href: `/cases/${r.caseId}`,
              label: `${r.caseReference} · ${r.organisationName}`,
              detail: r.dueAt ? t('home.queue.overdueSince', { time: formatDateTime(r.dueAt) }) : undefined,
            })}
          />
        ) : null}
        {partner ? (
          <QueueCard
            id="partner"
            title={t('home.queue.partner')}
            query={awaiting}
            seeAll="/partner"
            empty={t('home.queue.partnerNone')}
            item={(r) => ({
              key: r.id,
              href: '/partner',
              label: `${r.caseReference} · ${codes.label('serviceType', r.serviceType)}`,
              detail: r.dueAt ? t('home.queue.dueAt', { time: formatDateTime(r.dueAt) }) : undefined,
            })}
          />
        ) : null}
      </SimpleGrid>
    </Stack>
  );
}
