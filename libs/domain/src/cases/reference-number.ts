/** Case reference numbers such as `11616-2026-000123`: prefix, year, sequence within the year. */
export const DEFAULT_REFERENCE_PREFIX = '11616';
const SEQUENCE_DIGITS = 6;
const PREFIX = /^[A-Z0-9]{1,12}$/;

export function formatReference(prefix: string, year: number, sequence: number): string {
  if (!PREFIX.test(prefix)) throw new RangeError(`Reference prefix must be 1-12 capital letters or digits, got "${prefix}"`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`Bad reference year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`Bad reference sequence ${sequence}`);
  return `${prefix}-${year}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

export interface ParsedReference {
  prefix: string;
  year: number;
  sequence: number;
}

/** Accepts what people type: any case, spaces or other dashes, a missing zero padding. */
export function parseReference(input: string): ParsedReference | null {
  const match = /^\s*([A-Za-z0-9]{1,12})\s*[-‐‑–—\s]\s*(\d{4})\s*[-‐‑–—\s]\s*(\d{1,9})\s*$/.exec(input);
  if (!match) return null;
  const sequence = Number(match[3]);
  if (sequence < 1) return null;
  return { prefix: match[1].toUpperCase(), year: Number(match[2]), sequence };
}
