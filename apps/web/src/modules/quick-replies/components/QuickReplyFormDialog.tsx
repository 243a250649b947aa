import { useForm } from '@mantine/form';
import type { components } from '@mayak/api-client';
import { MESSAGE_BODY_MAX, QUICK_REPLY_LANGUAGES, QUICK_REPLY_TITLE_MAX, type MenuLanguage } from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, Dialog, ErrorAlert, Group, NativeSelect, Stack, Textarea, TextInput } from '@web/modules/ui';
import { useCreateQuickReply, useUpdateQuickReply } from '../hooks/use-quick-replies';

type QuickReplyDto = components['schemas']['QuickReplyDto'];

interface Values {
  officeId: string;
  language: MenuLanguage;
  title: string;
  body: string;
}

/** Write or edit a quick reply: office and language (fixed once written), title, text. */
export function QuickReplyFormDialog({
  opened,
  reply,
  offices,
  defaults,
  onClose,
  onSaved,
}: {
  opened: boolean;
  reply: QuickReplyDto | null;
  offices: { id: string; name: string }[];
  defaults: { officeId: string; language: MenuLanguage };
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const create = useCreateQuickReply();
  const update = useUpdateQuickReply();
  const mutation = reply ? update : create;
  const valuesOf = (): Values => ({
    officeId: reply?.officeId ?? defaults.officeId,
    language: reply?.language ?? defaults.language,
    title: reply?.title ?? '',
    body: reply?.body ?? '',
  });
  const form = useForm<Values>({
    initialValues: valuesOf(),
    validate: {
      title: (value) => (value.trim() ? null : t('fieldErrors.required')),
      body: (value) => (value.trim() ? null : t('fieldErrors.required')),
    },
  });

  useEffect(() => {
    if (opened) {
      form.setValues(valuesOf());
      form.clearErrors();
      create.reset();
      update.reset();
    }
  }, [opened, reply]);

  const submit = form.onSubmit((values) => {
    const onError = (error: unknown) => form.setErrors(fieldErrorsOf(t, error));
    if (reply)
      update.mutate({ id: reply.id, body: { version: reply.version, title: values.title.trim(), body: values.body.trim() } }, { onSuccess: onSaved, onError });
    else
      create.mutate(
        { officeId: values.officeId, language: values.language, title: values.title.trim(), body: values.body.trim() },
        { onSuccess: onSaved, onError },
      );
  });

  return (
    <Dialog opened={opened} onClose={onClose} title={reply ? t('quickReplies.edit') : t('quickReplies.create')} size="lg">
      <form onSubmit={submit} noValidate data-testid="quick-reply-form">
        <Stack>
          <ErrorAlert error={mutation.error} />
          {offices.length > 1 ? (
            <NativeSelect
              label={t('quickReplies.office')}
              name="officeId"
              disabled={!!reply}
              data={offices.map((o) => ({ value: o.id, label: o.name }))}
              {...form.getInputProps('officeId')}
            />
          ) : null}
          <NativeSelect
            label={t('quickReplies.language')}
            name="language"
            disabled={!!reply}
            data={QUICK_REPLY_LANGUAGES.map((value) => ({ value, label: codes.language(value) }))}
            {...form.getInputProps('language')}
          />
          <TextInput
            label={t('quickReplies.titleField')}
            name="title"
            required
            data-autofocus
            maxLength={QUICK_REPLY_TITLE_MAX}
            autoComplete="off"
            {...form.getInputProps('title')}
          />
          <Textarea
            label={t('quickReplies.body')}
            description={t('quickReplies.bodyHint', { n: form.values.body.length, max: MESSAGE_BODY_MAX })}
            name="body"
            required
            autosize
            minRows={4}
            maxRows={12}
            maxLength={MESSAGE_BODY_MAX}
            {...form.getInputProps('body')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="quick-reply-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
