import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../i18n/LanguageSwitch';
import { Box, Center, Group, MAIN_CONTENT_ID, Paper, SkipLink, Stack, Text, Title, useThemeOther } from '../../ui';

/** Frame of the sign-in screens: language switch, product name, one card. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const other = useThemeOther();
  return (
    <>
      <SkipLink />
      <Group justify="flex-end" p="md" component="header">
        <LanguageSwitch />
      </Group>
      <Center component="main" id={MAIN_CONTENT_ID} tabIndex={-1} px="md" pb="xl">
        <Box w="100%" maw={other.authCardWidth}>
          <Stack gap="xs" mb="lg" align="center">
            <Text fw={700} size="xl">{t('app.name')}</Text>
            <Text c="dimmed" size="sm" ta="center">{t('app.tagline')}</Text>
          </Stack>
          <Paper withBorder shadow="sm" p="lg" radius="md">
            <Title order={1} size="h3" mb="md">{title}</Title>
            {children}
          </Paper>
        </Box>
      </Center>
    </>
  );
}
