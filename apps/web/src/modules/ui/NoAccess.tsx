import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" role="alert" title={t('access.noAccess')} data-testid="no-access">
      {t('access.noAccessDetail')}
    </Alert>
  );
}
