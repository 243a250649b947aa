import { isInsideSafeWindow, nextSafeTime, parseTimeOfDay, type SafeWindow } from '@mayak/domain';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTimeIn } from '@web/modules/i18n/format';
import { Button, DateField, Group, Stack, Text } from '@web/modules/ui';
import { fromLocalInput, toLocalInput } from '../time';
import { consoleClock } from '@web/modules/clock/console-clock';

/** A safe window as the API describes it ('HH:MM' times) in the domain's terms; null when it has none. */
export function windowOf(dto: { days: number[]; start: string; end: string; timeZone: string } | null | undefined): SafeWindow | null {
  if (!dto) return null;
  return { days: dto.days, startMinute: parseTimeOfDay(dto.start) ?? -1, endMinute: parseTimeOfDay(dto.end) ?? -1, timeZone: dto.timeZone };
}

/** Where the chosen time stands against the window: fine, outside (with the next safe time), or not a time at all. */
export function checkDue(
  value: string,
  timeZone: string,
  window: SafeWindow | null,
  now = consoleClock.now(),
): { at: Date | null; outside: boolean; next: Date | null; past: boolean } {
  const at = fromLocalInput(value, timeZone);
  if (!at) return { at: null, outside: false, next: null, past: false };
  const past = at.getTime() < now.getTime() - 60_000;
  if (!window) return { at, outside: false, next: null, past };
  let outside = false;
  let next: Date | null = null;
  try {
    outside = !isInsideSafeWindow(at, window);
    if (outside || past) next = nextSafeTime(at.getTime() < now.getTime() ? now : at, window);
  } catch {
    // An unknown zone: the window's own field reports it.
  }
  return { at, outside, next, past };
}

interface DueFieldProps {
  value: string;
  onChange: (value: string) => void;
  timeZone: string;
  window: SafeWindow | null;
  error?: string | null;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * When to call, as the clock shows it in the client's time zone. A time outside the safe
 * window is said at once, with the next safe time offered in one click.
 */
export function DueField({ value, onChange, timeZone, window, error, inputRef }: DueFieldProps) {
  const { t } = useTranslation();
  const formatIn = useFormatDateTimeIn();
  const check = checkDue(value, timeZone, window);
  const suggestion = check.next && (check.outside || check.past) ? check.next : null;
  return (
    <Stack gap={4}>
      <DateField
        ref={inputRef}
        withTime
        label={t('callbacks.dueAt', { zone: timeZone })}
        name="dueAt"
        required
        value={value}
        error={error ?? (check.past ? t('fieldErrors.in_past') : check.outside ? t('callbacks.outsideWindow') : undefined)}
        onChange={onChange}
        data-outside={check.outside || undefined}
      />
      {suggestion ? (
        <Group gap="xs" wrap="wrap" data-testid="next-safe-time">
          <Text size="sm">{t('callbacks.nextSafeTime', { time: formatIn(suggestion.toISOString(), timeZone) })}</Text>
          <Button size="compact-sm" variant="light" onClick={() => onChange(toLocalInput(suggestion, timeZone))}>
            {t('callbacks.useNextSafeTime')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
