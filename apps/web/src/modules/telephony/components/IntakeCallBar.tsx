import type { CallDto } from '@mayak/api-client';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, ErrorAlert, Group, Loader, Paper, StatusBadge, Text } from '@web/modules/ui';
import { formatSeconds, isCallOver, useNow } from '../hooks/use-telephony';
import { CallControls } from './CallControls';
import { TransferDialog } from './TransferDialog';

interface IntakeCallBarProps {
  call: CallDto | undefined;
  loading: boolean;
  error: unknown;
  me: string;
  /** The form no longer belongs to me (handed over): no transfer. */
  released: boolean;
  beforeTransfer: () => Promise<unknown>;
  onHandedOver: (call: CallDto) => void;
}

function stateColor(state: string): string {
  switch (state) {
    case 'in_progress':
      return 'green';
    case 'on_hold':
      return 'orange';
    case 'queued':
    case 'connecting':
      return 'yellow';
    default:
      return 'gray';
  }
}

/**
 * The intake's call: in progress, on hold (a warm transfer is waiting) or ended, how long it
 * has lasted, and Transfer (warm or cold) while it is mine and in progress.
 */
export function IntakeCallBar({ call, loading, error, me, released, beforeTransfer, onHandedOver }: IntakeCallBarProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const [transferring, setTransferring] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const over = call ? isCallOver(call) : false;
  const now = useNow(1000, !!call && !over);

  if (loading && !call) {
    return (
      <Paper withBorder p="xs" data-testid="intake-call-state" data-state="loading">
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">{t('common.loading')}</Text>
        </Group>
      </Paper>
    );
  }
  if (!call) return error ? <ErrorAlert error={error} /> : null;

  const mine = call.operator?.id === me;
  const since = call.answeredAt ? Date.parse(call.answeredAt) : Date.parse(call.createdAt);
  const duration = over ? (call.durationSeconds ?? 0) : (now - since) / 1000;
  const canTransfer = !released && mine && (call.state === 'in_progress' || (call.state === 'on_hold' && !!call.transferTo));
  const waitingOn = call.state === 'on_hold' && call.transferTo ? call.transferTo : null;

  return (
    <Paper
      withBorder
      p="xs"
      component="section"
      aria-label={t('telephony.call.label')}
      data-testid="intake-call-state"
      data-state={call.state}
      bg={over ? undefined : 'var(--mantine-color-green-light)'}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="wrap">
          <Text size="sm" fw={600}>
            {t('telephony.call.label')}
          </Text>
          <StatusBadge color={stateColor(call.state)}>{codes.label('callState', call.state)}</StatusBadge>
          <Text size="sm" c="dimmed">
            {formatSeconds(duration)}
          </Text>
          {call.language ? (
            <Text size="sm" c="dimmed">
              {codes.language(call.language)}
            </Text>
          ) : null}
          {waitingOn ? <Text size="sm">{t('telephony.call.waitingOn', { name: waitingOn.displayName })}</Text> : null}
          {over ? <Text size="sm">{t('telephony.call.endedHint')}</Text> : null}
          {!mine && call.operator && !over ? <Text size="sm">{t('telephony.call.withColleague', { name: call.operator.displayName })}</Text> : null}
        </Group>
        <Group gap="xs" wrap="wrap">
          {mine && !released && !over ? <CallControls call={call} /> : null}
          {canTransfer ? (
            <Button
              ref={buttonRef}
              size="xs"
              variant={waitingOn ? 'filled' : 'light'}
              color={waitingOn ? 'orange' : undefined}
              onClick={() => setTransferring(true)}
              data-testid="transfer-button"
            >
              {waitingOn ? t('telephony.transfer.finish') : t('telephony.transfer.button')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <TransferDialog
        opened={transferring}
        call={call}
        me={me}
        beforeTransfer={beforeTransfer}
        onHandedOver={onHandedOver}
        onClose={() => {
          setTransferring(false);
          window.setTimeout(() => buttonRef.current?.focus(), 0);
        }}
      />
    </Paper>
  );
}
