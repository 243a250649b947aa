import type { CallDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '@web/modules/api/errors';
import { KEYPAD_DIGITS, ringForCall } from '@web/modules/softphone/softphone';
import { useSoftphone, useSoftphoneState } from '@web/modules/softphone/SoftphoneProvider';
import { Button, Group, notifyWarning, Popover, SimpleGrid, Text } from '@web/modules/ui';
import { useHangUpCall, useHoldCall, useResumeCall } from '../hooks/use-telephony';

/**
 * The operator's controls of their own live call: mute and the keypad work on this console's
 * audio (when the call rings here); hold, resume and hang up go through the API, so they work
 * wherever the call rings (console, phone or SIP).
 */
export function CallControls({ call }: { call: CallDto }) {
  const { t } = useTranslation();
  const softphone = useSoftphone();
  const phone = useSoftphoneState();
  const hold = useHoldCall();
  const resume = useResumeCall();
  const hangUp = useHangUpCall();
  const failed = (error: unknown) => notifyWarning(problemMessage(t, error), t('telephony.call.actionFailed'));
  const audioHere = phone.status === 'in_call' && phone.activeRing === ringForCall(call.id);
  const held = call.state === 'on_hold' && !call.transferTo;
  const busy = hold.isPending || resume.isPending || hangUp.isPending;

  return (
    <Group gap="xs" wrap="wrap" data-testid="call-controls">
      {audioHere ? (
        <Button
          size="xs"
          variant={phone.muted ? 'filled' : 'default'}
          color={phone.muted ? 'orange' : undefined}
          aria-pressed={phone.muted}
          onClick={() => softphone?.mute(!phone.muted)}
          data-testid="call-mute"
        >
          {t('telephony.call.mute')}
        </Button>
      ) : null}
      {audioHere ? (
        <Popover position="bottom" withArrow trapFocus returnFocus>
          <Popover.Target>
            <Button size="xs" variant="default" data-testid="call-keypad">
              {t('telephony.call.keypad')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <SimpleGrid cols={3} spacing={6} role="group" aria-label={t('telephony.call.keypad')}>
              {KEYPAD_DIGITS.map((digit) => (
                <Button
                  key={digit}
                  size="sm"
                  variant="default"
                  onClick={() => softphone?.sendDigits(digit)}
                  aria-label={t('telephony.call.sendDigit', { digit })}
                  data-testid={`keypad-${digit}`}
                >
                  {digit}
                </Button>
              ))}
            </SimpleGrid>
            <Text size="sm" mt="xs" aria-live="polite" data-testid="keypad-sent">
              {phone.sentDigits ? t('telephony.call.sentDigits', { digits: phone.sentDigits }) : '\u00a0'}
            </Text>
          </Popover.Dropdown>
        </Popover>
      ) : null}
      {call.state === 'in_progress' ? (
        <Button
          size="xs"
          variant="default"
          loading={hold.isPending}
          disabled={busy}
          onClick={() => hold.mutate(call.id, { onError: failed })}
          data-testid="call-hold"
        >
          {t('telephony.call.hold')}
        </Button>
      ) : null}
      {held ? (
        <Button
          size="xs"
          color="orange"
          loading={resume.isPending}
          disabled={busy}
          onClick={() => resume.mutate(call.id, { onError: failed })}
          data-testid="call-resume"
        >
          {t('telephony.call.resume')}
        </Button>
      ) : null}
      <Button
        size="xs"
        color="red"
        loading={hangUp.isPending}
        disabled={busy}
        onClick={() => hangUp.mutate(call.id, { onError: failed })}
        data-testid="call-hang-up"
      >
        {t('telephony.call.hangUp')}
      </Button>
    </Group>
  );
}

/** A short word in the header for the softphone, when it needs the operator's attention or is in use. */
export function SoftphoneBadge() {
  const { t } = useTranslation();
  const phone = useSoftphoneState();
  const attention = phone.status === 'microphone_blocked' || phone.status === 'connection_lost';
  return (
    <Text
      size="xs"
      fw={attention ? 700 : 500}
      c={attention ? 'red.9' : undefined}
      role="status"
      data-testid="softphone-status"
      data-status={phone.status}
      visibleFrom={attention ? undefined : 'md'}
    >
      {t(`telephony.softphone.${phone.status}`)}
    </Text>
  );
}
