import { Drawer, type DrawerProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A side panel with one record's details: traps focus, closes on Escape, returns focus, translated close button. */
export function DetailDrawer({ children, ...props }: DrawerProps) {
  const { t } = useTranslation();
  return (
    <Drawer position="right" size="lg" trapFocus closeOnEscape returnFocus closeButtonProps={{ 'aria-label': t('common.close') }} {...props}>
      {children}
    </Drawer>
  );
}
