import { Checkbox } from '@mantine/core';
import { nativeName } from '@web/i18n';
import { useForm } from '@mantine/form';
import { DEFAULT_LOCALE, LOCALES, ROLES, type Locale, type MenuLanguage, type Role } from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { OrganisationPicker } from '@web/modules/directory/components/OrganisationPicker';
import { useOfficeOptions } from '@web/modules/offices/hooks/use-offices';
import { Button, Dialog, ErrorAlert, Group, NativeSelect, Stack, Switch, Text, TextInput } from '@web/modules/ui';
import { useCreateUser, useUpdateUser } from '../hooks/use-users';
import type { CreatedUserDto, UserDto } from '../types';
import { LanguagesSpokenField } from '@web/modules/telephony/components/LanguagesSpokenField';

interface UserFormValues {
  email: string;
  displayName: string;
  roles: Role[];
  languages: MenuLanguage[];
  officeIds: string[];
  locale: Locale;
  active: boolean;
  organisationId: string | null;
}

function valuesOf(user: UserDto | null): UserFormValues {
  return {
    email: user?.email ?? '',
    displayName: user?.displayName ?? '',
    roles: user?.roles ?? [],
    languages: user?.languages ?? [],
    officeIds: user?.offices.map((office) => office.id) ?? [],
    locale: user?.locale ?? DEFAULT_LOCALE,
    active: user?.active ?? true,
    organisationId: user?.organisationId ?? null,
  };
}

interface UserFormDialogProps {
  opened: boolean;
  /** null: create a new user. */
  user: UserDto | null;
  onClose: () => void;
  /** An invitation comes with a new user (see CreatedUserDto). */
  onSaved: (user: UserDto | CreatedUserDto) => void;
}

export function UserFormDialog({ opened, user, onClose, onSaved }: UserFormDialogProps) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const update = useUpdateUser();
  const offices = useOfficeOptions(opened);
  const mutation = user ? update : create;
  // Inactive offices the user still belongs to stay visible, so saving keeps them.
  const officeChoices = [...(offices.data ?? []), ...(user?.offices ?? []).filter((office) => !offices.data?.some((option) => option.id === office.id))];
  const form = useForm<UserFormValues>({
    initialValues: valuesOf(user),
    validate: {
      email: (value) => (user || /^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('fieldErrors.isEmail')),
      displayName: (value) => (value.trim().length >= 2 ? null : t('fieldErrors.isLength')),
      roles: (value) => (value.length ? null : t('fieldErrors.arrayMinSize')),
      officeIds: (value) => (value.length ? null : t('fieldErrors.arrayMinSize')),
      organisationId: (value, values) => (values.roles.includes('partner') && !value ? t('users.organisationRequired') : null),
    },
  });

  // Start from the chosen user's current values each time the dialog opens.
  useEffect(() => {
    if (opened) {
      form.setValues(valuesOf(user));
      form.resetDirty(valuesOf(user));
      form.clearErrors();
      create.reset();
      update.reset();
    }
  }, [opened, user]);

  const submit = form.onSubmit((values) => {
    const onError = (error: unknown) => form.setErrors(fieldErrorsOf(t, error));
    if (user) {
      update.mutate(
        {
          id: user.id,
          body: {
            version: user.version,
            displayName: values.displayName.trim(),
            roles: values.roles,
            languages: values.languages,
            officeIds: values.officeIds,
            locale: values.locale,
            active: values.active,
            organisationId: values.roles.includes('partner') ? values.organisationId : null,
          },
        },
        { onSuccess: onSaved, onError },
      );
    } else {
      create.mutate(
        {
          email: values.email.trim(),
          displayName: values.displayName.trim(),
          roles: values.roles,
          languages: values.languages,
          officeIds: values.officeIds,
          locale: values.locale,
          ...(values.roles.includes('partner') ? { organisationId: values.organisationId } : {}),
        },
        { onSuccess: onSaved, onError },
      );
    }
  });

  return (
    <Dialog opened={opened} onClose={onClose} title={user ? t('users.edit') : t('users.create')}>
      <form onSubmit={submit} noValidate data-testid="user-form">
        <Stack>
          <ErrorAlert error={mutation.error} />
          <TextInput
            label={t('users.email')}
            type="email"
            name="email"
            autoComplete="off"
            required={!user}
            disabled={!!user}
            data-autofocus={!user || undefined}
            {...form.getInputProps('email')}
          />
          <TextInput
            label={t('users.displayName')}
            name="displayName"
            autoComplete="off"
            required
            data-autofocus={user ? true : undefined}
            {...form.getInputProps('displayName')}
          />
          <Checkbox.Group label={t('users.roles')} required {...form.getInputProps('roles')}>
            <Group mt="xs" gap="md">
              {ROLES.map((role) => (
                <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          {form.values.roles.some((role) => role !== 'admin' && role !== 'partner') ? (
            <LanguagesSpokenField
              value={form.values.languages}
              onChange={(languages) => form.setFieldValue('languages', languages)}
              error={form.errors.languages as string | undefined}
            />
          ) : null}
          {form.values.roles.includes('partner') ? (
            <OrganisationPicker
              label={t('users.organisation')}
              required
              value={form.values.organisationId}
              error={typeof form.errors.organisationId === 'string' ? form.errors.organisationId : null}
              onChange={(id) => form.setFieldValue('organisationId', id)}
            />
          ) : null}
          <Checkbox.Group label={t('users.offices')} required {...form.getInputProps('officeIds')}>
            <Group mt="xs" gap="md">
              {officeChoices.map((office) => (
                <Checkbox key={office.id} value={office.id} label={office.name} />
              ))}
            </Group>
          </Checkbox.Group>
          {offices.isError ? <ErrorAlert error={offices.error} /> : null}
          <NativeSelect
            label={t('users.locale')}
            name="locale"
            data={LOCALES.map((locale) => ({ value: locale, label: nativeName(locale) }))}
            {...form.getInputProps('locale')}
          />
          {user ? (
            <Switch label={t('users.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('users.invitationNote')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {user ? t('common.save') : t('users.invite')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
