import { zonedParts, zonedTimeToUtc } from '@mayak/domain';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { useCan } from '../auth/hooks/use-can';

/** The hotline's home zone: used when an office's zone cannot be read. */
export const DEFAULT_TIME_ZONE = 'Asia/Almaty';

/** Zones callers of the region usually live in, offered first. */
const REGION_TIME_ZONES = [
  'Asia/Almaty',
  'Asia/Aqtobe',
  'Asia/Aqtau',
  'Asia/Oral',
  'Asia/Atyrau',
  'Asia/Qyzylorda',
  'Asia/Qostanay',
  'Asia/Tashkent',
  'Asia/Bishkek',
  'Asia/Dushanbe',
  'Asia/Ashgabat',
  'Europe/Moscow',
  'Europe/Istanbul',
  'Asia/Dubai',
  'Asia/Seoul',
  'Asia/Shanghai',
];

/** Options for a time zone select: the region's zones first, then every zone the browser knows. */
export function timeZoneGroups(commonLabel: string, otherLabel: string): { group: string; items: { value: string; label: string }[] }[] {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  const region = REGION_TIME_ZONES.filter((zone) => all.length === 0 || all.includes(zone) || zone === DEFAULT_TIME_ZONE);
  const rest = all.filter((zone) => !region.includes(zone));
  const option = (value: string) => ({ value, label: value.replace(/_/g, ' ') });
  return [{ group: commonLabel, items: region.map(option) }, ...(rest.length ? [{ group: otherLabel, items: rest.map(option) }] : [])];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of an `<input type="datetime-local">` showing the clock in the time zone. */
export function toLocalInput(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(Math.floor(p.minute / 60))}:${pad(p.minute % 60)}`;
}

/** The instant an `<input type="datetime-local">` value means in the time zone; null when empty or malformed. */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  try {
    return zonedTimeToUtc(y, mo, d, h * 60 + mi, timeZone);
  } catch {
    return null;
  }
}

/** Whether the browser knows the zone (an IANA name such as Asia/Almaty). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return !!timeZone.trim();
  } catch {
    return false;
  }
}

/**
 * An office's time zone. The session names offices without their zones, so users who may
 * read offices look it up; everyone else gets the hotline's home zone.
 */
export function useOfficeTimeZone(officeId: string | null | undefined): string {
  const can = useCan();
  const allowed = can('offices.read');
  const offices = useQuery({
    queryKey: ['offices', 'zones'],
    queryFn: () => unwrap(api.GET('/api/v1/offices', { params: { query: { limit: 100, offset: 0 } } })),
    enabled: allowed && !!officeId,
    staleTime: 10 * 60_000,
  });
  return offices.data?.items.find((office) => office.id === officeId)?.timezone ?? DEFAULT_TIME_ZONE;
}
