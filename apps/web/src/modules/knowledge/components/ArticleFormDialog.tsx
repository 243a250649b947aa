import { useForm } from '@mantine/form';
import { nativeName } from '@web/i18n';
import type { ArticleDto } from '@mayak/api-client';
import { LOCALES, type Locale } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { OrganisationPicker } from '@web/modules/directory/components/OrganisationPicker';
import { useOrganisation } from '@web/modules/directory/hooks/use-directory';
import { Button, Dialog, ErrorAlert, Group, NativeSelect, Stack, Switch, Text, Textarea, TextInput } from '@web/modules/ui';
import { useCreateArticle, useUpdateArticle } from '../hooks/use-knowledge';

interface ArticleFormValues {
  locale: Locale;
  title: string;
  body: string;
  tags: string;
  organisationIds: string[];
  published: boolean;
}

function valuesOf(article: ArticleDto | null, locale: Locale): ArticleFormValues {
  return {
    locale: article?.locale ?? locale,
    title: article?.title ?? '',
    body: article?.body ?? '',
    tags: article?.tags.join(', ') ?? '',
    organisationIds: article?.organisationIds ?? [],
    published: article?.published ?? false,
  };
}

function OrganisationName({ id }: { id: string }) {
  const organisation = useOrganisation(id);
  return <>{organisation.data?.name ?? id}</>;
}

/** Write or edit an article: language, title, Markdown body, tags, linked organisations, published. */
export function ArticleFormDialog({
  opened,
  article,
  locale,
  onClose,
  onSaved,
}: {
  opened: boolean;
  article: ArticleDto | null;
  locale: Locale;
  onClose: () => void;
  onSaved: (article: ArticleDto) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateArticle();
  const update = useUpdateArticle();
  const mutation = article ? update : create;
  const [picked, setPicked] = useState<string | null>(null);
  const form = useForm<ArticleFormValues>({
    initialValues: valuesOf(article, locale),
    validate: {
      title: (value) => (value.trim().length >= 3 ? null : t('fieldErrors.isLength')),
      body: (value) => (value.trim() ? null : t('fieldErrors.required')),
    },
  });

  useEffect(() => {
    if (opened) {
      form.setValues(valuesOf(article, locale));
      form.clearErrors();
      setPicked(null);
      create.reset();
      update.reset();
    }
  }, [opened, article]);

  const submit = form.onSubmit((values) => {
    const common = {
      title: values.title.trim(),
      body: values.body,
      tags: values.tags
        .split(/[,\s]+/)
        .map((tag) => tag.replace(/^#/, '').trim())
        .filter(Boolean),
      organisationIds: values.organisationIds,
      published: values.published,
    };
    const onError = (error: unknown) => form.setErrors(fieldErrorsOf(t, error));
    if (article) update.mutate({ id: article.id, body: { version: article.version, ...common } }, { onSuccess: onSaved, onError });
    else create.mutate({ locale: values.locale, ...common }, { onSuccess: onSaved, onError });
  });

  const addOrganisation = () => {
    if (picked && !form.values.organisationIds.includes(picked)) form.setFieldValue('organisationIds', [...form.values.organisationIds, picked]);
    setPicked(null);
  };

  return (
    <Dialog opened={opened} onClose={onClose} title={article ? t('knowledge.edit') : t('knowledge.create')} size="xl">
      <form onSubmit={submit} noValidate data-testid="article-form">
        <Stack>
          <ErrorAlert error={mutation.error} />
          <NativeSelect
            label={t('knowledge.locale')}
            name="locale"
            disabled={!!article}
            data={LOCALES.map((value) => ({ value, label: nativeName(value) }))}
            {...form.getInputProps('locale')}
          />
          <TextInput
            label={t('knowledge.articleTitle')}
            name="title"
            required
            data-autofocus
            maxLength={200}
            autoComplete="off"
            {...form.getInputProps('title')}
          />
          <Textarea
            label={t('knowledge.body')}
            description={t('knowledge.bodyHint')}
            name="body"
            required
            autosize
            minRows={8}
            maxRows={20}
            maxLength={20000}
            {...form.getInputProps('body')}
          />
          <TextInput label={t('knowledge.tags')} description={t('knowledge.tagsHint')} name="tags" autoComplete="off" {...form.getInputProps('tags')} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('knowledge.organisations')}
            </Text>
            {form.values.organisationIds.length ? (
              <Stack gap={2} component="ul" style={{ margin: 0, paddingLeft: 16 }}>
                {form.values.organisationIds.map((id) => (
                  <li key={id}>
                    <Group gap="xs">
                      <Text size="sm">
                        <OrganisationName id={id} />
                      </Text>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() =>
                          form.setFieldValue(
                            'organisationIds',
                            form.values.organisationIds.filter((other) => other !== id),
                          )
                        }
                        aria-label={t('knowledge.removeOrganisation')}
                      >
                        {t('knowledge.remove')}
                      </Button>
                    </Group>
                  </li>
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {t('common.none')}
              </Text>
            )}
            <Group align="flex-end" gap="sm">
              <OrganisationPicker label={t('knowledge.organisation')} value={picked} onChange={setPicked} />
              <Button variant="light" onClick={addOrganisation} disabled={!picked}>
                {t('knowledge.addOrganisation')}
              </Button>
            </Group>
          </Stack>
          <Switch label={t('knowledge.published')} {...form.getInputProps('published', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
