import { fieldInvalid } from '#api/core/errors/domain-error';

/**
 * A provider id (CallSid "CA…", MessageSid "SM…"/"MM…") as webhooks must carry it: everything
 * is idempotent on it, so a request without one is refused rather than stored un-deduplicated.
 */
export function requireSid(value: string | undefined, prefixes: string | string[], field: string): string {
  const allowed = Array.isArray(prefixes) ? prefixes : [prefixes];
  if (!value || !/^[A-Z]{2}[0-9a-fA-F]{32}$/.test(value) || !allowed.includes(value.slice(0, 2))) {
    throw fieldInvalid(field, 'invalid_sid', `${field} is missing or not a provider id`);
  }
  return value;
}
