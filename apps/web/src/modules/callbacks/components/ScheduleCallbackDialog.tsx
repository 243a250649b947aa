import type { CallbackDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, ErrorAlert, Group, NativeSelect, Stack, Textarea, TextInput } from '@web/modules/ui';
import { useAssigneeOptions, useScheduleCallbackForm } from '../hooks/use-schedule-callback-form';
import { timeZoneGroups } from '../time';
import { DueField } from './DueField';
import type { CallbackTarget } from './schedule-callback-form';
import { CallbackHowFields, ConsentNowCheckbox, SafeWindowFieldset, ScheduleCallbackNotices } from './ScheduleCallbackFields';

export type { CallbackTarget } from './schedule-callback-form';

interface ScheduleCallbackDialogProps {
  opened: boolean;
  target: CallbackTarget | null;
  onClose: () => void;
  onScheduled?: (callback: CallbackDto) => void;
}

/**
 * Schedule a callback for a contact or a case: when (in the client's time zone), only
 * inside the hours the client named as safe, how (call or text), who calls (me, the office
 * queue, a colleague) and how many attempts. The window and the time are checked with the
 * domain's rules before anything is sent, and a time outside the window offers the next safe one.
 */
export function ScheduleCallbackDialog({ opened, target, onClose, onScheduled }: ScheduleCallbackDialogProps) {
  const { t } = useTranslation();
  const form = useScheduleCallbackForm({ opened, target, onClose, onScheduled });
  const { values, errors, set } = form;
  const assigneeOptions = useAssigneeOptions(opened, form.me);
  const doNotCallBack = !!target?.flags?.some((flag) => flag.kind === 'do_not_call_back');
  const consentRefused = target?.contactBack === 'refused';

  return (
    <Dialog opened={opened} onClose={onClose} title={t('callbacks.schedule.title')}>
      <form
        noValidate
        data-testid="schedule-callback-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          form.submit();
        }}
      >
        <Stack gap="md">
          <ScheduleCallbackNotices target={target} doNotCallBack={doNotCallBack} consentRefused={consentRefused} />
          {form.showApiError ? <ErrorAlert error={form.schedule.error} /> : null}
          <NativeSelect
            label={t('callbacks.timeZone')}
            description={t('callbacks.timeZoneHint')}
            name="timeZone"
            value={values.timeZone}
            error={errors.timeZone}
            data={timeZoneGroups(t('callbacks.zones.region'), t('callbacks.zones.other'))}
            onChange={(event) => set({ timeZone: event.currentTarget.value })}
          />
          <SafeWindowFieldset values={values} errors={errors} set={set} overnight={form.overnight} />
          <DueField value={values.due} onChange={(due) => set({ due })} timeZone={values.timeZone} window={form.dueWindow} error={errors.due} />
          <TextInput
            label={t('callbacks.phone')}
            description={target?.hasPhone ? t('callbacks.phoneOptionalHint') : t('callbacks.phoneHint')}
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            required={!target?.hasPhone}
            value={values.phone}
            error={errors.phone}
            onChange={(event) => set({ phone: event.currentTarget.value })}
          />
          <CallbackHowFields values={values} errors={errors} set={set} assigneeOptions={assigneeOptions} />
          <Textarea
            label={t('callbacks.notes')}
            description={t('callbacks.notesHint')}
            name="notes"
            autosize
            minRows={2}
            maxLength={2000}
            value={values.notes}
            onChange={(event) => set({ notes: event.currentTarget.value })}
          />
          {target?.contactBack === 'not_asked' ? <ConsentNowCheckbox values={values} errors={errors} set={set} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.schedule.isPending} disabled={doNotCallBack || consentRefused} data-testid="schedule-callback-submit">
              {t('callbacks.schedule.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
