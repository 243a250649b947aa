import { ROLES, type Role } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useOfficeOptions } from '@web/modules/offices/hooks/use-offices';
import { Group, NativeSelect, TextInput } from '@web/modules/ui';

export interface UserFilterValues {
  q: string;
  role: Role | '';
  officeId: string;
  active: '' | 'true' | 'false';
}

export function UserFilters({ value, onChange }: { value: UserFilterValues; onChange: (value: UserFilterValues) => void }) {
  const { t } = useTranslation();
  const offices = useOfficeOptions();
  return (
    <Group align="flex-end" gap="md" mb="md" wrap="wrap" role="search" aria-label={t('common.filters')}>
      <TextInput
        label={t('common.search')}
        description={t('users.searchHint')}
        type="search"
        name="q"
        value={value.q}
        onChange={(event) => onChange({ ...value, q: event.currentTarget.value })}
      />
      <NativeSelect
        label={t('users.roles')}
        name="role"
        value={value.role}
        data={[{ value: '', label: t('common.all') }, ...ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))]}
        onChange={(event) => onChange({ ...value, role: event.currentTarget.value as Role | '' })}
      />
      <NativeSelect
        label={t('users.offices')}
        name="officeId"
        value={value.officeId}
        data={[{ value: '', label: t('common.all') }, ...(offices.data ?? []).map((office) => ({ value: office.id, label: office.name }))]}
        onChange={(event) => onChange({ ...value, officeId: event.currentTarget.value })}
      />
      <NativeSelect
        label={t('common.status')}
        name="active"
        value={value.active}
        data={[
          { value: '', label: t('common.all') },
          { value: 'true', label: t('common.active') },
          { value: 'false', label: t('common.inactive') },
        ]}
        onChange={(event) => onChange({ ...value, active: event.currentTarget.value as UserFilterValues['active'] })}
      />
    </Group>
  );
}
