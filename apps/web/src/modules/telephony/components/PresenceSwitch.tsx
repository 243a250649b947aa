import { useForm } from '@mantine/form';
import { RING_TARGET_ADDRESS_MAX, RING_TARGET_KINDS } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, problemMessage } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  ErrorAlert,
  Group,
  NativeSelect,
  notifySuccess,
  notifyWarning,
  Popover,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@web/modules/ui';
import { useQueryClient } from '@tanstack/react-query';
import { formatSeconds, PRESENCE_KEY, useNow, usePresence, useSetPresence, type RingTargetKind } from '../hooks/use-telephony';
import { GearIcon } from './icons';

/**
 * The header's presence: Available (ringing calls are offered to me) or Away; while I am on
 * a call the API says Busy and shows it. "Available" is not offered during a call: setting it
 * would tell the line I am free while I am still talking. A small popover says where my calls ring.
 */
export function PresenceSwitch() {
  const { t } = useTranslation();
  const codes = useCodes();
  const presence = usePresence();
  const setPresence = useSetPresence();
  const status = presence.data?.status ?? 'away';
  const busy = status === 'busy';
  const wrapUp = status === 'wrap_up';
  const queryClient = useQueryClient();
  const now = useNow(1000, wrapUp);
  const wrapUpLeft = wrapUp && presence.data?.wrapUpUntil ? Math.max(0, (Date.parse(presence.data.wrapUpUntil) - now) / 1000) : 0;
  // The wrap-up ends by itself: read the presence again when its time is up.
  useEffect(() => {
    if (wrapUp && wrapUpLeft <= 0) void queryClient.invalidateQueries({ queryKey: PRESENCE_KEY });
  }, [wrapUp, wrapUpLeft <= 0]);

  const change = (next: string) => {
    if (next !== 'available' && next !== 'away') return;
    setPresence.mutate({ status: next }, { onError: (error) => notifyWarning(problemMessage(t, error), t('telephony.presence.failed')) });
  };

  return (
    <Group gap={6} wrap="nowrap" data-testid="presence-switch" data-status={status}>
      {busy ? (
        <Badge color="red" variant="filled" tt="none" styles={{ root: { minWidth: 'max-content' } }} data-testid="presence-busy">
          {codes.label('presenceStatus', 'busy')}
        </Badge>
      ) : null}
      {wrapUp ? (
        <>
          <Badge color="orange.9" variant="filled" tt="none" styles={{ root: { minWidth: 'max-content' } }} data-testid="presence-wrap-up">
            {t('telephony.presence.wrapUpLeft', { time: formatSeconds(wrapUpLeft) })}
          </Badge>
          <Button size="compact-xs" variant="default" onClick={() => change('available')} loading={setPresence.isPending} data-testid="presence-ready">
            {t('telephony.presence.ready')}
          </Button>
        </>
      ) : null}
      <Box role="radiogroup" aria-label={t('telephony.presence.label')} aria-busy={setPresence.isPending || undefined}>
        <SegmentedControl
          size="xs"
          // No sliding indicator: mid-slide the label's white text would sit on the light background.
          transitionDuration={0}
          name="presence"
          value={status}
          color={status === 'available' ? 'green' : 'gray'}
          disabled={presence.isPending || setPresence.isPending}
          onChange={change}
          data={[
            { value: 'available', label: codes.label('presenceStatus', 'available'), disabled: busy || wrapUp },
            { value: 'away', label: codes.label('presenceStatus', 'away') },
          ]}
        />
      </Box>
      <RingTargetSettings busy={busy} status={status === 'available' ? 'available' : 'away'} />
    </Group>
  );
}

/** Where my calls ring: the console, a phone number or a SIP phone. */
function RingTargetSettings({ busy, status }: { busy: boolean; status: 'available' | 'away' }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const presence = usePresence();
  const setPresence = useSetPresence();
  const [opened, setOpened] = useState(false);
  const form = useForm({ initialValues: { kind: 'console' as RingTargetKind, address: '' } });
  const { kind, address } = form.values;

  useEffect(() => {
    if (!opened || !presence.data) return;
    form.setValues({ kind: presence.data.ringTarget.kind, address: presence.data.ringTarget.address ?? '' });
    setPresence.reset();
    // Only when the popover opens: what the user types is not overwritten by a refetch.
  }, [opened]);

  const errors = fieldErrorsOf(t, setPresence.error);
  const save = () =>
    setPresence.mutate(
      { status, ringTarget: { kind, ...(kind === 'console' ? {} : { address: address.trim() }) } },
      {
        onSuccess: () => {
          setOpened(false);
          notifySuccess(t('telephony.ringTarget.saved'));
        },
      },
    );

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" trapFocus returnFocus withArrow shadow="md" width={300}>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="md"
          aria-label={t('telephony.ringTarget.open')}
          aria-expanded={opened}
          onClick={() => setOpened((o) => !o)}
          data-testid="ring-target-button"
        >
          <GearIcon />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          noValidate
          aria-labelledby="ring-target-title"
          data-testid="ring-target-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!busy) save();
          }}
        >
          <Stack gap="sm">
            <Title order={2} size="h6" id="ring-target-title">
              {t('telephony.ringTarget.title')}
            </Title>
            <NativeSelect
              label={t('telephony.ringTarget.kind')}
              name="ringTargetKind"
              {...form.getInputProps('kind')}
              data-autofocus
              data={RING_TARGET_KINDS.map((value) => ({ value, label: codes.label('ringTargetKind', value) }))}
            />
            {kind !== 'console' ? (
              <TextInput
                label={kind === 'phone' ? t('telephony.ringTarget.phone') : t('telephony.ringTarget.sip')}
                description={kind === 'phone' ? t('telephony.ringTarget.phoneHint') : t('telephony.ringTarget.sipHint')}
                name="ringTargetAddress"
                type={kind === 'phone' ? 'tel' : 'text'}
                autoComplete="off"
                required
                maxLength={RING_TARGET_ADDRESS_MAX}
                {...form.getInputProps('address')}
                error={errors.ringTarget}
              />
            ) : null}
            {busy ? (
              <Text size="xs" c="dimmed">
                {t('telephony.ringTarget.afterCall')}
              </Text>
            ) : null}
            {!errors.ringTarget ? <ErrorAlert error={setPresence.error} /> : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" size="xs" onClick={() => setOpened(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" size="xs" disabled={busy} loading={setPresence.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
