import { useTranslation } from 'react-i18next';
import { Alert, Button, List, Stack, Text } from '@web/modules/ui';

/** The recovery codes, shown exactly once after enrolment. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="yellow" role="status">
        {t('auth.enrol.recoveryIntro')}
      </Alert>
      <List type="ordered" withPadding ff="monospace" data-testid="recovery-codes" aria-label={t('auth.enrol.recoveryTitle')}>
        {codes.map((code) => (
          <List.Item key={code}>
            <Text ff="monospace" component="span">
              {code}
            </Text>
          </List.Item>
        ))}
      </List>
      <Button onClick={onDone} data-testid="recovery-codes-saved">
        {t('auth.enrol.saved')}
      </Button>
    </Stack>
  );
}
