/**
 * The CTDC global dataset shape (Counter Trafficking Data Collaborative, IOM; Global
 * Synthetic Data Codebook v2, February 2024; docs/standards/ctdc-2024-export.md): one row
 * per person in 27 variables, without identifiers. Encoding: binary variables are '1' or
 * empty, never '0'; countries are ISO 3166-1 alpha-3; bands as the codebook writes them
 * (en dash); anything unknown is empty.
 *
 * Which of our values (HTCDS value names) feed each variable:
 *   1  yearOfRegistration        the year the case was opened (identified, assisted, referred or reported)
 *   2  gender                    prs_Gender: Feminine -> Woman, Masculine -> Man, TransgenderFeminine,
 *                                TransgenderMasculine, NonConforming -> Trans/Transgender/NonConforming,
 *                                NonSpecifiedUnknown -> empty
 *   3  ageBroad                  age at registration (age, else registration year - birth year, else the
 *                                stored band): 0–8 9–17 18–20 21–23 24–26 27–29 30–38 39–47 48+
 *   4  citizenship               prs_Citizenship, the first recorded, alpha-3
 *   5  CountryOfExploitation     the first Exploitation stop of the route (hte_Type, hte_Country), else
 *                                where the person was identified or referred, alpha-3
 *   6  traffickMonths            months in exploitation, when known: 0–12 / 13–24 / 25+
 *   7  meansDebtBondageEarnings  vic_MethodsOfControl DebtBondage, TakesEarnings
 *   8  meansThreats              PhysicalThreats, ThreatensChildrenFamily, UsesChildren, ThreatsLawEnforcement
 *   9  meansAbusePsyPhySex       PsychologicalAbuse, PhysicalAbuse, SexualAbuse
 *   10 meansFalsePromises        FalsePromises
 *   11 meansDrugsAlcohol         PsychoactiveSubstance
 *   12 meansDenyBasicNeeds       RestrictsFinancialAccess, RestrictsMovement, RestrictsMedicalCare, WithholdsNecessities
 *   13 meansExcessiveWorkHours   ExcessiveWorkingHours
 *   14 meansWithholdDocs         WithholdsDocuments
 *      (control method Other has no CTDC variable and is not exported)
 *   15 isForcedLabour            vic_TypeOfExploitation ForcedLabour, and by default ChildLabour,
 *                                ForcedBegging, Servitude (option forcedLabourAlso)
 *   16 isSexualExploit           SexualExploitation
 *   17 isOtherExploit            ForcedMarriage, ForcedMilitaryByNonStateActors, OrganRemoval, ForcedAdoption,
 *                                Surrogacy, Other, and whichever of ChildLabour, ForcedBegging, Servitude the
 *                                option leaves out of forced labour
 *   18 typeOfLabourAgriculture   vic_ForcedLabourIndustry A_AgricultureForestryAndFishing. CTDC means crop and
 *                                animal production only (ISIC division 01); we record sections, not divisions,
 *                                so section A counts by default (option agricultureFromSectionA: false leaves
 *                                it empty instead)
 *   19 typeOfLabourConstruction  F_Construction
 *   20 typeOfLabourDomesticWork  T_ActivitiesOfHouseholdsAsEmployers
 *   21 typeOfLabourHospitality   I_AccommodationAndFoodServiceActivities
 *      (the other 17 ISIC sections have no CTDC variable)
 *   22 typeOfSexProstitution     vic_TypeOfSexExploitation Prostitution
 *   23 typeOfSexPornography      Pornography (RemoteInteractiveServices, PrivateSexualServices: no variable)
 *   24 recruiterRelationIntimatePartner  recruiter relation IntimatePartner
 *   25 recruiterRelationFriend   Friend
 *   26 recruiterRelationFamily   Family
 *   27 recruiterRelationOther    Other (Unknown -> all four empty)
 */
import {
  CONTROL_METHODS,
  EXPLOITATION_TYPES,
  LABOUR_INDUSTRIES,
  RECRUITER_RELATIONS,
  ageGroupOf,
  type ControlMethod,
  type ExploitationType,
  type Gender,
  type LabourIndustry,
  type RecruiterRelation,
} from '../codes';
import { isoAlpha3 } from './country-alpha3';
import { DEFAULT_K, anonymiseRecords, type AnonymisationReport, type KAnonymityOptions, type QuasiIdentifierCodec } from './k-anonymity';
import {
  HTCDS_SEX_EXPLOITATION_TYPES,
  ageAtRegistration,
  exploitationCountries,
  knownAgeGroup,
  knownCodes,
  knownCountries,
  yearText,
  type CaseExportSource,
  type SexExploitationType,
} from './source';

