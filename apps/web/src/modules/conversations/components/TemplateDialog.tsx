import { useForm } from '@mantine/form';
import { QUICK_REPLY_LANGUAGES, renderTemplate, TEMPLATE_VALUE_MAX, templatePlaceholders, type MenuLanguage } from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { useLocale } from '@web/modules/i18n/format';
import { Button, Dialog, ErrorAlert, Group, LoadingState, NativeSelect, Paper, Stack, Text, TextInput } from '@web/modules/ui';
import { useMessageTemplates, useSendTemplate } from '../hooks/use-templates';

/** Sends one of the line's approved WhatsApp templates: choose it, fill its values, see what the person receives. */
export function TemplateDialog({ opened, conversationId, onClose }: { opened: boolean; conversationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const locale = useLocale();
  const form = useForm({
    initialValues: { language: (QUICK_REPLY_LANGUAGES.includes(locale) ? locale : 'ru') as MenuLanguage, templateId: '', values: [] as string[] },
  });
  const { language, templateId, values } = form.values;
  const templates = useMessageTemplates(language, opened);
  const send = useSendTemplate(conversationId);
  const template = templates.data?.find((x) => x.id === templateId) ?? null;
  const placeholders = template ? templatePlaceholders(template.body) : [];

  useEffect(() => {
    if (opened) {
      form.setValues({ templateId: '', values: [] });
      send.reset();
    }
  }, [opened]);
  useEffect(
    () =>
      form.setFieldValue(
        'values',
        placeholders.map(() => ''),
      ),
    [templateId],
  );

  const ready = !!template && values.length === placeholders.length && values.every((v) => v.trim());
  return (
    <Dialog opened={opened} onClose={onClose} title={t('conversations.templates.title')} size="lg">
      <form
        noValidate
        data-testid="template-form"
        onSubmit={form.onSubmit(() => {
          if (ready && template) send.mutate({ templateId: template.id, variables: values.map((v) => v.trim()) }, { onSuccess: onClose });
        })}
      >
        <Stack gap="sm">
          <Text size="sm">{t('conversations.templates.intro')}</Text>
          <ErrorAlert error={templates.error ?? send.error} />
          <NativeSelect
            label={t('quickReplies.language')}
            value={language}
            data={QUICK_REPLY_LANGUAGES.map((value) => ({ value, label: codes.language(value) }))}
            onChange={(event) => form.setValues({ language: event.currentTarget.value as MenuLanguage, templateId: '' })}
          />
          {templates.isPending ? (
            <LoadingState />
          ) : templates.data?.length ? (
            <NativeSelect
              label={t('conversations.templates.template')}
              data-testid="template-select"
              data-autofocus
              data={[{ value: '', label: t('common.choose') }, ...templates.data.map((x) => ({ value: x.id, label: x.name }))]}
              {...form.getInputProps('templateId')}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('conversations.templates.none')}
            </Text>
          )}
          {placeholders.map((n, i) => (
            <TextInput
              key={n}
              label={t('conversations.templates.value', { n })}
              required
              maxLength={TEMPLATE_VALUE_MAX}
              value={values[i] ?? ''}
              data-testid={`template-value-${n}`}
              onChange={(event) => form.setFieldValue(`values.${i}`, event.currentTarget.value)}
            />
          ))}
          {template ? (
            <Paper withBorder p="xs" bg="var(--mantine-color-default-hover)">
              <Text size="xs" fw={600}>
                {t('conversations.templates.preview')}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="template-preview">
                {renderTemplate(
                  template.body,
                  values.map((v, i) => v.trim() || `{{${placeholders[i]}}}`),
                )}
              </Text>
            </Paper>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!ready} loading={send.isPending} data-testid="template-send">
              {t('conversations.templates.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
