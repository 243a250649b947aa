import type { UseFormReturnType } from '@mantine/form';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../api/errors';

/**
 * A form inside a dialog whose parent runs the request: empty each time the dialog opens,
 * and showing the API's field errors (problem+json `errors`) under their fields.
 */
export function useDialogForm<Values extends Record<string, unknown>>(
  form: UseFormReturnType<Values>,
  opened: boolean,
  error: unknown,
  /** Where the form names a field otherwise than the API (`expiresAt` sent, `expiresOn` typed). */
  fieldOf: Record<string, string> = {},
): void {
  const { t } = useTranslation();
  useEffect(() => {
    if (opened) form.reset();
  }, [opened]);
  useEffect(() => {
    const errors = fieldErrorsOf(t, error);
    for (const [api, field] of Object.entries(fieldOf)) if (errors[api]) errors[field] = errors[api];
    if (Object.keys(errors).length) form.setErrors(errors);
  }, [error]);
}
