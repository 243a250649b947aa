import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Button, Group, TextInput } from '../../ui';

export interface AuditFilterValues {
  action: string;
  entityType: string;
  entityId: string;
  /** yyyy-mm-dd, in the browser's time zone. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = { action: '', entityType: '', entityId: '', from: '', to: '' };

/** Filters apply on submit (Enter or the button), not on each keystroke. */
export function AuditFilters({ onApply }: { onApply: (values: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const form = useForm<AuditFilterValues>({
    initialValues: EMPTY_AUDIT_FILTERS,
    validate: {
      to: (value, values) => (value && values.from && value < values.from ? t('fieldErrors.dateRange') : null),
    },
  });
  return (
    <form
      role="search"
      aria-label={t('common.filters')}
      onSubmit={form.onSubmit((values) => onApply({ ...values, action: values.action.trim(), entityType: values.entityType.trim(), entityId: values.entityId.trim() }))}
      onReset={() => { form.reset(); onApply(EMPTY_AUDIT_FILTERS); }}
      noValidate
    >
      <Group align="flex-start" gap="md" mb="md" wrap="wrap">
        <TextInput label={t('audit.action')} description={t('audit.actionHint')} name="action" {...form.getInputProps('action')} />
        <TextInput label={t('audit.entityType')} description={t('audit.entityTypeHint')} name="entityType" {...form.getInputProps('entityType')} />
        <TextInput label={t('audit.entityId')} name="entityId" {...form.getInputProps('entityId')} />
        <TextInput label={t('audit.from')} type="date" name="from" {...form.getInputProps('from')} />
        <TextInput label={t('audit.to')} type="date" name="to" {...form.getInputProps('to')} />
        <Group gap="xs" mt="xl">
          <Button type="submit">{t('common.apply')}</Button>
          <Button type="reset" variant="default">{t('common.reset')}</Button>
        </Group>
      </Group>
    </form>
  );
}
