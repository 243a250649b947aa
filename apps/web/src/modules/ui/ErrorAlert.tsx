import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../api/errors';

/** Shows the translated message of an API error (by its problem `code`), or nothing. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" data-testid="error-alert" title={t('common.errorTitle')}>
      {problemMessage(t, error)}
    </Alert>
  );
}
