import { useForm } from '@mantine/form';
import { NOTIFICATION_DELIVERIES, type NotificationDelivery } from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorAlert, LoadingState, NativeSelect, notifySuccess, Stack, Text } from '@web/modules/ui';
import { useNotificationPreferences, useSaveNotificationPreferences, type NotificationPreference } from '../hooks/use-notifications';

/** My own choice, per kind of e-mail notification: at once, in the daily digest, or never. */
export function NotificationPreferencesForm() {
  const { t } = useTranslation();
  const preferences = useNotificationPreferences();
  const save = useSaveNotificationPreferences();
  const form = useForm<{ items: NotificationPreference[] }>({ initialValues: { items: [] } });
  useEffect(() => {
    if (preferences.data) form.setValues({ items: preferences.data.items });
  }, [preferences.data]);

  if (preferences.isPending) return <LoadingState />;
  if (preferences.isError) return <ErrorAlert error={preferences.error} />;
  const { mailEnabled, email, digestHour } = preferences.data;
  const { items } = form.values;
  if (!items.length)
    return (
      <Text size="sm" c="dimmed" data-testid="notification-preferences-none">
        {t('notifications.none')}
      </Text>
    );
  return (
    <form
      noValidate
      aria-label={t('notifications.title')}
      data-testid="notification-preferences"
      onSubmit={form.onSubmit((values) => save.mutate(values.items, { onSuccess: () => notifySuccess(t('notifications.saved')) }))}
    >
      <Stack maw={560} align="stretch" gap="sm">
        <Text size="sm">{t('notifications.intro', { email, hour: String(digestHour).padStart(2, '0') })}</Text>
        {!mailEnabled ? (
          <Text size="sm" c="orange.9" data-testid="mail-disabled">
            {t('notifications.mailOff')}
          </Text>
        ) : null}
        <ErrorAlert error={save.error} />
        {items.map((item, index) => (
          <NativeSelect
            key={item.kind}
            label={t(`notifications.kind.${item.kind}`)}
            value={item.delivery}
            data-kind={item.kind}
            onChange={(event) => form.setFieldValue(`items.${index}.delivery`, event.currentTarget.value as NotificationDelivery)}
            data={NOTIFICATION_DELIVERIES.map((delivery) => ({ value: delivery, label: t(`notifications.delivery.${delivery}`) }))}
          />
        ))}
        <div>
          <Button type="submit" size="xs" loading={save.isPending} data-testid="save-notification-preferences">
            {t('common.save')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
