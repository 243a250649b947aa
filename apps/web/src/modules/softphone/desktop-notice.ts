/**
 * A desktop notification for a call that rings while the console's tab is in the background.
 * It names no caller and no number (a shared screen must not show them): only that a call is
 * waiting. Clicking it brings the console forward.
 */
export function desktopNoticesAllowed(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askForDesktopNotices(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function showCallNotice(title: string, body: string, callId: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return;
  try {
    const notice = new Notification(title, { body, tag: `mayak-call-${callId}` });
    notice.onclick = () => {
      window.focus();
      notice.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker: the ring and the panel remain.
  }
}
