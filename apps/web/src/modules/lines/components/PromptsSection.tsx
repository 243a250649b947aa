import { MENU_LANGUAGES } from '@mayak/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from '@mantine/form';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, ErrorAlert, Group, NativeSelect, notifySuccess, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@web/modules/ui';

const PROMPTS_KEY = ['prompts'] as const;

/** Recordings of the phone prompts, per menu language: uploaded by administrators, played to callers instead of the text. */
export function PromptsSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const queryClient = useQueryClient();
  const catalog = useQuery({ queryKey: PROMPTS_KEY, queryFn: () => unwrap(api.GET('/api/v1/telephony/prompts')) });
  const form = useForm({ initialValues: { kind: 'menu', language: 'kk' } });
  const file = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: ({ recording, kind, language }: { recording: File; kind: string; language: string }) =>
      unwrap(
        api.PUT('/api/v1/telephony/prompts/{kind}/{language}', {
          params: { path: { kind, language }, header: { 'content-type': recording.type || 'audio/mpeg' } },
          body: recording as never,
          bodySerializer: (body: unknown) => body as BodyInit,
        }),
      ),
    onSuccess: () => {
      notifySuccess(t('prompts.uploaded'));
      if (file.current) file.current.value = '';
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: PROMPTS_KEY }),
  });
  const remove = useMutation({
    mutationFn: (p: { kind: string; language: string }) => unwrap(api.DELETE('/api/v1/telephony/prompts/{kind}/{language}', { params: { path: p } })),
    onSuccess: () => notifySuccess(t('prompts.removed')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: PROMPTS_KEY }),
  });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="prompts-title" mt="lg">
      <Title order={2} size="h4" id="prompts-title" mb="xs">
        {t('prompts.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('prompts.intro')}
      </Text>
      <ErrorAlert error={catalog.error ?? upload.error ?? remove.error} />
      {catalog.data?.recorded.length ? (
        <Table.ScrollContainer minWidth={480}>
          <Table data-testid="prompts-table">
            <caption>
              <VisuallyHidden>{t('prompts.title')}</VisuallyHidden>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('prompts.kind')}</Table.Th>
                <Table.Th>{t('prompts.language')}</Table.Th>
                <Table.Th>{t('prompts.listen')}</Table.Th>
                {canManage ? (
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {catalog.data.recorded.map((p) => (
                <Table.Tr key={`${p.kind}:${p.language}`} data-testid={`prompt-${p.kind}-${p.language}`}>
                  <Table.Td>{t(`prompts.kinds.${p.kind}`)}</Table.Td>
                  <Table.Td>{codes.language(p.language)}</Table.Td>
                  <Table.Td>
                    <audio
                      controls
                      preload="none"
                      src={`/api/v1/telephony/prompts/${p.kind}/${p.language}?v=${Date.parse(p.updatedAt)}`}
                      aria-label={t('prompts.listenNamed', { kind: t(`prompts.kinds.${p.kind}`), language: codes.language(p.language) })}
                      style={{ maxWidth: 260 }}
                    />
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        loading={remove.isPending && remove.variables?.kind === p.kind && remove.variables?.language === p.language}
                        onClick={() => remove.mutate({ kind: p.kind, language: p.language })}
                      >
                        {t('prompts.remove')}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : catalog.data ? (
        <Text size="sm" c="dimmed" data-testid="prompts-none">
          {t('prompts.none')}
        </Text>
      ) : null}
      {canManage && catalog.data ? (
        <form
          noValidate
          aria-label={t('prompts.upload')}
          onSubmit={form.onSubmit(({ kind, language }) => {
            const recording = file.current?.files?.[0];
            if (recording) upload.mutate({ recording, kind, language });
          })}
        >
          <Stack gap="xs" mt="md" maw={520}>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <NativeSelect
                label={t('prompts.kind')}
                {...form.getInputProps('kind')}
                data={catalog.data.kinds.map((k) => ({ value: k, label: t(`prompts.kinds.${k}`) }))}
                data-testid="prompt-kind"
              />
              <NativeSelect
                label={t('prompts.language')}
                {...form.getInputProps('language')}
                data={MENU_LANGUAGES.map((l) => ({ value: l, label: codes.language(l) }))}
                data-testid="prompt-language"
              />
            </Group>
            <label htmlFor="prompt-file">
              <Text size="sm" fw={500} component="span">
                {t('prompts.file')}
              </Text>
            </label>
            <input id="prompt-file" ref={file} type="file" accept="audio/mpeg,audio/wav,.mp3,.wav" data-testid="prompt-file" />
            <Text size="xs" c="dimmed">
              {t('prompts.fileHint')}
            </Text>
            <Group>
              <Button type="submit" size="xs" loading={upload.isPending} data-testid="prompt-upload">
                {t('prompts.upload')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Paper>
  );
}
