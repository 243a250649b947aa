import { DateInput, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { today } from '../clock/console-clock';
import { dateFormatOf, parseTypedDate } from '../i18n/typed-date';

type DateFieldProps = Omit<DateInputProps, 'value' | 'defaultValue' | 'onChange' | 'valueFormat' | 'dateParser' | 'minDate' | 'maxDate' | 'withTime'> & {
  /** `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm` with `withTime` (as a native date or date-time input gives); '' when empty. */
  value?: string;
  onChange: (value: string) => void;
  min?: string;
  max?: string;
  /** A date and a time of day, typed as `07.12.2026 14:30`. */
  withTime?: boolean;
};

const fromField = (value: string) => (value ? value.replace('T', ' ') + (value.length === 16 ? ':00' : '') : null);
const toField = (value: string | null, withTime: boolean) => (value ? (withTime ? value.slice(0, 16).replace(' ', 'T') : value.slice(0, 10)) : '');

/**
 * A date typed and shown the way the console's language writes it (07.12.2026, 07/12/2026), not
 * in the browser's order, with a calendar in that language; the value stays ISO for the API.
 */
export function DateField({ value = '', onChange, min, max, withTime = false, required, ...props }: DateFieldProps) {
  const { i18n, t } = useTranslation();
  const format = dateFormatOf(i18n.language);
  const valueFormat = withTime ? `${format} HH:mm` : format;
  return (
    <DateInput
      {...props}
      required={required}
      value={fromField(value)}
      onChange={(next) => onChange(toField(next, withTime))}
      valueFormat={valueFormat}
      dateParser={parseTypedDate}
      withTime={withTime}
      allowDeselect={!required}
      minDate={min || undefined}
      maxDate={max || undefined}
      defaultDate={value ? value.slice(0, 10) : today()}
      placeholder={t(withTime ? 'common.dateTimeFormat' : 'common.dateFormat')}
      popoverProps={{ withinPortal: true }}
    />
  );
}
