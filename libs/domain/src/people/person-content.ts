/**
 * What a person record must hold to be worth keeping. A record with nothing in it cannot
 * be found again, matched to a caller or merged, and only clutters searches and exports,
 * so it is refused. "Unknown" answers (gender NonSpecifiedUnknown, age group unknown) say
 * nothing about who the person is and do not count.
 */
export interface PersonContent {
  name?: string | null;
  gender?: string | null;
  birthYear?: number | null;
  ageGroup?: string | null;
  citizenship?: readonly string[] | null;
  languages?: readonly string[] | null;
  migrationSituation?: string | null;
  /** How many identifiers (phone, e-mail, messenger, document, address) come with it. */
  identifierCount?: number;
}

const UNKNOWN = new Set(['NonSpecifiedUnknown', 'unknown']);

const said = (value: string | null | undefined) => !!value && value.trim() !== '' && !UNKNOWN.has(value);

/** True when the record identifies or describes someone: at least one field holds something. */
export function describesSomeone(person: PersonContent): boolean {
  return (
    said(person.name) ||
    said(person.gender) ||
    said(person.ageGroup) ||
    said(person.migrationSituation) ||
    (person.birthYear !== null && person.birthYear !== undefined) ||
    (person.citizenship?.length ?? 0) > 0 ||
    (person.languages?.length ?? 0) > 0 ||
    (person.identifierCount ?? 0) > 0
  );
}
