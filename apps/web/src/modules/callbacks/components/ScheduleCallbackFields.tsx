import { CALLBACK_METHODS, MAX_CALLBACK_ATTEMPTS, type CallbackMethod } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Alert, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Switch, Text, TextInput } from '@web/modules/ui';
import { ISO_DAYS, useWeekdayNames } from '../weekdays';
import type { CallbackTarget, ScheduleCallbackErrors, ScheduleCallbackValues } from './schedule-callback-form';

interface FieldsProps {
  values: ScheduleCallbackValues;
  errors: ScheduleCallbackErrors;
  set: (patch: Partial<ScheduleCallbackValues>) => void;
}

/** What is known before anything is filled in: the caller's own words on safe times, "do not call back", and their consent. */
export function ScheduleCallbackNotices({
  target,
  doNotCallBack,
  consentRefused,
}: {
  target: CallbackTarget | null;
  doNotCallBack: boolean;
  consentRefused: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {target?.safeContactTimes ? (
        <Text size="sm" data-testid="caller-safe-times">
          {t('callbacks.schedule.callerSaid', { words: target.safeContactTimes })}
        </Text>
      ) : null}
      {doNotCallBack ? (
        <Alert color="red" variant="filled" role="alert" title={t('callbacks.schedule.doNotCallBackTitle')} data-testid="callback-do-not-call-back">
          {t('callbacks.schedule.doNotCallBackDetail')}
        </Alert>
      ) : null}
      {consentRefused ? (
        <Alert color="red" variant="filled" role="alert" title={t('callbacks.consent.refusedTitle')} data-testid="callback-consent-refused">
          {t('callbacks.consent.refusedDetail')}
        </Alert>
      ) : target?.contactBack === 'given' ? (
        <Text size="sm" data-testid="callback-consent-given">
          {t('callbacks.consent.given')}
        </Text>
      ) : null}
    </>
  );
}

/** The hours the client named as safe: days of the week, from and to (to may be on the next day). */
export function SafeWindowFieldset({ values, errors, set, overnight }: FieldsProps & { overnight: boolean }) {
  const { t } = useTranslation();
  const weekdays = useWeekdayNames();
  return (
    <Fieldset legend={t('callbacks.window.legend')}>
      <Stack gap="sm">
        <Switch
          label={t('callbacks.window.use')}
          description={t('callbacks.window.useHint')}
          name="useWindow"
          checked={values.useWindow}
          onChange={(event) => set({ useWindow: event.currentTarget.checked })}
        />
        {values.useWindow ? (
          <>
            <Checkbox.Group label={t('callbacks.window.days')} value={values.days} onChange={(days) => set({ days })} error={errors.days}>
              <Group gap="sm" mt={4} wrap="wrap">
                {ISO_DAYS.map((day, index) => (
                  <Checkbox key={day} value={String(day)} name={index === 0 ? 'days' : undefined} label={weekdays[day].long} />
                ))}
              </Group>
            </Checkbox.Group>
            <SimpleGrid cols={2}>
              <TextInput
                type="time"
                label={t('callbacks.window.start')}
                name="start"
                required
                value={values.start}
                error={errors.start}
                onChange={(event) => set({ start: event.currentTarget.value })}
              />
              <TextInput
                type="time"
                label={t('callbacks.window.end')}
                name="end"
                required
                value={values.end}
                error={errors.end}
                description={overnight ? t('callbacks.window.nextDay') : undefined}
                onChange={(event) => set({ end: event.currentTarget.value })}
              />
            </SimpleGrid>
          </>
        ) : null}
      </Stack>
    </Fieldset>
  );
}

/** How and by whom: call or text, me / the office queue / a colleague, and how many attempts. */
export function CallbackHowFields({ values, errors, set, assigneeOptions }: FieldsProps & { assigneeOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <NativeSelect
        label={t('callbacks.method')}
        name="method"
        value={values.method}
        data={CALLBACK_METHODS.map((value) => ({ value, label: codes.label('callbackMethod', value) }))}
        onChange={(event) => set({ method: event.currentTarget.value as CallbackMethod })}
      />
      <NativeSelect
        label={t('callbacks.assignee.label')}
        name="assignee"
        value={values.assignee}
        error={errors.assignee}
        data={assigneeOptions}
        onChange={(event) => set({ assignee: event.currentTarget.value })}
      />
      <NativeSelect
        label={t('callbacks.maxAttempts')}
        name="maxAttempts"
        value={values.maxAttempts}
        error={errors.maxAttempts}
        data={Array.from({ length: MAX_CALLBACK_ATTEMPTS }, (_, i) => String(i + 1))}
        onChange={(event) => set({ maxAttempts: event.currentTarget.value })}
      />
    </SimpleGrid>
  );
}

/** The client's yes to being called back, asked now: only when the contact or case records no answer. */
export function ConsentNowCheckbox({ values, errors, set }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <Checkbox
      name="consentNow"
      label={t('callbacks.consent.askNow')}
      description={t('callbacks.consent.askNowHint')}
      checked={values.consentNow}
      error={errors.consentNow}
      onChange={(event) => set({ consentNow: event.currentTarget.checked })}
      data-testid="callback-consent-now"
    />
  );
}