export { ALPHA3_BY_ALPHA2, isoAlpha3 } from './country-alpha3';

/** The 27 variables, in the codebook's order (also the CSV column order). */
export const CTDC_COLUMNS = [
  'yearOfRegistration',
  'gender',
  'ageBroad',
  'citizenship',
  'CountryOfExploitation',
  'traffickMonths',
  'meansDebtBondageEarnings',
  'meansThreats',
  'meansAbusePsyPhySex',
  'meansFalsePromises',
  'meansDrugsAlcohol',
  'meansDenyBasicNeeds',
  'meansExcessiveWorkHours',
  'meansWithholdDocs',
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  'typeOfLabourAgriculture',
  'typeOfLabourConstruction',
  'typeOfLabourDomesticWork',
  'typeOfLabourHospitality',
  'typeOfSexProstitution',
  'typeOfSexPornography',
  'recruiterRelationIntimatePartner',
  'recruiterRelationFriend',
  'recruiterRelationFamily',
  'recruiterRelationOther',
] as const;
export type CtdcColumn = (typeof CTDC_COLUMNS)[number];
export type CtdcRow = Record<CtdcColumn, string>;

/** Variables 7-27: '1' or empty. */
export const CTDC_BINARY_COLUMNS: readonly CtdcColumn[] = CTDC_COLUMNS.slice(6);

/** The value a binary variable takes when true (never '0' when false: empty). */
export const CTDC_TRUE = '1';

/** Variable 2. */
export const CTDC_GENDERS: Readonly<Record<Gender, string>> = {
  Feminine: 'Woman',
  Masculine: 'Man',
  TransgenderFeminine: 'Trans/Transgender/NonConforming',
  TransgenderMasculine: 'Trans/Transgender/NonConforming',
  NonConforming: 'Trans/Transgender/NonConforming',
  NonSpecifiedUnknown: '',
};

/** Variable 3, in the codebook's spelling. */
export const CTDC_AGE_BANDS = ['0–8', '9–17', '18–20', '21–23', '24–26', '27–29', '30–38', '39–47', '48+'] as const;

/** Variable 6, in the codebook's spelling. */
export const CTDC_TRAFFICK_MONTHS = ['0–12 (0-1 yr)', '13–24 (1-2 yrs)', '25+ (2+ yrs)'] as const;

/** Variables 7-14 by control method (null: no CTDC variable). */
export const CTDC_MEANS_BY_CONTROL_METHOD: Readonly<Record<ControlMethod, CtdcColumn | null>> = {
  DebtBondage: 'meansDebtBondageEarnings',
  TakesEarnings: 'meansDebtBondageEarnings',
  PhysicalThreats: 'meansThreats',
  ThreatensChildrenFamily: 'meansThreats',
  UsesChildren: 'meansThreats',
  ThreatsLawEnforcement: 'meansThreats',
  PsychologicalAbuse: 'meansAbusePsyPhySex',
  PhysicalAbuse: 'meansAbusePsyPhySex',
  SexualAbuse: 'meansAbusePsyPhySex',
  FalsePromises: 'meansFalsePromises',
  PsychoactiveSubstance: 'meansDrugsAlcohol',
  RestrictsFinancialAccess: 'meansDenyBasicNeeds',
  RestrictsMovement: 'meansDenyBasicNeeds',
  RestrictsMedicalCare: 'meansDenyBasicNeeds',
  WithholdsNecessities: 'meansDenyBasicNeeds',
  ExcessiveWorkingHours: 'meansExcessiveWorkHours',
  WithholdsDocuments: 'meansWithholdDocs',
  Other: null,
};

/** The exploitation types that may count as forced labour besides ForcedLabour itself. */
export type ForcedLabourVariant = Exclude<ExploitationType, 'ForcedLabour' | 'SexualExploitation'>;

