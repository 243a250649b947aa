/**
 * The Human Trafficking Case Data Standard export (HTCDS v2.0, IOM;
 * docs/standards/htcds-field-standards.csv) for data-sharing partners: one row per case,
 * with the HTCDS fields we can fill WITHOUT direct identifiers. Every field of the standard
 * is either exported (HTCDS_EXPORT_FIELDS) or excluded with its reason
 * (HTCDS_EXCLUDED_FIELDS); htcds.spec.ts checks that against the CSV, and that nothing
 * the CSV describes as a name, number, address, place, exact date or free text is exported.
 *
 * Encoding: picklists carry HTCDS value names (our stored codes); multi-select picklists
 * join their values with ';' (as Salesforce stores them) in the standard's order, so the
 * order an operator entered them in says nothing; countries are ISO 3166-1 alpha-3 (the
 * CSV: "Use ISO 3166 country codes standard (two-letter country codes optional)"), sorted;
 * unknown is empty.
 *
 * Two extension columns follow the HTCDS fields, because the standard has no field for
 * them and its nearest fields are too precise to share: ext_YearOfRegistration (instead of
 * exact referral or event dates) and ext_AgeBroad (the CTDC age band, instead of
 * prs_Birthdate or vic_AgeWhenTrafficked). They carry the year and age band that the
 * k-anonymity check works on.
 */
import {
  CONTROL_METHODS,
  EXPLOITATION_TYPES,
  GENDERS,
  LABOUR_INDUSTRIES,
  RECRUITMENT_METHODS,
  TRAFFICKING_STATUSES,
  TRAFFICKING_STATUS_DECIDERS,
  type RecruiterRelation,
} from '../codes';
import type { CaseStatus } from '../cases/case-status';
import { SUPPORT_PLAN_TYPES } from '../plans/plan-codes';
import { isoAlpha3 } from './country-alpha3';
import { ctdcAgeBandOf } from './ctdc';
import { DEFAULT_K, anonymiseRecords, type AnonymisationReport, type KAnonymityOptions, type QuasiIdentifierCodec } from './k-anonymity';
import { HTCDS_SEX_EXPLOITATION_TYPES, exploitationCountries, knownCodes, knownCountries, yearText, type CaseExportSource } from './source';

/** The HTCDS fields we export, in the standard's order. */
export const HTCDS_EXPORT_FIELDS = [
  'prs_Gender',
  'prs_Citizenship',
  'vic_TraffickingStatus',
  'vic_TraffickingStatusDecisionMakingOrg',
  'vic_RelationshipToTrafficker',
  'vic_MethodOfRecruitment',
  'vic_MethodsOfControl',
  'vic_TypeOfExploitation',
  'vic_ForcedLabourIndustry',
  'vic_TypeOfSexExploitation',
  'cas_Status',
  'hte_Country',
  'hte_Type',
  'spl_Type',
] as const;
export type HtcdsExportField = (typeof HTCDS_EXPORT_FIELDS)[number];

/** Our extension columns (see the header); `ext_` is not an HTCDS prefix. */
export const HTCDS_EXTENSION_COLUMNS = ['ext_YearOfRegistration', 'ext_AgeBroad'] as const;
export type HtcdsExtensionColumn = (typeof HTCDS_EXTENSION_COLUMNS)[number];

/** The export's columns, in order: the HTCDS fields, then the extensions. */
export const HTCDS_EXPORT_COLUMNS: readonly HtcdsColumn[] = [...HTCDS_EXPORT_FIELDS, ...HTCDS_EXTENSION_COLUMNS];
export type HtcdsColumn = HtcdsExportField | HtcdsExtensionColumn;
export type HtcdsRow = Record<HtcdsColumn, string>;

/** Separator of the values of a multi-select picklist in one cell. */
export const HTCDS_MULTI_VALUE_SEPARATOR = ';';

