import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, problemMessage } from '@web/modules/api/errors';
import { Alert } from '@web/modules/ui';

/**
 * The API's problem, translated by its code, and its per-field messages when it has them
 * (e.g. "this change would leave the person with nothing in it"), for actions without a form
 * field to show them beside.
 */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = [...new Set(Object.values(fieldErrorsOf(t, error)))];
  return (
    <Alert color="red" role="alert" data-testid="error-alert" title={t('common.errorTitle')}>
      {fields.length ? fields.join(' ') : problemMessage(t, error)}
    </Alert>
  );
}
