import type { MenuLanguage } from '@mayak/domain';
import { useState } from 'react';
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
  const [languages, setLanguages] = useState<MenuLanguage[]>(() => (session.data?.user.languages ?? []) as MenuLanguage[]);
  return (
    <form
      noValidate
      aria-label={t('telephony.languages.label')}
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ languages }, { onSuccess: () => notifySuccess(t('telephony.languages.saved')) });
      }}
    >
      <Stack maw={460} align="flex-start">
        <ErrorAlert error={update.error} />
        <LanguagesSpokenField value={languages} onChange={setLanguages} />
        <Button type="submit" size="xs" loading={update.isPending} data-testid="save-languages">{t('common.save')}</Button>
      </Stack>
    </form>
  );
}
