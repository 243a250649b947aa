import { useForm } from '@mantine/form';
import { AUDIT_ACTION_NAMES } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { Button, DateField, Group, NativeSelect, TextInput } from '@web/modules/ui';
import { useUsers } from '@web/modules/users/hooks/use-users';
import { AUDITED_ENTITY_TYPES } from '../labels';

export interface AuditFilterValues {
  action: string;
  actorUserId: string;
  entityType: string;
  entityId: string;
  /** yyyy-mm-dd, in the browser's time zone. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = { action: '', actorUserId: '', entityType: '', entityId: '', from: '', to: '' };

/** Filters apply on submit (Enter or the button), not on each change: by person, action, record and period, each named in words. */
export function AuditFilters({ onApply }: { onApply: (values: AuditFilterValues) => void }) {
  const { t, i18n } = useTranslation();
  const users = useUsers({ limit: 100, offset: 0 });
  const form = useForm<AuditFilterValues>({
    initialValues: EMPTY_AUDIT_FILTERS,
    validate: {
      to: (value, values) => (value && values.from && value < values.from ? t('fieldErrors.dateRange') : null),
      entityId: (value) => (value.trim() && !/^[0-9a-f-]{36}$/i.test(value.trim()) ? t('audit.entityIdHint') : null),
    },
  });
  const collator = new Intl.Collator(i18n.language);
  const actions = AUDIT_ACTION_NAMES.map((value) => ({ value, label: t(`audit.actions.${value}`) })).sort((a, b) => collator.compare(a.label, b.label));
  const types = AUDITED_ENTITY_TYPES.map((value) => ({ value, label: t(`audit.entityTypes.${value}`) })).sort((a, b) => collator.compare(a.label, b.label));
  const people = (users.data?.items ?? [])
    .map((u) => ({ value: u.id, label: `${u.displayName} (${u.email})` }))
    .sort((a, b) => collator.compare(a.label, b.label));
  return (
    <form
      role="search"
      aria-label={t('common.filters')}
      onSubmit={form.onSubmit((values) => onApply({ ...values, entityId: values.entityId.trim() }))}
      onReset={() => {
        form.reset();
        onApply(EMPTY_AUDIT_FILTERS);
      }}
      noValidate
    >
      <Group align="flex-start" gap="md" mb="md" wrap="wrap">
        <NativeSelect
          label={t('audit.actor')}
          name="actorUserId"
          data={[{ value: '', label: t('audit.anyone') }, ...people]}
          data-testid="audit-filter-actor"
          {...form.getInputProps('actorUserId')}
        />
        <NativeSelect
          label={t('audit.action')}
          name="action"
          data={[{ value: '', label: t('audit.anyAction') }, ...actions]}
          data-testid="audit-filter-action"
          {...form.getInputProps('action')}
        />
        <NativeSelect
          label={t('audit.entityType')}
          name="entityType"
          data={[{ value: '', label: t('audit.anyEntity') }, ...types]}
          data-testid="audit-filter-entity-type"
          {...form.getInputProps('entityType')}
        />
        <TextInput label={t('audit.entityId')} description={t('audit.entityIdHint')} name="entityId" {...form.getInputProps('entityId')} />
        <DateField label={t('audit.from')} name="from" {...form.getInputProps('from')} />
        <DateField label={t('audit.to')} name="to" {...form.getInputProps('to')} />
        <Group gap="xs" mt="xl">
          <Button type="submit">{t('common.apply')}</Button>
          <Button type="reset" variant="default">
            {t('common.reset')}
          </Button>
        </Group>
      </Group>
    </form>
  );
}