/** Our default: child labour, forced begging and servitude count as forced labour (ctdc-2024-export.md). */
export const DEFAULT_CTDC_FORCED_LABOUR_ALSO: readonly ForcedLabourVariant[] = ['ChildLabour', 'ForcedBegging', 'Servitude'];

/** Variables 15-17: where an exploitation type goes, given which types also count as forced labour. */
export function ctdcExploitationColumn(
  type: ExploitationType,
  forcedLabourAlso: readonly ForcedLabourVariant[] = DEFAULT_CTDC_FORCED_LABOUR_ALSO,
): 'isForcedLabour' | 'isSexualExploit' | 'isOtherExploit' {
  if (type === 'ForcedLabour') return 'isForcedLabour';
  if (type === 'SexualExploitation') return 'isSexualExploit';
  return forcedLabourAlso.includes(type) ? 'isForcedLabour' : 'isOtherExploit';
}

/** Variables 18-21 by ISIC section (the other sections have no CTDC variable). */
export const CTDC_LABOUR_BY_INDUSTRY: Readonly<Partial<Record<LabourIndustry, CtdcColumn>>> = {
  A_AgricultureForestryAndFishing: 'typeOfLabourAgriculture',
  F_Construction: 'typeOfLabourConstruction',
  T_ActivitiesOfHouseholdsAsEmployers: 'typeOfLabourDomesticWork',
  I_AccommodationAndFoodServiceActivities: 'typeOfLabourHospitality',
};

/** Variables 22-23 by HTCDS type of sex exploitation. */
export const CTDC_SEX_BY_TYPE: Readonly<Partial<Record<SexExploitationType, CtdcColumn>>> = {
  Prostitution: 'typeOfSexProstitution',
  Pornography: 'typeOfSexPornography',
};

/** Variables 24-27 by recruiter relation (Unknown: none). */
export const CTDC_RECRUITER_BY_RELATION: Readonly<Record<RecruiterRelation, CtdcColumn | null>> = {
  IntimatePartner: 'recruiterRelationIntimatePartner',
  Friend: 'recruiterRelationFriend',
  Family: 'recruiterRelationFamily',
  Other: 'recruiterRelationOther',
  Unknown: null,
};

/** The variables that say what the exploitation was: blanked together when k-anonymity blanks its type. */
export const CTDC_EXPLOITATION_COLUMNS: readonly CtdcColumn[] = [
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  'typeOfLabourAgriculture',
  'typeOfLabourConstruction',
  'typeOfLabourDomesticWork',
  'typeOfLabourHospitality',
  'typeOfSexProstitution',
  'typeOfSexPornography',
];

export interface CtdcSource extends CaseExportSource {
  /** Where the person was identified or referred (alpha-2): the country of exploitation when the route has none. */
  identifiedInCountry?: string | null;
  /** Whole months the person spent in exploitation, when known (cases do not record it yet). */
  monthsInExploitation?: number | null;
}

export interface CtdcOptions {
  /** Exploitation types that count as forced labour besides ForcedLabour (default DEFAULT_CTDC_FORCED_LABOUR_ALSO); the rest are "other". */
  forcedLabourAlso?: readonly ForcedLabourVariant[];
  /** Count ISIC section A (agriculture, forestry and fishing) as CTDC agriculture. Default true. */
  agricultureFromSectionA?: boolean;
}

/** Variable 3: the band of an age in whole years at registration; '' when unknown. */
export function ctdcAgeBand(age: number | null): string {
  if (age === null || !Number.isFinite(age) || age < 0) return '';
  return codebookDash(ageGroupOf(age));
}

/** Variable 6: the band of the months spent in exploitation (whole months count); '' when unknown. */
export function ctdcTraffickMonths(months: number | null): string {
  if (months === null || !Number.isFinite(months) || months < 0) return '';
  const whole = Math.floor(months);
  if (whole <= 12) return CTDC_TRAFFICK_MONTHS[0];
  if (whole <= 24) return CTDC_TRAFFICK_MONTHS[1];
  return CTDC_TRAFFICK_MONTHS[2];
}

/** Variable 3 from a source: its age at registration, else its stored band. */
export function ctdcAgeBandOf(source: Pick<CaseExportSource, 'age' | 'birthYear' | 'registrationYear' | 'ageGroup'>): string {
  const age = ageAtRegistration(source);
  if (age !== null) return ctdcAgeBand(age);
  const group = knownAgeGroup(source.ageGroup);
  return group ? codebookDash(group) : '';
}

