import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { formatSeconds } from '../telephony/hooks/use-telephony';
import { Paper, Text, Title } from '../ui';

/**
 * The voicemail a contact came with. The audio is fetched only when played (preload none):
 * each fetch is decrypted for that listening and audited by the API.
 */
export function VoicemailPanel({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const voicemails = useQuery({
    queryKey: ['voicemails', contactId],
    queryFn: () => unwrap(api.GET('/api/v1/telephony/voicemails', { params: { query: { contactId } } })),
  });
  const voicemail = voicemails.data?.[0];
  if (!voicemail) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="voicemail-title" data-testid="voicemail" data-status={voicemail.status}>
      <Title order={2} size="h4" id="voicemail-title" mb="xs">
        {t('voicemail.title')}
      </Title>
      {voicemail.status === 'stored' ? (
        <>
          <Text size="sm" mb="xs">
            {t('voicemail.length', { time: formatSeconds(voicemail.durationSeconds ?? 0) })} · {t('voicemail.audited')}
          </Text>
          <audio
            controls
            preload="none"
            src={`/api/v1/telephony/voicemails/${voicemail.id}/audio`}
            aria-label={t('voicemail.player')}
            data-testid="voicemail-audio"
            style={{ width: '100%', maxWidth: 480 }}
          />
        </>
      ) : (
        <Text size="sm">{t(`voicemail.status.${voicemail.status}`)}</Text>
      )}
    </Paper>
  );
}
