import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseList } from '@web/modules/cases/hooks/use-cases';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, Dialog, ErrorAlert, Group, LoadingState, Radio, Stack, Text, TextInput } from '@web/modules/ui';

const SHOWN = 10;

/** Puts a contact in an existing case: find the case by reference, name or words of its summary, then link. */
export function LinkCaseDialog({
  opened,
  onClose,
  onLink,
  pending,
  error,
}: {
  opened: boolean;
  onClose: () => void;
  onLink: (caseId: string) => void;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const form = useForm({ initialValues: { q: '', caseId: '' } });
  const { q, caseId } = form.values;
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const cases = useCaseList({ q: debounced || undefined, status: ['new', 'open', 'in_progress', 'referred', 'follow_up'] });
  const items = (cases.data?.pages.flatMap((page) => page.items) ?? []).slice(0, SHOWN);

  useEffect(() => {
    if (opened) form.reset();
  }, [opened]);

  return (
    <Dialog opened={opened} onClose={onClose} title={t('contacts.linkCase.title')} size="lg">
      <form
        noValidate
        data-testid="link-case-form"
        onSubmit={form.onSubmit((values) => {
          if (values.caseId) onLink(values.caseId);
        })}
      >
        <Stack gap="sm">
          <TextInput label={t('contacts.linkCase.search')} {...form.getInputProps('q')} data-autofocus data-testid="link-case-search" />
          <ErrorAlert error={cases.error ?? error} />
          {cases.isPending ? (
            <LoadingState />
          ) : items.length ? (
            <Radio.Group label={t('contacts.linkCase.case')} {...form.getInputProps('caseId')}>
              <Stack gap={6} mt={4}>
                {items.map((c) => (
                  <Radio
                    key={c.id}
                    value={c.id}
                    data-testid="link-case-option"
                    label={`${c.reference} · ${codes.label('caseType', c.type)}`}
                    description={[c.personName, t(`cases.status.${c.status}`)].filter(Boolean).join(' · ')}
                  />
                ))}
              </Stack>
            </Radio.Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('common.noResults')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!caseId} loading={pending} data-testid="link-case-submit">
              {t('contacts.linkCase.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