/** One person's case as a CTDC row: every one of the 27 variables, '' when unknown. */
export function toCtdcRow(input: CtdcSource, options: CtdcOptions = {}): CtdcRow {
  const row = emptyCtdcRow();
  row.yearOfRegistration = yearText(input.registrationYear);
  row.gender = input.gender && Object.prototype.hasOwnProperty.call(CTDC_GENDERS, input.gender) ? CTDC_GENDERS[input.gender as Gender] : '';
  row.ageBroad = ctdcAgeBandOf(input);
  row.citizenship = isoAlpha3(knownCountries(input.citizenship)[0]);
  row.CountryOfExploitation = isoAlpha3(exploitationCountries(input)[0] ?? knownCountries([input.identifiedInCountry])[0]);
  row.traffickMonths = ctdcTraffickMonths(input.monthsInExploitation ?? null);

  const mark = (column: CtdcColumn | null | undefined): void => {
    if (column) row[column] = CTDC_TRUE;
  };
  for (const method of knownCodes(input.controlMethods, CONTROL_METHODS)) mark(CTDC_MEANS_BY_CONTROL_METHOD[method]);
  for (const type of knownCodes(input.exploitationTypes, EXPLOITATION_TYPES)) mark(ctdcExploitationColumn(type, options.forcedLabourAlso));
  const [industry] = knownCodes(input.labourIndustry ? [input.labourIndustry] : [], LABOUR_INDUSTRIES);
  if (industry && !(industry === 'A_AgricultureForestryAndFishing' && options.agricultureFromSectionA === false)) mark(CTDC_LABOUR_BY_INDUSTRY[industry]);
  for (const type of knownCodes(input.sexExploitationTypes, HTCDS_SEX_EXPLOITATION_TYPES)) mark(CTDC_SEX_BY_TYPE[type]);
  const [relation] = knownCodes(input.recruiterRelation ? [input.recruiterRelation] : [], RECRUITER_RELATIONS);
  if (relation) mark(CTDC_RECRUITER_BY_RELATION[relation]);
  return row;
}

export function emptyCtdcRow(): CtdcRow {
  return Object.fromEntries(CTDC_COLUMNS.map((column) => [column, ''])) as CtdcRow;
}

/**
 * The quasi-identifiers of a CTDC row. Type of exploitation is the set of isForcedLabour,
 * isSexualExploit and isOtherExploit; blanking it also blanks the typeOfLabour and
 * typeOfSex variables, which would otherwise give it away.
 */
export const CTDC_QUASI_IDENTIFIERS: QuasiIdentifierCodec<CtdcRow> = {
  read: (row) => ({
    gender: row.gender,
    ageBand: row.ageBroad,
    citizenship: row.citizenship,
    countryOfExploitation: row.CountryOfExploitation,
    exploitationType: (['isForcedLabour', 'isSexualExploit', 'isOtherExploit'] as const).filter((column) => row[column] === CTDC_TRUE).join('+'),
    year: row.yearOfRegistration,
  }),
  write: (row, qi, changed) => {
    const out: CtdcRow = {
      ...row,
      gender: qi.gender,
      ageBroad: qi.ageBand,
      citizenship: qi.citizenship,
      CountryOfExploitation: qi.countryOfExploitation,
      yearOfRegistration: qi.year,
    };
    if (changed.includes('exploitationType') && qi.exploitationType === '') for (const column of CTDC_EXPLOITATION_COLUMNS) out[column] = '';
    return out;
  },
};

/** CTDC rows made k-anonymous over the six quasi-identifiers (see k-anonymity.ts), with the report. */
export function anonymiseCtdcRows(
  rows: readonly CtdcRow[],
  k: number = DEFAULT_K,
  options?: KAnonymityOptions,
): { rows: CtdcRow[]; report: AnonymisationReport } {
  return anonymiseRecords(rows, CTDC_QUASI_IDENTIFIERS, k, options);
}

/** Our band codes use a hyphen (`0-8`); the codebook writes an en dash (`0–8`). */
function codebookDash(group: string): string {
  return group === 'unknown' ? '' : group.replace('-', '–');
}