export type HtcdsExclusionReason =
  /** Names, birth date, national identity number, email, phone numbers, a home address or its coordinates. */
  | 'direct-identifier'
  /** A place finer than a country (city, street, coordinates, a lookup to a particular place). */
  | 'precise-location'
  /** An exact date: with a few other facts it points at one person (the year goes out as ext_YearOfRegistration). */
  | 'exact-date'
  /** Long text: it can say anything, names and places included, and cannot be checked. */
  | 'free-text'
  /** Names a case worker or an organisation (where the person was served, or sent). */
  | 'staff-or-organisation'
  /** About another person (the perpetrator), whom an anonymised case export does not describe. */
  | 'other-person'
  /** Not a direct identifier, but finer than the k-anonymity check covers. */
  | 'fine-quasi-identifier'
  /** We do not record it. */
  | 'not-recorded'
  /** Deprecated by the standard. */
  | 'deprecated';

export interface HtcdsExclusion {
  reason: HtcdsExclusionReason;
  /** Why, from the CSV's field description where it has one. */
  note: string;
}

/** Every HTCDS field we do not export, and why. */
export const HTCDS_EXCLUDED_FIELDS: Readonly<Record<string, HtcdsExclusion>> = {
  // Organisation: records of organisations, not of a person's case; naming or locating the
  // organisation that served a survivor points at the survivor (a shelter's address).
  org_Name: { reason: 'staff-or-organisation', note: 'The name of the organisation' },
  org_ShippingCity: { reason: 'precise-location', note: 'City portion of primary mailing or shipping address' },
  org_ShippingCountry: { reason: 'staff-or-organisation', note: "Country portion of an organisation's address: describes the organisation, not the case" },
  org_ShippingState: { reason: 'precise-location', note: 'State or province portion of primary mailing or shipping address' },
  org_ShippingStreet: { reason: 'precise-location', note: 'Primary mailing or shipping street address of organisation' },
  org_ShippingPostalCode: { reason: 'precise-location', note: 'Zip or postal code portion of primary mailing or shipping address' },
  org_ShippingLongitude: { reason: 'precise-location', note: 'Geolocation of the organisation' },
  org_ShippingLatitude: { reason: 'precise-location', note: 'Geolocation of the organisation' },
  org_Phone: { reason: 'staff-or-organisation', note: 'The primary telephone number of the organisation' },
  org_Type: { reason: 'staff-or-organisation', note: 'The organisation category: a field of organisation records, not of the case' },
  // Person
  prs_Salutation: { reason: 'direct-identifier', note: 'Part of the name (Salesforce name compound field)' },
  prs_FirstName: { reason: 'direct-identifier', note: 'Name' },
  prs_MiddleName: { reason: 'direct-identifier', note: 'Name' },
  prs_SecondName: { reason: 'direct-identifier', note: 'Name' },
  prs_Birthdate: { reason: 'direct-identifier', note: 'Exact date of birth; the age band goes out as ext_AgeBroad' },
  prs_Deceased: { reason: 'not-recorded', note: 'Indicates if the person is known to be no longer alive' },
  prs_MaritalStatus: { reason: 'not-recorded', note: 'Marital status' },
  prs_NumberOfChildren: { reason: 'not-recorded', note: 'Number of children' },
  prs_PrimaryLanguage: {
    reason: 'fine-quasi-identifier',
    note: 'A rare language singles a person out, and language is not one of the quasi-identifiers the k-anonymity check covers',
  },
  prs_SecondaryLanguage: { reason: 'fine-quasi-identifier', note: 'As prs_PrimaryLanguage' },
  prs_HighestLevelOfEducation: { reason: 'not-recorded', note: 'The highest level of education attainment' },
  prs_IdentityNumber: { reason: 'direct-identifier', note: 'Relevant national identity number' },
  prs_Title: { reason: 'direct-identifier', note: 'The person’s position within an organisation' },
  prs_Email: { reason: 'direct-identifier', note: 'Email address' },
  prs_HomePhone: { reason: 'direct-identifier', note: 'Telephone number (E.164)' },
  prs_MobilePhone: { reason: 'direct-identifier', note: 'Telephone number (E.164)' },
  prs_MailingCity: { reason: 'direct-identifier', note: 'The city in the mailing address' },
  prs_MailingCountry: { reason: 'direct-identifier', note: 'The country in the mailing address: part of the home address (we do not record it)' },
  prs_MailingState: { reason: 'direct-identifier', note: 'The state or province in the mailing address' },
  prs_MailingStreet: { reason: 'direct-identifier', note: 'The street in the mailing address' },
  prs_MailingPostalCode: { reason: 'direct-identifier', note: 'The zip or postal code in the mailing address' },
  prs_MailingLongitude: { reason: 'direct-identifier', note: 'Coordinates of the mailing address' },
  prs_MailingLatitude: { reason: 'direct-identifier', note: 'Coordinates of the mailing address' },
  // Person - victim context
  vic_AgreementToManagePersonalData: { reason: 'deprecated', note: 'DEPRECATED in favour of updated CONSENT section' },
  vic_AgeWhenTrafficked: {
    reason: 'fine-quasi-identifier',
    note: 'Age (in years) when the person was first trafficked: an exact age (and not recorded); the age band goes out as ext_AgeBroad',
  },
  vic_RecruitmentWebsitesAndApps: { reason: 'not-recorded', note: 'Indicates technology platforms used by perpetrators to identify potential victims' },
  vic_LocationOfRecruitment: { reason: 'precise-location', note: 'Lookup to an organisation record: a particular place' },
  vic_LocationOfExploitation: { reason: 'precise-location', note: 'Lookup to an organisation record: a particular place; the country goes out as hte_Country' },
  vic_ExploitationWebsitesAndApps: { reason: 'not-recorded', note: 'Indicates technology platforms used to exploit potential victims' },
  vic_Vulnerabilities: { reason: 'deprecated', note: 'Deprecated in favour of Assessment and Planning sections' },
  vic_DetailsOfVulnerabilities: { reason: 'deprecated', note: 'Deprecated in favour of Assessment and Planning sections (and long text)' },
  // Person - perpetrator context
  per_RoleInProcess: { reason: 'other-person', note: "The perpetrator's role" },
  per_RoleDetails: { reason: 'other-person', note: "Detailed description of the perpetrator's role (long text)" },
  per_Organisation: { reason: 'other-person', note: "The perpetrator's organisation" },
  // Case
  cas_ReasonForCaseClosure: { reason: 'free-text', note: 'Reason for case closure (long text)' },
  cas_CaseOwner: { reason: 'staff-or-organisation', note: 'The case worker who created or manages the case' },
  cas_ReferringOrganisation: { reason: 'staff-or-organisation', note: 'The organisation referring the case' },
  cas_IncomingReferralDate: { reason: 'exact-date', note: 'The date that the organisation accepted an incoming case referral' },
  cas_ReferringPrimaryCaseWorker: { reason: 'staff-or-organisation', note: 'Lookup to a person: the referring case worker' },
  cas_ReasonForIncomingReferral: { reason: 'not-recorded', note: 'Our referrals record the service asked for, not this reason' },
  cas_IncomingReferralDetails: { reason: 'free-text', note: 'Detailed information about the incoming referral including special arrangements and logistics' },
  cas_ReferredOrganisation: { reason: 'staff-or-organisation', note: 'The organisation who is receiving the referred case' },
  cas_ReferredPrimaryCaseWorker: { reason: 'staff-or-organisation', note: 'Lookup to a person: the receiving case worker' },
  cas_ReasonForOutgoingReferral: { reason: 'not-recorded', note: 'Our referrals record the service asked for, not this reason' },
  cas_OutgoingReferralDate: { reason: 'exact-date', note: 'The date that the organisation made an outgoing case referral' },
  cas_OutgoingReferralDetails: { reason: 'free-text', note: 'Detailed information about the outgoing referral including special arrangements and logistics' },
  cco_CaseComment: { reason: 'free-text', note: 'A formal update from a case worker about the case' },
  // Historic trafficking events: the country goes out (hte_Country), nothing finer.
  hte_Longitude: { reason: 'precise-location', note: 'Coordinates of the event' },
  hte_Latitude: { reason: 'precise-location', note: 'Coordinates of the event' },
  hte_City: { reason: 'precise-location', note: 'City of the event' },
  hte_State: { reason: 'precise-location', note: 'State of the event' },
  hte_Street: { reason: 'precise-location', note: 'Street of the event' },
  hte_PostalCode: { reason: 'precise-location', note: 'Postal code of the event' },
  hte_Date: { reason: 'exact-date', note: 'Date of the event' },
  hte_Description: { reason: 'free-text', note: 'Description of the event (long text)' },
  // Support plan (case plans of kind support, libs/domain/src/plans): its type goes out as spl_Type; consent
  spl_Objectives: { reason: 'free-text', note: 'The objectives or purpose of the plan (long text, kept with the case plan)' },
  spl_ActionPlan: { reason: 'free-text', note: 'A description of the actions required to accomplish the plan (long text, kept with the case plan)' },
  spl_PlannedEndDate: { reason: 'exact-date', note: 'Planned end date of the plan (kept with the case plan)' },
  spl_ActualEndDate: { reason: 'exact-date', note: 'Actual end date of the plan (kept with the case plan)' },
  con_Consent: { reason: 'not-recorded', note: 'Consent to the interview; our consents (to record, refer, call back) are different and stay with us' },
};

