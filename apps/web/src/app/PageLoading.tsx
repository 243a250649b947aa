import { useTranslation } from 'react-i18next';

/** Shown while the console's first screen loads: before Mantine, so plain text for screen readers and eyes. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <p
      role="status"
      aria-live="polite"
      style={{ margin: '48px auto', textAlign: 'center', fontFamily: 'var(--mayak-font)', color: 'var(--mayak-text-secondary)' }}
    >
      {t('common.loading')}
    </p>
  );
}
