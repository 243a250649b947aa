import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Anchor, PageHeader, Stack, Text } from '../modules/ui';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <PageHeader title={t('notFound.title')} />
      <Text>{t('notFound.detail')}</Text>
      <Anchor component={Link} to="/">
        {t('notFound.back')}
      </Anchor>
    </Stack>
  );
}
