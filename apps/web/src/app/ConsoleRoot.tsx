import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import 'dayjs/locale/kk';
import 'dayjs/locale/ru';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { cssVariablesResolver, theme } from '../theme';

/**
 * Every screen after the login form is drawn with Mantine: its styles, theme and notifications load
 * with the first of them (with every text of the language), not before the login form. Calendars
 * speak the console's language and start the week on Monday, as the region does.
 */
export function ConsoleRoot() {
  const { i18n } = useTranslation();
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
        <Notifications position="top-right" />
        <Outlet />
      </DatesProvider>
    </MantineProvider>
  );
}