export interface HtcdsSource extends CaseExportSource {
  /** Our case status (CASE_STATUSES) and, when closed, its closure reason (CLOSURE_REASONS). */
  caseStatus?: CaseStatus | null;
  closureReason?: string | null;
  /** HTCDS vic_TraffickingStatus and vic_TraffickingStatusDecisionMakingOrg. */
  traffickingStatus?: string | null;
  traffickingStatusDecidedBy?: string | null;
  /** HTCDS vic_MethodOfRecruitment. */
  recruitmentMethods?: readonly string[];
  /** HTCDS spl_Type of each of the case's support plans (a case may have several: the cell lists each type once). */
  supportPlanTypes?: readonly string[];
}

/**
 * vic_RelationshipToTrafficker (Familial / Acquainted / Unaquainted, spelt as the standard
 * does) from our recruiter relation. A partner or friend is acquainted; Other (broker,
 * employer, smuggler...) may or may not have been known to the person, so it stays empty.
 */
export const HTCDS_RELATIONSHIP_BY_RECRUITER_RELATION: Readonly<Record<RecruiterRelation, string>> = {
  Family: 'Familial',
  IntimatePartner: 'Acquainted',
  Friend: 'Acquainted',
  Other: '',
  Unknown: '',
};

/** cas_Status (Active / FollowUp / Closed / ClosedReferred) from our case status. */
export function htcdsCaseStatus(status: CaseStatus | null | undefined, closureReason?: string | null): string {
  switch (status) {
    case 'new':
    case 'open':
    case 'in_progress':
    case 'referred':
      return 'Active';
    case 'follow_up':
      return 'FollowUp';
    case 'closed':
      return closureReason === 'referred_and_completed' ? 'ClosedReferred' : 'Closed';
    default:
      return '';
  }
}

