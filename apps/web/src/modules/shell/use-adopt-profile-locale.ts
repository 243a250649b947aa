import type { SessionDto } from '@mayak/api-client';
import { useEffect } from 'react';
import { changeLocale, currentLocale, storedLocale } from '@web/i18n';

/**
 * A language chosen on this device wins; on a device with no choice yet, the console
 * starts in the language saved in the user's profile.
 */
export function useAdoptProfileLocale(session: SessionDto | undefined): void {
  const profileLocale = session?.user.locale;
  useEffect(() => {
    if (profileLocale && !storedLocale() && profileLocale !== currentLocale()) void changeLocale(profileLocale);
  }, [profileLocale]);
}
