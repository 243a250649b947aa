// Checks the HTCDS export against the standard's field list in docs/standards, read at test
// time (eslint.config.mjs lets domain specs read files): every field is exported or excluded
// with a reason, and nothing the CSV describes as identifying is exported.
import {
  CONTROL_METHODS,
  EXPLOITATION_TYPES,
  GENDERS,
  LABOUR_INDUSTRIES,
  RECRUITER_RELATIONS,
  RECRUITMENT_METHODS,
  TRAFFICKING_STATUS_DECIDERS,
  TRAFFICKING_STATUSES,
} from '../codes';
import { CASE_STATUSES } from '../cases/case-status';
import {
  HTCDS_EXCLUDED_FIELDS,
  HTCDS_EXPORT_COLUMNS,
  HTCDS_EXPORT_FIELDS,
  HTCDS_EXTENSION_COLUMNS,
  HTCDS_MULTI_VALUE_SEPARATOR,
  anonymiseHtcdsRows,
  htcdsCaseStatus,
  toHtcdsRow,
  type HtcdsSource,
} from './htcds';
import { QUASI_IDENTIFIERS, smallestClassSize } from './k-anonymity';
import { HTCDS_SEX_EXPLOITATION_TYPES } from './source';
import { SUPPORT_PLAN_TYPES } from '../plans/plan-codes';
import { HTCDS_CSV_PATH, readHtcdsStandard } from '../testing/htcds-standard';

interface CsvField {
  name: string;
  label: string;
  type: string;
  values: string[];
  description: string;
  notes: string;
}

