import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { Outlet } from 'react-router';
import { cssVariablesResolver, theme } from '../theme';

/**
 * Every screen after the login form is drawn with Mantine: its styles, theme and notifications load
 * with the first of them (with every text of the language), not before the login form.
 */
export function ConsoleRoot() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <Outlet />
    </MantineProvider>
  );
}
