import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { Button, ErrorAlert, Group, NativeSelect, notifySuccess, Paper, Stack, Text, Title } from '@web/modules/ui';
import { useAssignableUsers, useAssignCase, useShareCase, useUnshareCase } from '../hooks/use-cases';
import type { CaseDto } from '../types';

/**
 * Who works on the case: the assignee (only those with `cases.assign` in the case's office
 * may change it) and colleagues it is shared with (whoever may manage the case).
 */
export function CaseTeam({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const session = useSession();
  const mayAssign = can('cases.assign') && !!session.data?.user.offices.some((office) => office.id === c.officeId);
  const users = useAssignableUsers(c.officeId, mayAssign || c.canManage);
  const assign = useAssignCase(c.id);
  const share = useShareCase(c.id);
  const unshare = useUnshareCase(c.id);
  const [assigneeId, setAssigneeId] = useState<string>(c.assignee?.id ?? '');
  const [shareWith, setShareWith] = useState('');
  const shareChoices = (users.data ?? []).filter((user) => user.id !== c.assignee?.id && !c.sharedWith.some((shared) => shared.id === user.id));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-team-title" data-testid="case-team">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-team-title">
          {t('team.title')}
        </Title>
        <Text size="sm">{t('team.assignee', { name: c.assignee?.displayName ?? t('cases.unassigned') })}</Text>
        {users.isError ? <ErrorAlert error={users.error} /> : null}
        {mayAssign ? (
          <Group align="flex-end" gap="xs" wrap="wrap">
            <NativeSelect
              label={t('team.assignTo')}
              value={assigneeId}
              data={[{ value: '', label: t('cases.unassigned') }, ...(users.data ?? []).map((user) => ({ value: user.id, label: user.displayName }))]}
              onChange={(event) => setAssigneeId(event.currentTarget.value)}
            />
            <Button
              size="sm"
              variant="light"
              loading={assign.isPending}
              disabled={(c.assignee?.id ?? '') === assigneeId}
              onClick={() => assign.mutate({ version: c.version, assigneeId: assigneeId || null }, { onSuccess: () => notifySuccess(t('team.assigned')) })}
            >
              {t('team.assign')}
            </Button>
          </Group>
        ) : null}
        <ErrorAlert error={assign.error} />
        <Title order={3} size="h6">
          {t('team.sharedWith')}
        </Title>
        {c.sharedWith.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('team.notShared')}
          </Text>
        ) : null}
        {c.sharedWith.map((user) => (
          <Group key={user.id} justify="space-between" gap="xs">
            <Text size="sm">{user.displayName}</Text>
            {c.canManage ? (
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                loading={unshare.isPending && unshare.variables === user.id}
                onClick={() => unshare.mutate(user.id)}
                aria-label={t('team.unshareNamed', { name: user.displayName })}
              >
                {t('team.unshare')}
              </Button>
            ) : null}
          </Group>
        ))}
        {c.canManage && shareChoices.length ? (
          <Group align="flex-end" gap="xs" wrap="wrap">
            <NativeSelect
              label={t('team.shareWith')}
              value={shareWith}
              data={[{ value: '', label: t('common.choose') }, ...shareChoices.map((user) => ({ value: user.id, label: user.displayName }))]}
              onChange={(event) => setShareWith(event.currentTarget.value)}
            />
            <Button
              size="sm"
              variant="light"
              disabled={!shareWith}
              loading={share.isPending}
              onClick={() =>
                share.mutate(shareWith, {
                  onSuccess: () => {
                    setShareWith('');
                    notifySuccess(t('team.shared'));
                  },
                })
              }
            >
              {t('team.share')}
            </Button>
          </Group>
        ) : null}
        <ErrorAlert error={share.error ?? unshare.error} />
      </Stack>
    </Paper>
  );
}
