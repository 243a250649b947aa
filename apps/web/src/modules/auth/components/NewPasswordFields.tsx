import type { GetInputPropsReturnType } from '@mantine/form';
import { PASSWORD_MIN_LENGTH } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '@web/modules/ui';

/** A new password and the same again, with the rules under the first: one wording wherever a password is chosen. */
export function NewPasswordFields({
  password,
  repeat,
  names = { password: 'newPassword', repeat: 'repeatPassword' },
}: {
  password: GetInputPropsReturnType;
  repeat: GetInputPropsReturnType;
  names?: { password: string; repeat: string };
}) {
  const { t } = useTranslation();
  return (
    <>
      <PasswordField
        label={t('account.password.new')}
        description={t('account.password.rules', { min: PASSWORD_MIN_LENGTH })}
        name={names.password}
        autoComplete="new-password"
        required
        {...password}
      />
      <PasswordField label={t('account.password.repeat')} name={names.repeat} autoComplete="new-password" required {...repeat} />
    </>
  );
}
