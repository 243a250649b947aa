import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, NativeSelect, Progress, Slider, Stack, Text } from '../ui';
import { askForDesktopNotices, desktopNoticesAllowed } from './desktop-notice';
import { checkMicrophone, listMicrophones, type MicrophoneCheck } from './microphone-check';
import { ringTone } from './ring-tone';
import { inputDevice, ringVolume, setInputDevice, setRingVolume } from './sound-settings';
import { useSoftphone } from './SoftphoneProvider';

/** Ring volume, desktop notifications and the microphone, for an operator at this desk. */
export function SoundSettings() {
  const { t } = useTranslation();
  const softphone = useSoftphone();
  const [volume, setVolume] = useState(ringVolume);
  const [notices, setNotices] = useState(desktopNoticesAllowed);
  const [microphones, setMicrophones] = useState<MediaDeviceInfo[] | null>(null);
  const [microphone, setMicrophone] = useState<string | null>(inputDevice);
  const [level, setLevel] = useState(0);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<MicrophoneCheck | null>(null);

  const check = async () => {
    setChecking(true);
    setResult(null);
    try {
      setResult(await checkMicrophone(microphone, setLevel));
      setMicrophones(await listMicrophones());
    } finally {
      setChecking(false);
      setLevel(0);
    }
  };

  const choose = (deviceId: string | null) => {
    setMicrophone(deviceId);
    setInputDevice(deviceId);
    void softphone?.useMicrophone(deviceId);
  };

  return (
    <Stack maw={460}>
      <div>
        <Text size="sm" fw={500} id="ring-volume-label">
          {t('account.sound.ringVolume')}
        </Text>
        <Group gap="sm" wrap="nowrap" align="center">
          <Slider
            flex={1}
            min={0}
            max={100}
            step={5}
            value={volume}
            label={(value) => `${value}%`}
            onChange={setVolume}
            onChangeEnd={(value) => setRingVolume(value)}
            thumbProps={{ 'aria-labelledby': 'ring-volume-label' }}
            data-testid="ring-volume"
          />
          <Button size="xs" variant="default" onClick={() => ringTone.sample(volume)} data-testid="ring-sample">
            {t('account.sound.tryRing')}
          </Button>
        </Group>
      </div>

      <div>
        <Text size="sm" fw={500}>
          {t('account.sound.notices')}
        </Text>
        {notices === 'granted' ? (
          <Text size="sm" data-testid="notices-state">
            {t('account.sound.noticesOn')}
          </Text>
        ) : null}
        {notices === 'denied' ? (
          <Text size="sm" data-testid="notices-state">
            {t('account.sound.noticesBlocked')}
          </Text>
        ) : null}
        {notices === 'unsupported' ? (
          <Text size="sm" data-testid="notices-state">
            {t('account.sound.noticesUnsupported')}
          </Text>
        ) : null}
        {notices === 'default' ? (
          <Button size="xs" variant="default" mt={4} onClick={async () => setNotices(await askForDesktopNotices())} data-testid="notices-allow">
            {t('account.sound.noticesAllow')}
          </Button>
        ) : null}
      </div>

      <div>
        <NativeSelect
          label={t('account.sound.microphone')}
          value={microphone ?? ''}
          onChange={(event) => choose(event.currentTarget.value || null)}
          data={[
            { value: '', label: t('account.sound.defaultMicrophone') },
            ...(microphones ?? [])
              .filter((m) => m.deviceId && m.deviceId !== 'default')
              .map((m, i) => ({ value: m.deviceId, label: m.label || t('account.sound.microphoneN', { n: i + 1 }) })),
          ]}
          data-testid="microphone-select"
        />
        <Group gap="sm" mt="xs" align="center">
          <Button size="xs" variant="default" loading={checking} onClick={() => void check()} data-testid="microphone-check">
            {t('account.sound.check')}
          </Button>
          <Progress flex={1} value={level} aria-label={t('account.sound.level')} data-testid="microphone-level" />
        </Group>
        {result ? (
          <Alert mt="xs" color={result === 'heard' ? 'green' : 'orange'} role="status" data-testid="microphone-result" data-result={result}>
            {t(`account.sound.result.${result}`)}
          </Alert>
        ) : null}
      </div>
    </Stack>
  );
}
