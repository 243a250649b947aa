import { useForm } from '@mantine/form';
import type { components } from '@mayak/api-client';
import { MESSAGE_BODY_MAX, placeholdersAreSequential, QUICK_REPLY_LANGUAGES, type MenuLanguage } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import { useMessageTemplates, useSaveMessageTemplate } from '@web/modules/conversations/hooks/use-templates';
import {
  Button,
  DataTable,
  ErrorAlert,
  Group,
  NativeSelect,
  notifySuccess,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  type Column,
} from '@web/modules/ui';

type MessageTemplateDto = components['schemas']['MessageTemplateDto'];

interface Values {
  language: MenuLanguage;
  name: string;
  contentSid: string;
  body: string;
}

/** The line's approved WhatsApp templates: administrators register each (Twilio's ContentSid and the approved text). */
export function TemplatesSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const templates = useMessageTemplates(null);
  const save = useSaveMessageTemplate();
  const [adding, setAdding] = useState(false);
  const form = useForm<Values>({
    initialValues: { language: 'ru', name: '', contentSid: '', body: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('fieldErrors.required')),
      contentSid: (v) => (/^HX[0-9a-f]{32}$/.test(v.trim()) ? null : t('templatesAdmin.sidHint')),
      body: (v) => (!v.trim() ? t('fieldErrors.required') : placeholdersAreSequential(v) ? null : t('templatesAdmin.placeholdersHint')),
    },
  });

  const columns: Column<MessageTemplateDto>[] = [
    { key: 'language', header: t('quickReplies.language'), cell: (x) => codes.language(x.language) },
    {
      key: 'name',
      header: t('templatesAdmin.name'),
      cell: (x) => (
        <Text size="sm" fw={600}>
          {x.name}
        </Text>
      ),
    },
    {
      key: 'body',
      header: t('quickReplies.body'),
      cell: (x) => (
        <Text size="sm" lineClamp={3}>
          {x.body}
        </Text>
      ),
    },
    { key: 'active', header: t('templatesAdmin.state'), cell: (x) => (x.active ? t('templatesAdmin.inUse') : t('templatesAdmin.outOfUse')) },
    ...(canManage
      ? [
          {
            key: 'actions',
            header: t('common.actions'),
            hideHeader: true,
            cell: (x: MessageTemplateDto) => (
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => save.mutate({ id: x.id, body: { version: x.version, active: !x.active } })}
                aria-label={`${x.active ? t('templatesAdmin.retire') : t('templatesAdmin.restore')}: ${x.name}`}
              >
                {x.active ? t('templatesAdmin.retire') : t('templatesAdmin.restore')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="templates-title" mt="lg" data-testid="templates-section">
      <Title order={2} size="h4" id="templates-title" mb="xs">
        {t('templatesAdmin.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('templatesAdmin.intro')}
      </Text>
      <ErrorAlert error={templates.error ?? save.error} />
      <DataTable
        caption={t('templatesAdmin.title')}
        columns={columns}
        rows={templates.data ?? []}
        rowKey={(x) => x.id}
        testId="templates-table"
        minWidth={560}
      />
      {canManage ? (
        adding ? (
          <form
            noValidate
            data-testid="template-admin-form"
            onSubmit={form.onSubmit((values) =>
              save.mutate(
                { id: null, body: { language: values.language, name: values.name.trim(), contentSid: values.contentSid.trim(), body: values.body.trim() } },
                {
                  onSuccess: () => {
                    notifySuccess(t('templatesAdmin.saved'));
                    form.reset();
                    setAdding(false);
                  },
                  onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
                },
              ),
            )}
          >
            <Stack gap="xs" mt="sm">
              <NativeSelect
                label={t('quickReplies.language')}
                data={QUICK_REPLY_LANGUAGES.map((value) => ({ value, label: codes.language(value) }))}
                {...form.getInputProps('language')}
              />
              <TextInput label={t('templatesAdmin.name')} required maxLength={80} data-autofocus {...form.getInputProps('name')} />
              <TextInput
                label={t('templatesAdmin.sid')}
                description={t('templatesAdmin.sidHint')}
                required
                maxLength={34}
                {...form.getInputProps('contentSid')}
              />
              <Textarea
                label={t('quickReplies.body')}
                description={t('templatesAdmin.placeholdersHint')}
                required
                autosize
                minRows={3}
                maxLength={MESSAGE_BODY_MAX}
                {...form.getInputProps('body')}
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setAdding(false)}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={save.isPending} data-testid="template-admin-save">
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Button mt="sm" variant="light" onClick={() => setAdding(true)} data-testid="template-admin-add">
            {t('templatesAdmin.add')}
          </Button>
        )
      ) : null}
    </Paper>
  );
}