/** The standard's fields (DRAFT and DEPRECATED rows; section headings and example questions skipped). */
function loadFields(): CsvField[] {
  const { header, rows } = readHtcdsStandard();
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${name} is not a column of ${HTCDS_CSV_PATH}`);
    return index;
  };
  const [status, prefix, shortName, full, label, type, values, description, notes] = [
    'Status',
    'Field Name Prefix',
    'Field Name',
    'Field Name including Prefix',
    'Field Label',
    'Field Type',
    'Value Names (if picklist)',
    'Description',
    'Notes',
  ].map(column);
  return rows
    .filter((row) => ['DRAFT', 'DEPRECATED'].includes(row[status]?.trim() ?? ''))
    .map((row) => ({
      // One row (per_Organisation) lacks the full name; prefix + name is the same thing.
      name: (row[full] || `${row[prefix] ?? ''}${row[shortName] ?? ''}`).trim(),
      label: row[label] ?? '',
      type: row[type] ?? '',
      values: (row[values] ?? '')
        .split(/\r?\n/)
        .map((value) => value.trim())
        .filter((value) => value !== ''),
      description: row[description] ?? '',
      notes: row[notes] ?? '',
    }));
}

const fields = loadFields();
const fieldNames = fields.map((field) => field.name);
const field = (name: string): CsvField => {
  const found = fields.find((f) => f.name === name);
  if (!found) throw new Error(`${name} is not in ${HTCDS_CSV_PATH}`);
  return found;
};

/**
 * What the CSV itself says makes a field identifying: its type (exact dates, coordinates,
 * long free text, lookups to a person, user or organisation record) or words in its name,
 * label or description (names, birth date, identity number, contact details, address parts).
 */
function identifierLike(f: CsvField): boolean {
  if (/^(Date|Geolocation|Long Text)$/.test(f.type.trim()) || /^Lookup/.test(f.type.trim())) return true;
  const words = `${f.name} ${f.label} ${f.description}`;
  return /name\b|FirstName|MiddleName|SecondName|Salutation|Birth|IdentityNumber|identity number|Email|Phone|telephone|Street|City|State\b|State\/|province|Postal|zip|Latitude|Longitude|address|Title|position within/i.test(
    words,
  );
}

const EMPTY_SOURCE: HtcdsSource = {
  registrationYear: null,
  gender: null,
  citizenship: [],
  exploitationTypes: [],
  controlMethods: [],
  labourIndustry: null,
  recruiterRelation: null,
};

describe('HTCDS_EXPORT_FIELDS', () => {
  it('reads the standard (84 fields)', () => {
    expect(fields).toHaveLength(84);
    expect(new Set(fieldNames).size).toBe(fieldNames.length);
    expect(fieldNames).toContain('per_Organisation');
  });

  it('are fields of the standard, in its order', () => {
    for (const name of HTCDS_EXPORT_FIELDS) expect(fieldNames).toContain(name);
    expect([...HTCDS_EXPORT_FIELDS]).toEqual(fieldNames.filter((name) => (HTCDS_EXPORT_FIELDS as readonly string[]).includes(name)));
  });

  it('with the exclusions, account for every field of the standard exactly once', () => {
    const excluded = Object.keys(HTCDS_EXCLUDED_FIELDS);
    expect(excluded.filter((name) => !fieldNames.includes(name))).toEqual([]);
    expect(excluded.filter((name) => (HTCDS_EXPORT_FIELDS as readonly string[]).includes(name))).toEqual([]);
    expect(fieldNames.filter((name) => !(HTCDS_EXPORT_FIELDS as readonly string[]).includes(name) && !excluded.includes(name))).toEqual([]);
    for (const exclusion of Object.values(HTCDS_EXCLUDED_FIELDS)) expect(exclusion.note.length).toBeGreaterThan(0);
  });

  it('include no field the CSV describes as identifying', () => {
    const identifying = fields.filter(identifierLike).map((f) => f.name);
    // The detector finds what it should: names, phones, addresses, birth date, documents...
    for (const name of [
      'prs_FirstName',
      'prs_SecondName',
      'prs_Birthdate',
      'prs_IdentityNumber',
      'prs_Email',
      'prs_MobilePhone',
      'prs_HomePhone',
      'prs_MailingStreet',
      'prs_MailingPostalCode',
      'prs_MailingLatitude',
      'hte_Street',
      'hte_City',
      'hte_Date',
      'hte_Description',
      'cco_CaseComment',
      'cas_CaseOwner',
      'org_Phone',
    ]) {
      expect(identifying).toContain(name);
    }
    expect(identifying.filter((name) => (HTCDS_EXPORT_COLUMNS as readonly string[]).includes(name))).toEqual([]);
    for (const name of identifying) expect(HTCDS_EXCLUDED_FIELDS[name]).toBeDefined();
  });

  it('exclude every person name, contact and address field as a direct identifier', () => {
    const direct = fieldNames.filter((name) =>
      /^prs_(Salutation|FirstName|MiddleName|SecondName|Birthdate|IdentityNumber|Email|HomePhone|MobilePhone|Mailing)/.test(name),
    );
    expect(direct.length).toBe(16);
    for (const name of direct) expect(HTCDS_EXCLUDED_FIELDS[name].reason).toBe('direct-identifier');
  });

  it('extension columns use a prefix the standard does not', () => {
    const prefixes = new Set(fieldNames.map((name) => name.split('_')[0]));
    for (const column of HTCDS_EXTENSION_COLUMNS) expect(prefixes.has(column.split('_')[0])).toBe(false);
  });
});

describe('toHtcdsRow', () => {
  const full: HtcdsSource = {
    registrationYear: 2024,
    gender: 'Masculine',
    age: 34,
    citizenship: ['UZ', 'KZ', 'UZ'],
    route: [
      { type: 'Recruitment', country: 'UZ' },
      { type: 'Exploitation', country: 'RU' },
      { type: 'Exploitation', country: 'KZ' },
    ],
    exploitationTypes: ['ForcedLabour', 'Other', 'ForcedLabour'],
    controlMethods: ['WithholdsDocuments', 'DebtBondage', 'RestrictsMovement'],
    labourIndustry: 'F_Construction',
    sexExploitationTypes: [],
    recruiterRelation: 'Family',
    caseStatus: 'closed',
    closureReason: 'referred_and_completed',
    traffickingStatus: 'ActualVictimOfTrafficking',
    traffickingStatusDecidedBy: 'NGO',
    recruitmentMethods: ['ThroughFamilyOrFamilyEvents'],
    supportPlanTypes: ['Legal', 'Health', 'Legal'],
  };

  it('maps a case (hand-checked): codes in the standard’s order, countries alpha-3 and sorted', () => {
    expect(toHtcdsRow(full)).toEqual({
      prs_Gender: 'Masculine',
      prs_Citizenship: 'KAZ;UZB',
      vic_TraffickingStatus: 'ActualVictimOfTrafficking',
      vic_TraffickingStatusDecisionMakingOrg: 'NGO',
      vic_RelationshipToTrafficker: 'Familial',
      vic_MethodOfRecruitment: 'ThroughFamilyOrFamilyEvents',
      vic_MethodsOfControl: 'DebtBondage;WithholdsDocuments;RestrictsMovement',
      vic_TypeOfExploitation: 'ForcedLabour;Other',
      vic_ForcedLabourIndustry: 'F_Construction',
      vic_TypeOfSexExploitation: '',
      cas_Status: 'ClosedReferred',
      hte_Country: 'KAZ;RUS',
      hte_Type: 'Exploitation',
      spl_Type: 'Health;Legal',
      ext_YearOfRegistration: '2024',
      ext_AgeBroad: '30–38',
    });
  });

  it('gives every column, all empty when nothing is known', () => {
    const row = toHtcdsRow(EMPTY_SOURCE);
    expect(Object.keys(row)).toEqual([...HTCDS_EXPORT_COLUMNS]);
    expect(Object.values(row).every((value) => value === '')).toBe(true);
  });

  it('writes only value names of the standard’s picklists (plus our two control methods)', () => {
    const everything: HtcdsSource = {
      ...full,
      gender: null,
      exploitationTypes: [...EXPLOITATION_TYPES],
      controlMethods: [...CONTROL_METHODS],
      sexExploitationTypes: [...HTCDS_SEX_EXPLOITATION_TYPES],
      recruitmentMethods: [...RECRUITMENT_METHODS],
      supportPlanTypes: [...SUPPORT_PLAN_TYPES],
    };
    const rows = [
      toHtcdsRow(everything),
      ...GENDERS.map((gender) => toHtcdsRow({ ...everything, gender })),
      ...TRAFFICKING_STATUSES.map((traffickingStatus) => toHtcdsRow({ ...everything, traffickingStatus })),
      ...TRAFFICKING_STATUS_DECIDERS.map((traffickingStatusDecidedBy) => toHtcdsRow({ ...everything, traffickingStatusDecidedBy })),
      ...RECRUITER_RELATIONS.map((recruiterRelation) => toHtcdsRow({ ...everything, recruiterRelation })),
      ...LABOUR_INDUSTRIES.map((labourIndustry) => toHtcdsRow({ ...everything, labourIndustry })),
      ...CASE_STATUSES.map((caseStatus) => toHtcdsRow({ ...everything, caseStatus, closureReason: 'resolved' })),
    ];
    // prs_Citizenship's "value names" cell describes ISO 3166 rather than listing values.
    const picklists = HTCDS_EXPORT_FIELDS.filter((name) => /Picklist/.test(field(name).type) && name !== 'prs_Citizenship');
    expect(picklists.length).toBe(12);
    for (const name of picklists) {
      const allowed = new Set([...field(name).values, ...(name === 'vic_MethodsOfControl' ? ['RestrictsMovement', 'UsesChildren'] : [])]);
      const written = new Set(rows.flatMap((row) => row[name].split(HTCDS_MULTI_VALUE_SEPARATOR)).filter((value) => value !== ''));
      expect({ name, unknown: [...written].filter((value) => !allowed.has(value)) }).toEqual({ name, unknown: [] });
      expect(written.size).toBeGreaterThan(0);
    }
  });

  it('maps the recruiter relation and the case status onto the standard’s picklists', () => {
    expect(RECRUITER_RELATIONS.map((recruiterRelation) => toHtcdsRow({ ...EMPTY_SOURCE, recruiterRelation }).vic_RelationshipToTrafficker)).toEqual([
      'Acquainted', // IntimatePartner
      'Acquainted', // Friend
      'Familial', // Family
      '', // Other: may or may not have been known
      '', // Unknown
    ]);
    expect(CASE_STATUSES.map((status) => htcdsCaseStatus(status))).toEqual(['Active', 'Active', 'Active', 'Active', 'FollowUp', 'Closed']);
    expect(htcdsCaseStatus('closed', 'referred_and_completed')).toBe('ClosedReferred');
    expect(htcdsCaseStatus(null)).toBe('');
  });

  it('has the standard’s sex exploitation types', () => {
    expect([...HTCDS_SEX_EXPLOITATION_TYPES]).toEqual(field('vic_TypeOfSexExploitation').values);
  });

  it('lets nothing identifying through, even when the caller hands it over', () => {
    // As when the API passes whole entities: extra properties the source type does not name.
    const identifiers = { name: 'Aigerim Bolatova', phone: '+77011234567', documentNumber: 'N12345678', birthDate: '2001-03-14' };
    const stops = [{ type: 'Exploitation', country: 'RU', city: 'Moscow', date: '2024-05-01', description: 'kept in a flat on Lenina 12' }];
    const leaky: HtcdsSource = {
      ...full,
      ...identifiers,
      gender: 'Feminine; +77011234567',
      citizenship: ['UZ', 'Tashkent, Navoi 5'],
      route: stops,
      recruitmentMethods: ['met Bolat at the market'],
      supportPlanTypes: ['Legal', 'shelter at Lenina 12'],
      traffickingStatus: 'she is a victim',
    };
    const text = JSON.stringify(toHtcdsRow(leaky));
    for (const secret of ['Aigerim', 'Bolat', '7701', 'N123', '2001-03', 'Tashkent', 'Moscow', '2024-05', 'Lenina', 'market', 'she is'])
      expect(text).not.toContain(secret);
    expect(toHtcdsRow(leaky).prs_Gender).toBe('');
  });
});

describe('anonymiseHtcdsRows', () => {
  it('leaves no combination under k and blanks what gives a blanked value away', () => {
    let state = 7;
    const next = (n: number): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state >>> 8) % n;
    };
    const rows = Array.from({ length: 500 }, () =>
      toHtcdsRow({
        registrationYear: 2024 + next(2),
        gender: GENDERS[next(4) === 0 ? next(GENDERS.length) : next(2)],
        age: next(60),
        citizenship: [['UZ', 'KZ', 'KG', 'TJ', 'CN'][next(5)]],
        route: next(3) ? [{ type: 'Exploitation', country: ['KZ', 'RU', 'AE'][next(3)] }] : [],
        exploitationTypes: [EXPLOITATION_TYPES[next(3) === 0 ? next(EXPLOITATION_TYPES.length) : next(2)]],
        controlMethods: [],
        labourIndustry: LABOUR_INDUSTRIES[next(LABOUR_INDUSTRIES.length)],
        sexExploitationTypes: ['Prostitution'],
        recruiterRelation: null,
      }),
    );
    for (const k of [2, 5, 11]) {
      const { rows: out, report } = anonymiseHtcdsRows(rows, k);
      expect(report.rowsIn).toBe(report.rowsOut + report.suppressedRows);
      const quasi = out.map((row) => ({
        gender: row.prs_Gender,
        ageBand: row.ext_AgeBroad,
        citizenship: row.prs_Citizenship,
        countryOfExploitation: row.hte_Country,
        exploitationType: row.vic_TypeOfExploitation,
        year: row.ext_YearOfRegistration,
      }));
      expect(out.length === 0 || smallestClassSize(quasi, QUASI_IDENTIFIERS) >= k).toBe(true);
      for (const row of out) {
        if (!row.vic_TypeOfExploitation) expect([row.vic_ForcedLabourIndustry, row.vic_TypeOfSexExploitation]).toEqual(['', '']);
        expect(row.hte_Type).toBe(row.hte_Country ? 'Exploitation' : '');
      }
    }
  });
});