/** One case as an HTCDS row: every export column, '' when unknown. */
export function toHtcdsRow(input: HtcdsSource): HtcdsRow {
  const join = (values: readonly string[]): string => values.join(HTCDS_MULTI_VALUE_SEPARATOR);
  const one = <T extends string>(value: string | null | undefined, list: readonly T[]): string => knownCodes(value ? [value] : [], list)[0] ?? '';
  const countries = (alpha2: readonly string[]): string => join(alpha2.map(isoAlpha3).sort());
  const exploitation = exploitationCountries(input);
  const [relation] = knownCodes(
    input.recruiterRelation ? [input.recruiterRelation] : [],
    Object.keys(HTCDS_RELATIONSHIP_BY_RECRUITER_RELATION) as RecruiterRelation[],
  );
  return {
    prs_Gender: one(input.gender, GENDERS),
    prs_Citizenship: countries(knownCountries(input.citizenship)),
    vic_TraffickingStatus: one(input.traffickingStatus, TRAFFICKING_STATUSES),
    vic_TraffickingStatusDecisionMakingOrg: one(input.traffickingStatusDecidedBy, TRAFFICKING_STATUS_DECIDERS),
    vic_RelationshipToTrafficker: relation ? HTCDS_RELATIONSHIP_BY_RECRUITER_RELATION[relation] : '',
    vic_MethodOfRecruitment: join(knownCodes(input.recruitmentMethods, RECRUITMENT_METHODS)),
    vic_MethodsOfControl: join(knownCodes(input.controlMethods, CONTROL_METHODS)),
    vic_TypeOfExploitation: join(knownCodes(input.exploitationTypes, EXPLOITATION_TYPES)),
    vic_ForcedLabourIndustry: one(input.labourIndustry, LABOUR_INDUSTRIES),
    vic_TypeOfSexExploitation: join(knownCodes(input.sexExploitationTypes, HTCDS_SEX_EXPLOITATION_TYPES)),
    cas_Status: htcdsCaseStatus(input.caseStatus, input.closureReason),
    hte_Country: countries(exploitation),
    hte_Type: exploitation.length ? 'Exploitation' : '',
    spl_Type: join(knownCodes(input.supportPlanTypes, SUPPORT_PLAN_TYPES)),
    ext_YearOfRegistration: yearText(input.registrationYear),
    ext_AgeBroad: ctdcAgeBandOf(input),
  };
}

