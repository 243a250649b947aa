import { notifications } from '@mantine/notifications';
import i18n from '../../i18n';

/** A short confirmation that something was saved; announced politely to screen readers. */
export function notifySuccess(message: string): void {
  notifications.show({
    color: 'green',
    message,
    withCloseButton: true,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}
