import { Modal, type ModalProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Modal dialog: traps focus, closes on Escape, returns focus to the opener, translated close button. */
export function Dialog({ children, ...props }: ModalProps) {
  const { t } = useTranslation();
  return (
    <Modal trapFocus closeOnEscape returnFocus centered size="lg" closeButtonProps={{ 'aria-label': t('common.close') }} {...props}>
      {children}
    </Modal>
  );
}