/**
 * The quasi-identifiers of an HTCDS row. Blanking the type of exploitation also blanks the
 * labour industry and type of sex exploitation (they give it away); blanking the country of
 * exploitation also blanks hte_Type.
 */
export const HTCDS_QUASI_IDENTIFIERS: QuasiIdentifierCodec<HtcdsRow> = {
  read: (row) => ({
    gender: row.prs_Gender,
    ageBand: row.ext_AgeBroad,
    citizenship: row.prs_Citizenship,
    countryOfExploitation: row.hte_Country,
    exploitationType: row.vic_TypeOfExploitation,
    year: row.ext_YearOfRegistration,
  }),
  write: (row, qi, changed) => {
    const out: HtcdsRow = {
      ...row,
      prs_Gender: qi.gender,
      ext_AgeBroad: qi.ageBand,
      prs_Citizenship: qi.citizenship,
      hte_Country: qi.countryOfExploitation,
      vic_TypeOfExploitation: qi.exploitationType,
      ext_YearOfRegistration: qi.year,
    };
    if (changed.includes('exploitationType') && qi.exploitationType === '') {
      out.vic_ForcedLabourIndustry = '';
      out.vic_TypeOfSexExploitation = '';
    }
    if (changed.includes('countryOfExploitation') && qi.countryOfExploitation === '') out.hte_Type = '';
    return out;
  },
};

/** HTCDS rows made k-anonymous over the six quasi-identifiers (see k-anonymity.ts), with the report. */
export function anonymiseHtcdsRows(
  rows: readonly HtcdsRow[],
  k: number = DEFAULT_K,
  options?: KAnonymityOptions,
): { rows: HtcdsRow[]; report: AnonymisationReport } {
  return anonymiseRecords(rows, HTCDS_QUASI_IDENTIFIERS, k, options);
}
