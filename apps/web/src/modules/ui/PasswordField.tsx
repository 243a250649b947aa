import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Password input whose show/hide toggle is translated and reachable with the keyboard, and
 * which says it is invalid: Mantine's PasswordInput, unlike TextInput, sets no `aria-invalid`
 * on the input itself, so a screen reader would not announce a rejected password.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      visibilityToggleFocusable
      visibilityToggleButtonProps={{ 'aria-label': t('common.showCharacters') }}
      aria-invalid={props.error ? true : undefined}
      {...props}
    />
  );
}
