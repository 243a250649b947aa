import { useClipboard } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Button, Dialog, Group, Stack, Text, TextInput } from '@web/modules/ui';
import type { IssuedAccountLinkDto } from '../types';

/**
 * With mail off, the administrator is given the invitation or reset link to pass on by a
 * channel only its person reads. Shown once; the API never shows it again.
 */
export function AccountLinkHandover({ issued, name, onClose }: { issued: IssuedAccountLinkDto | null; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const clipboard = useClipboard({ timeout: 2000 });
  return (
    <Dialog opened={issued?.url != null} onClose={onClose} title={t('users.linkTitle')}>
      <Stack data-testid="account-link-handover">
        <Text size="sm">{t('users.linkText', { name, at: issued ? formatDateTime(issued.expiresAt) : '' })}</Text>
        <TextInput
          label={t('users.link')}
          value={issued?.url ?? ''}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          data-testid="account-link-url"
        />
        <Group justify="flex-end">
          <Button variant="light" onClick={() => clipboard.copy(issued?.url ?? '')}>
            {clipboard.copied ? t('users.copied') : t('users.copyLink')}
          </Button>
          <Button onClick={onClose} data-autofocus>
            {t('users.linkHandedOver')}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
