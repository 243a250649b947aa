import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import i18n from '@web/i18n';

/** A short confirmation that something was saved; announced politely to screen readers. */
export function notifySuccess(message: string): void {
  notifications.show({
    color: 'green',
    message,
    withCloseButton: true,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}

/** A short note that something failed or needs attention (e.g. "someone else answered"). */
export function notifyWarning(message: ReactNode, title?: string): void {
  notifications.show({
    color: 'orange',
    title,
    message,
    withCloseButton: true,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}

/**
 * Something happened elsewhere that the user may act on (a callback is due, a call was
 * handed to them): stays until closed when `sticky`, and may carry a button.
 */
export function notifyInfo(message: ReactNode, options: { title?: string; sticky?: boolean; id?: string } = {}): void {
  notifications.show({
    id: options.id,
    color: 'blue',
    title: options.title,
    message,
    autoClose: options.sticky ? false : 8000,
    withCloseButton: true,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}

export function hideNotification(id: string): void {
  notifications.hide(id);
}
