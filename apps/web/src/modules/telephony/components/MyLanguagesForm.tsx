import type { MenuLanguage } from '@mayak/domain';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useUpdateMe } from '@web/modules/auth/hooks/use-auth-actions';
import { Button, ErrorAlert, notifySuccess, Stack } from '@web/modules/ui';
import { LanguagesSpokenField } from './LanguagesSpokenField';

/** The languages I speak on calls, set by myself. */
export function MyLanguagesForm() {
  const { t } = useTranslation();
  const session = useSession();
  const update = useUpdateMe();
  const form = useForm<{ languages: MenuLanguage[] }>({ initialValues: { languages: (session.data?.user.languages ?? []) as MenuLanguage[] } });
  return (
    <form
      noValidate
      aria-label={t('telephony.languages.label')}
      onSubmit={form.onSubmit(({ languages }) => update.mutate({ languages }, { onSuccess: () => notifySuccess(t('telephony.languages.saved')) }))}
    >
      <Stack maw={460} align="flex-start">
        <ErrorAlert error={update.error} />
        <LanguagesSpokenField value={form.values.languages} onChange={(languages) => form.setFieldValue('languages', languages)} />
        <Button type="submit" size="xs" loading={update.isPending} data-testid="save-languages">
          {t('common.save')}
        </Button>
      </Stack>
    </form>
  );
}
