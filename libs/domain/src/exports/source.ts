/**
 * What the case exports read from one case, its client and its route: plain values that the
 * API copies from the Case, Person and TraffickingEvent rows. No names, phone numbers,
 * document numbers, addresses, free text or exact dates are asked for: an export cannot
 * leak what it is never given. Coded values are our stored codes (HTCDS value names,
 * ISO 3166-1 alpha-2 countries); anything that is not a known code is ignored, so a stray
 * free-text value cannot travel out inside a coded column.
 */
import { AGE_GROUPS, COUNTRY_CODES, type AgeGroup, type CountryCode } from '../codes';

/** One stop of the route (HTCDS hte_Type and hte_Country; city, date and description are not read). */
export interface ExportRouteStop {
  type: string;
  country: string | null;
}

/** The fields both exports read; CtdcSource and HtcdsSource add their own. */
export interface CaseExportSource {
  /** The year the person was identified, assisted, referred or reported: the year the case was opened. */
  registrationYear: number | null;
  /** HTCDS prs_Gender (codes GENDERS). */
  gender: string | null;
  /** Age in whole years at registration, when recorded. Wins over birthYear and ageGroup. */
  age?: number | null;
  /** Year of birth: the age is then registrationYear - birthYear (the age reached that year). */
  birthYear?: number | null;
  /** The stored band (codes AGE_GROUPS), used when neither age nor birth year is known. */
  ageGroup?: string | null;
  /** Citizenships, ISO 3166-1 alpha-2, as recorded (first = the one recorded first). */
  citizenship: readonly string[];
  /** The route of trafficking in order (TraffickingEvent rows by position). */
  route?: readonly ExportRouteStop[];
  /** HTCDS vic_TypeOfExploitation (codes EXPLOITATION_TYPES). */
  exploitationTypes: readonly string[];
  /** HTCDS vic_MethodsOfControl (codes CONTROL_METHODS, with RestrictsMovement and UsesChildren). */
  controlMethods: readonly string[];
  /** HTCDS vic_ForcedLabourIndustry (codes LABOUR_INDUSTRIES, ISIC sections). */
  labourIndustry: string | null;
  /** HTCDS vic_TypeOfSexExploitation (HTCDS_SEX_EXPLOITATION_TYPES); cases do not record it yet. */
  sexExploitationTypes?: readonly string[];
  /** Recruiter's relation to the person (codes RECRUITER_RELATIONS). */
  recruiterRelation: string | null;
}

/**
 * HTCDS vic_TypeOfSexExploitation. Not one of our code lists yet (cases do not record it);
 * the exports accept it so the CTDC typeOfSex* variables can be filled once they do.
 */
export const HTCDS_SEX_EXPLOITATION_TYPES = ['Prostitution', 'Pornography', 'RemoteInteractiveServices', 'PrivateSexualServices'] as const;
export type SexExploitationType = (typeof HTCDS_SEX_EXPLOITATION_TYPES)[number];

/** The values that are codes of `list`, once each, in the list's order (not the order entered). */
export function knownCodes<T extends string>(values: readonly string[] | null | undefined, list: readonly T[]): T[] {
  const given = new Set(values ?? []);
  return list.filter((code) => given.has(code));
}

const COUNTRIES: ReadonlySet<string> = new Set(COUNTRY_CODES);

/** Valid alpha-2 codes of `values`, once each, in the order given. */
export function knownCountries(values: readonly (string | null | undefined)[]): CountryCode[] {
  const out: CountryCode[] = [];
  for (const value of values) {
    const code = value?.trim().toUpperCase() ?? '';
    if (COUNTRIES.has(code) && !out.includes(code as CountryCode)) out.push(code as CountryCode);
  }
  return out;
}

/** The countries of the route's Exploitation stops (alpha-2), in route order. */
export function exploitationCountries(source: Pick<CaseExportSource, 'route'>): CountryCode[] {
  return knownCountries((source.route ?? []).filter((stop) => stop.type === 'Exploitation').map((stop) => stop.country));
}

/** Oldest plausible age: beyond it a birth year is taken for a typing error and ignored. */
const MAX_AGE = 120;

/** Age in whole years at registration: the recorded age, else from the birth year, else null. */
export function ageAtRegistration(source: Pick<CaseExportSource, 'age' | 'birthYear' | 'registrationYear'>): number | null {
  if (typeof source.age === 'number' && Number.isFinite(source.age) && source.age >= 0 && source.age <= MAX_AGE) return Math.floor(source.age);
  if (Number.isInteger(source.birthYear) && Number.isInteger(source.registrationYear)) {
    const age = (source.registrationYear as number) - (source.birthYear as number);
    if (age >= 0 && age <= MAX_AGE) return age;
  }
  return null;
}

/** The stored age group when it is one of ours and known, else null. */
export function knownAgeGroup(value: string | null | undefined): Exclude<AgeGroup, 'unknown'> | null {
  return value && value !== 'unknown' && (AGE_GROUPS as readonly string[]).includes(value) ? (value as Exclude<AgeGroup, 'unknown'>) : null;
}

/** A plausible calendar year as text, else ''. */
export function yearText(year: number | null | undefined): string {
  return Number.isInteger(year) && (year as number) >= 1900 && (year as number) <= 9999 ? String(year) : '';
}
