import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useFormatDate } from '@web/modules/i18n/format';
import {
  Badge,
  Box,
  Button,
  DateField,
  ErrorAlert,
  Group,
  LoadingState,
  NativeSelect,
  notifySuccess,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@web/modules/ui';
import { useAssignableUsers, useCreateTask, useTasks, useUpdateTask } from '../hooks/use-cases';
import { useTaskTitle } from '../task-title';
import type { CaseDto, TaskDto } from '../types';
import { today } from '@web/modules/clock/console-clock';

/** A due day from a date field: the end of that local day. */
function dueAtOf(day: string): string | undefined {
  return day ? new Date(`${day}T23:59:00`).toISOString() : undefined;
}

/** Follow-up work with due dates: add (with an assignee), mark done, reopen. */
export function CaseTasks({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const formatDate = useFormatDate();
  const titleOf = useTaskTitle();
  const tasks = useTasks(c.id);
  const create = useCreateTask(c.id);
  const update = useUpdateTask(c.id);
  const contributor = can('cases.contribute');
  const users = useAssignableUsers(c.officeId, contributor);
  const todayOnScreen = today();
  const form = useForm({
    initialValues: { title: '', dueOn: '', assigneeId: '' },
    validate: { title: (value) => (value.trim() ? null : t('fieldErrors.required')) },
  });
  const canAdd = contributor && c.status !== 'closed';

  const setStatus = (task: TaskDto, status: 'open' | 'done') =>
    update.mutate(
      { taskId: task.id, body: { version: task.version, status } },
      {
        onSuccess: () =>
          notifySuccess(status === 'done' ? t('tasks.markedDone', { title: titleOf(task.title) }) : t('tasks.reopened', { title: titleOf(task.title) })),
      },
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-tasks-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-tasks-title">
          {t('tasks.title')}
        </Title>
        <ErrorAlert error={update.error} />
        {tasks.isPending ? (
          <LoadingState />
        ) : tasks.isError ? (
          <ErrorAlert error={tasks.error} />
        ) : (
          <Box component="ul" data-testid="tasks" aria-label={t('tasks.listLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {tasks.data.length === 0 ? (
              <Text component="li" size="sm" c="dimmed">
                {t('tasks.none')}
              </Text>
            ) : null}
            {tasks.data.map((task) => (
              <Box
                component="li"
                key={task.id}
                py="xs"
                data-task-status={task.status}
                data-plan-kind={task.planKind ?? undefined}
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
              >
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={0}>
                    <Text size="sm" fw={600} td={task.status === 'done' ? 'line-through' : undefined}>
                      {titleOf(task.title)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {task.dueAt ? t('tasks.due', { date: formatDate(task.dueAt) }) : t('tasks.noDue')}
                      {` · ${task.assignee?.displayName ?? t('cases.unassigned')}`}
                    </Text>
                    {task.planId && task.status === 'open' ? (
                      <Text size="xs" c="dimmed">
                        {t('tasks.followsPlan')}
                      </Text>
                    ) : null}
                  </Stack>
                  <Group gap="xs">
                    {task.overdue ? (
                      <Badge color="red" variant="light" tt="none">
                        {t('tasks.overdue')}
                      </Badge>
                    ) : null}
                    <Badge color={task.status === 'done' ? 'green' : task.status === 'cancelled' ? 'gray' : 'blue'} variant="light" tt="none">
                      {t(`tasks.status.${task.status}`)}
                    </Badge>
                    {contributor && task.status === 'open' && !task.planId ? (
                      <Button
                        size="compact-sm"
                        variant="light"
                        loading={update.isPending && update.variables?.taskId === task.id}
                        onClick={() => setStatus(task, 'done')}
                        aria-label={t('tasks.markDoneNamed', { title: titleOf(task.title) })}
                      >
                        {t('tasks.markDone')}
                      </Button>
                    ) : null}
                    {contributor && task.status === 'done' && c.status !== 'closed' && !task.planId ? (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        loading={update.isPending && update.variables?.taskId === task.id}
                        onClick={() => setStatus(task, 'open')}
                        aria-label={t('tasks.reopenNamed', { title: titleOf(task.title) })}
                      >
                        {t('tasks.reopen')}
                      </Button>
                    ) : null}
                  </Group>
                </Group>
              </Box>
            ))}
          </Box>
        )}
        {canAdd ? (
          <form
            noValidate
            data-testid="task-form"
            onSubmit={form.onSubmit((values) =>
              create.mutate(
                {
                  title: values.title.trim(),
                  ...(values.dueOn ? { dueAt: dueAtOf(values.dueOn) } : {}),
                  ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
                },
                {
                  onSuccess: (task) => {
                    form.reset();
                    notifySuccess(t('tasks.added', { title: titleOf(task.title) }));
                  },
                  onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
                },
              ),
            )}
          >
            <Stack gap="xs">
              <Title order={3} size="h6">
                {t('tasks.add')}
              </Title>
              <ErrorAlert error={create.error} />
              <TextInput label={t('tasks.taskTitle')} maxLength={300} {...form.getInputProps('title')} />
              <Group grow align="flex-start" wrap="wrap">
                <DateField label={t('tasks.dueOn')} min={todayOnScreen} {...form.getInputProps('dueOn')} />
                <NativeSelect
                  label={t('tasks.assignee')}
                  data={[
                    { value: '', label: c.assignee ? t('tasks.caseAssignee', { name: c.assignee.displayName }) : t('cases.unassigned') },
                    ...(users.data ?? []).map((user) => ({ value: user.id, label: user.displayName })),
                  ]}
                  {...form.getInputProps('assigneeId')}
                />
              </Group>
              <Group>
                <Button type="submit" size="sm" loading={create.isPending}>
                  {t('tasks.addButton')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Paper>
  );
}
