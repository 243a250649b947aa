import { useForm } from '@mantine/form';
import type { OrganisationDto } from '@mayak/api-client';
import { KZ_REGIONS, ORGANISATION_TYPES, SERVICE_TYPES } from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, Checkbox, Dialog, ErrorAlert, Group, NativeSelect, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@web/modules/ui';
import { useCreateOrganisation, useUpdateOrganisation, type Region, type ServiceType } from '../hooks/use-directory';

type OrganisationType = OrganisationDto['type'];

interface OrganisationFormValues {
  name: string;
  type: OrganisationType | '';
  description: string;
  serviceTypes: ServiceType[];
  regions: Region[];
  cities: string;
  languages: string;
  phone: string;
  email: string;
  website: string;
  address: string;
  openingHours: string;
  acceptsReferrals: boolean;
  active: boolean;
}

function valuesOf(o: OrganisationDto | null): OrganisationFormValues {
  return {
    name: o?.name ?? '',
    type: o?.type ?? '',
    description: o?.description ?? '',
    serviceTypes: o?.serviceTypes ?? [],
    regions: o?.regions ?? [],
    cities: o?.cities.join(', ') ?? '',
    languages: o?.languages.join(', ') ?? '',
    phone: o?.phone ?? '',
    email: o?.email ?? '',
    website: o?.website ?? '',
    address: o?.address ?? '',
    openingHours: o?.openingHours ?? '',
    acceptsReferrals: o?.acceptsReferrals ?? true,
    active: o?.active ?? true,
  };
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const orNull = (value: string) => (value.trim() ? value.trim() : null);

interface OrganisationFormDialogProps {
  opened: boolean;
  /** null: add a new organisation. */
  organisation: OrganisationDto | null;
  onClose: () => void;
  onSaved: (organisation: OrganisationDto) => void;
}

/** Add or edit a directory organisation (with `version`); switching "active" off deactivates it. */
export function OrganisationFormDialog({ opened, organisation, onClose, onSaved }: OrganisationFormDialogProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const create = useCreateOrganisation();
  const update = useUpdateOrganisation();
  const mutation = organisation ? update : create;
  const form = useForm<OrganisationFormValues>({
    initialValues: valuesOf(organisation),
    validate: {
      name: (value) => (value.trim().length >= 2 ? null : t('fieldErrors.isLength')),
      type: (value) => (value ? null : t('fieldErrors.required')),
    },
  });

  useEffect(() => {
    if (opened) {
      form.setValues(valuesOf(organisation));
      form.clearErrors();
      create.reset();
      update.reset();
    }
  }, [opened, organisation]);

  const submit = form.onSubmit((values) => {
    const body = {
      name: values.name.trim(),
      type: values.type as OrganisationType,
      description: values.description.trim(),
      serviceTypes: values.serviceTypes,
      regions: values.regions,
      cities: list(values.cities),
      languages: list(values.languages).map((code) => code.toLowerCase()),
      phone: orNull(values.phone),
      email: orNull(values.email),
      website: orNull(values.website),
      address: orNull(values.address),
      openingHours: orNull(values.openingHours),
      acceptsReferrals: values.acceptsReferrals,
      active: values.active,
    };
    const onError = (error: unknown) => form.setErrors(fieldErrorsOf(t, error));
    if (organisation) update.mutate({ id: organisation.id, body: { version: organisation.version, ...body } }, { onSuccess: onSaved, onError });
    else create.mutate(body, { onSuccess: onSaved, onError });
  });

  return (
    <Dialog opened={opened} onClose={onClose} title={organisation ? t('directory.edit') : t('directory.create')} size="xl">
      <form onSubmit={submit} noValidate data-testid="organisation-form">
        <Stack>
          <ErrorAlert error={mutation.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('directory.name')} name="name" required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
            <NativeSelect
              label={t('directory.type')}
              name="type"
              required
              data={[
                { value: '', label: t('common.choose') },
                ...ORGANISATION_TYPES.map((value) => ({ value, label: codes.label('organisationType', value) })),
              ]}
              {...form.getInputProps('type')}
            />
          </SimpleGrid>
          <Textarea label={t('directory.description')} name="description" autosize minRows={2} maxLength={2000} {...form.getInputProps('description')} />
          <Checkbox.Group label={t('directory.services')} {...form.getInputProps('serviceTypes')}>
            <Group mt="xs" gap="md">
              {SERVICE_TYPES.map((value) => (
                <Checkbox key={value} value={value} label={codes.label('serviceType', value)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox.Group label={t('directory.regions')} {...form.getInputProps('regions')}>
            <SimpleGrid mt="xs" cols={{ base: 1, sm: 3 }} spacing="xs">
              {KZ_REGIONS.map((value) => (
                <Checkbox key={value} value={value} label={codes.label('region', value)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('directory.cities')} description={t('directory.listHint')} name="cities" autoComplete="off" {...form.getInputProps('cities')} />
            <TextInput
              label={t('directory.languageCodes')}
              description={t('directory.languageCodesHint')}
              name="languages"
              autoComplete="off"
              {...form.getInputProps('languages')}
            />
            <TextInput label={t('directory.phone')} name="phone" type="tel" autoComplete="off" maxLength={60} {...form.getInputProps('phone')} />
            <TextInput label={t('directory.email')} name="email" type="email" autoComplete="off" {...form.getInputProps('email')} />
            <TextInput label={t('directory.website')} name="website" type="url" autoComplete="off" {...form.getInputProps('website')} />
            <TextInput label={t('directory.address')} name="address" autoComplete="off" maxLength={300} {...form.getInputProps('address')} />
          </SimpleGrid>
          <TextInput
            label={t('directory.hours')}
            description={t('directory.hoursHint')}
            name="openingHours"
            autoComplete="off"
            maxLength={300}
            {...form.getInputProps('openingHours')}
          />
          <Switch label={t('directory.acceptsReferrals')} {...form.getInputProps('acceptsReferrals', { type: 'checkbox' })} />
          <Switch label={t('directory.activeLabel')} description={t('directory.activeHint')} {...form.getInputProps('active', { type: 'checkbox' })} />
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
