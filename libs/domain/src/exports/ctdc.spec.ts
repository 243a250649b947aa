// Checks the CTDC export against the reference in docs/standards/ctdc-2024-export.md, read
// at test time (eslint.config.mjs lets domain specs read files), so the mapping cannot drift
// from the document that defines it.
import { readFileSync } from 'fs';
import * as path from 'path';
import { AGE_GROUPS, CONTROL_METHODS, COUNTRY_CODES, EXPLOITATION_TYPES, GENDERS, LABOUR_INDUSTRIES, RECRUITER_RELATIONS } from '../codes';
import {
  ALPHA3_BY_ALPHA2,
  CTDC_AGE_BANDS,
  CTDC_BINARY_COLUMNS,
  CTDC_COLUMNS,
  CTDC_EXPLOITATION_COLUMNS,
  CTDC_GENDERS,
  CTDC_LABOUR_BY_INDUSTRY,
  CTDC_MEANS_BY_CONTROL_METHOD,
  CTDC_RECRUITER_BY_RELATION,
  CTDC_SEX_BY_TYPE,
  CTDC_TRAFFICK_MONTHS,
  anonymiseCtdcRows,
  ctdcAgeBand,
  ctdcExploitationColumn,
  ctdcTraffickMonths,
  isoAlpha3,
  toCtdcRow,
  type CtdcColumn,
  type CtdcRow,
  type CtdcSource,
} from './ctdc';
import { QUASI_IDENTIFIERS, smallestClassSize } from './k-anonymity';
import { HTCDS_SEX_EXPLOITATION_TYPES } from './source';

const REFERENCE_PATH = path.resolve(__dirname, '../../../../docs/standards/ctdc-2024-export.md');
const reference = readFileSync(REFERENCE_PATH, 'utf8');

/** The reference's variable table: number, name and the text of its values column. */
const variables = reference
  .split(/\r?\n/)
  .map((line) => /^\|\s*(\d+)\s*\|\s*(\w+)\s*\|\s*(.*?)\s*\|\s*$/.exec(line))
  .filter((match): match is RegExpExecArray => match !== null)
  .map((match) => ({ number: Number(match[1]), name: match[2], values: match[3] }));

function valuesOf(name: string): string {
  const variable = variables.find((v) => v.name === name);
  if (!variable) throw new Error(`${name} is not in ${REFERENCE_PATH}`);
  return variable.values;
}

/** The `quoted` values listed before "empty" in a variable's values column. */
function listedValues(name: string): string[] {
  const before = valuesOf(name).split(/,\s*empty/)[0];
  return [...before.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}

/** The code names (CamelCase words) of `list` that a variable's values column mentions. */
function mentionedCodes<T extends string>(name: string, list: readonly T[]): T[] {
  const words = new Set(valuesOf(name).match(/[A-Za-z]+/g) ?? []);
  return list.filter((code) => words.has(code));
}

const EMPTY_SOURCE: CtdcSource = {
  registrationYear: null,
  gender: null,
  citizenship: [],
  exploitationTypes: [],
  controlMethods: [],
  labourIndustry: null,
  recruiterRelation: null,
};

describe('CTDC_COLUMNS', () => {
  it('has the reference’s 27 variables, in its order', () => {
    expect(variables.map((v) => v.number)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect([...CTDC_COLUMNS]).toEqual(variables.map((v) => v.name));
  });

  it('treats variables 7-27 as binary', () => {
    expect(CTDC_BINARY_COLUMNS).toEqual(variables.filter((v) => v.number >= 7).map((v) => v.name));
  });
});

describe('toCtdcRow', () => {
  it('gives every variable, and only those, all empty when nothing is known', () => {
    const row = toCtdcRow(EMPTY_SOURCE);
    expect(Object.keys(row)).toEqual([...CTDC_COLUMNS]);
    expect(Object.values(row).every((value) => value === '')).toBe(true);
  });

  it('maps a fully recorded case (hand-checked against the reference)', () => {
    const row = toCtdcRow({
      registrationYear: 2025,
      gender: 'Feminine',
      birthYear: 2001,
      citizenship: ['UZ', 'KZ'],
      route: [
        { type: 'Recruitment', country: 'UZ' },
        { type: 'Transit', country: 'KZ' },
        { type: 'Exploitation', country: 'RU' },
        { type: 'Exploitation', country: 'TR' },
      ],
      identifiedInCountry: 'KZ',
      monthsInExploitation: 14,
      exploitationTypes: ['SexualExploitation', 'ForcedLabour'],
      controlMethods: ['WithholdsDocuments', 'TakesEarnings', 'RestrictsMovement'],
      labourIndustry: 'I_AccommodationAndFoodServiceActivities',
      sexExploitationTypes: ['Prostitution'],
      recruiterRelation: 'Friend',
    });
    expect(row).toEqual({
      yearOfRegistration: '2025',
      gender: 'Woman',
      ageBroad: '24–26',
      citizenship: 'UZB',
      CountryOfExploitation: 'RUS',
      traffickMonths: '13–24 (1-2 yrs)',
      meansDebtBondageEarnings: '1',
      meansThreats: '',
      meansAbusePsyPhySex: '',
      meansFalsePromises: '',
      meansDrugsAlcohol: '',
      meansDenyBasicNeeds: '1',
      meansExcessiveWorkHours: '',
      meansWithholdDocs: '1',
      isForcedLabour: '1',
      isSexualExploit: '1',
      isOtherExploit: '',
      typeOfLabourAgriculture: '',
      typeOfLabourConstruction: '',
      typeOfLabourDomesticWork: '',
      typeOfLabourHospitality: '1',
      typeOfSexProstitution: '1',
      typeOfSexPornography: '',
      recruiterRelationIntimatePartner: '',
      recruiterRelationFriend: '1',
      recruiterRelationFamily: '',
      recruiterRelationOther: '',
    });
  });

  it('encodes binary variables as 1 or empty, never 0, whatever the case holds', () => {
    const everything = toCtdcRow({
      ...EMPTY_SOURCE,
      exploitationTypes: [...EXPLOITATION_TYPES],
      controlMethods: [...CONTROL_METHODS],
      labourIndustry: 'F_Construction',
      sexExploitationTypes: [...HTCDS_SEX_EXPLOITATION_TYPES],
      recruiterRelation: 'Family',
    });
    for (const column of CTDC_BINARY_COLUMNS) expect(['1', '']).toContain(everything[column]);
    expect(Object.values(toCtdcRow(EMPTY_SOURCE))).not.toContain('0');
  });

  it('ignores values that are not codes, so free text never reaches a column', () => {
    const row = toCtdcRow({
      ...EMPTY_SOURCE,
      gender: 'she said her name is Aigerim',
      citizenship: ['Uzbekistan', 'zz'],
      route: [{ type: 'Exploitation', country: 'Almaty, Abay St 10' }],
      exploitationTypes: ['sold to a cafe owner'],
      controlMethods: ['beat her', 'WithholdsDocuments'],
      labourIndustry: 'cafe',
      recruiterRelation: 'uncle Bolat',
    });
    expect(Object.entries(row).filter(([, value]) => value !== '')).toEqual([['meansWithholdDocs', '1']]);
  });

  describe('variable 2, gender', () => {
    it('lists the reference’s values', () => {
      expect(listedValues('gender')).toEqual(['Man', 'Woman', 'Trans/Transgender/NonConforming']);
      expect(new Set(Object.values(CTDC_GENDERS))).toEqual(new Set([...listedValues('gender'), '']));
    });

    it('maps every HTCDS gender as the reference says', () => {
      const sentence = /Gender:\s*([\s\S]*?->\s*empty)\./.exec(reference);
      if (!sentence) throw new Error('no gender mapping in the reference');
      const expected: Record<string, string> = {};
      for (const pair of sentence[1].replace(/\s+/g, ' ').split(/,\s*/)) {
        const [from, to] = pair.split('->').map((part) => part.trim());
        for (const gender of from.split('/').map((part) => part.trim())) expected[gender] = to === 'empty' ? '' : to;
      }
      expect(Object.keys(expected).sort()).toEqual([...GENDERS].sort());
      for (const gender of GENDERS) expect(toCtdcRow({ ...EMPTY_SOURCE, gender }).gender).toBe(expected[gender]);
      expect(toCtdcRow({ ...EMPTY_SOURCE, gender: null }).gender).toBe('');
    });
  });

  describe('variable 3, ageBroad', () => {
    it('lists the reference’s bands, with its en dash', () => {
      expect([...CTDC_AGE_BANDS]).toEqual(listedValues('ageBroad').filter((band) => band !== '0--8'));
      expect(CTDC_AGE_BANDS.every((band) => !band.includes('-'))).toBe(true);
    });

    it('bands every age at each boundary', () => {
      for (const [i, band] of CTDC_AGE_BANDS.entries()) {
        const [low, high] = band.split(/–|\+/).map((part) => (part === '' ? undefined : Number(part)));
        expect(ctdcAgeBand(low as number)).toBe(band);
        if (high !== undefined) {
          expect(ctdcAgeBand(high)).toBe(band);
          expect(ctdcAgeBand(high + 0.99)).toBe(band); // a completed year: 8.99 is still 8
          expect(ctdcAgeBand(high + 1)).toBe(CTDC_AGE_BANDS[i + 1]);
        } else {
          expect(ctdcAgeBand(120)).toBe(band);
        }
        if (i > 0) expect(ctdcAgeBand((low as number) - 1)).toBe(CTDC_AGE_BANDS[i - 1]);
      }
    });

    it('is empty when the age is unknown', () => {
      for (const age of [null, -1, NaN, Infinity]) expect(ctdcAgeBand(age)).toBe('');
    });

    it('takes the age at registration: the age, else the registration year minus the birth year, else the stored band', () => {
      const at = (source: Partial<CtdcSource>): string => toCtdcRow({ ...EMPTY_SOURCE, ...source }).ageBroad;
      expect(at({ age: 17, birthYear: 1990, registrationYear: 2025, ageGroup: '48+' })).toBe('9–17');
      expect(at({ birthYear: 2007, registrationYear: 2025, ageGroup: '48+' })).toBe('18–20');
      expect(at({ birthYear: 2008, registrationYear: 2025 })).toBe('9–17');
      expect(at({ birthYear: 2030, registrationYear: 2025 })).toBe(''); // born after registration: a typing error
      expect(at({ birthYear: 1800, registrationYear: 2025 })).toBe('');
      expect(at({ birthYear: 2000, registrationYear: null, ageGroup: '30-38' })).toBe('30–38');
      for (const group of AGE_GROUPS) expect(at({ ageGroup: group })).toBe(group === 'unknown' ? '' : group.replace('-', '–'));
      expect(at({ ageGroup: 'about 30' })).toBe('');
    });
  });

  describe('variables 4 and 5, citizenship and CountryOfExploitation (alpha-3)', () => {
    it('takes the first recorded citizenship', () => {
      expect(toCtdcRow({ ...EMPTY_SOURCE, citizenship: ['KG', 'RU'] }).citizenship).toBe('KGZ');
      expect(toCtdcRow({ ...EMPTY_SOURCE, citizenship: ['', 'tj'] }).citizenship).toBe('TJK');
    });

    it('takes the first Exploitation stop of the route, else where the person was identified', () => {
      const route = [
        { type: 'Recruitment', country: 'UZ' },
        { type: 'Transit', country: 'KZ' },
        { type: 'Exploitation', country: null },
        { type: 'Exploitation', country: 'KR' },
        { type: 'Exploitation', country: 'JP' },
      ];
      expect(toCtdcRow({ ...EMPTY_SOURCE, route, identifiedInCountry: 'KZ' }).CountryOfExploitation).toBe('KOR');
      expect(toCtdcRow({ ...EMPTY_SOURCE, route: route.slice(0, 3), identifiedInCountry: 'KZ' }).CountryOfExploitation).toBe('KAZ');
      expect(toCtdcRow({ ...EMPTY_SOURCE, route: route.slice(0, 3) }).CountryOfExploitation).toBe('');
    });
  });

  describe('variable 6, traffickMonths', () => {
    it('lists the reference’s bands and bands each boundary', () => {
      expect([...CTDC_TRAFFICK_MONTHS]).toEqual(listedValues('traffickMonths'));
      const [first, second, third] = CTDC_TRAFFICK_MONTHS;
      expect([0, 12, 12.5, 13, 24, 25, 300].map(ctdcTraffickMonths)).toEqual([first, first, first, second, second, third, third]);
      for (const months of [null, -1, NaN]) expect(ctdcTraffickMonths(months)).toBe('');
      expect(toCtdcRow({ ...EMPTY_SOURCE, monthsInExploitation: 30 }).traffickMonths).toBe(third);
    });
  });

  describe('variables 7-14, means of control', () => {
    const meansColumns = variables.filter((v) => v.name.startsWith('means')).map((v) => v.name as CtdcColumn);

    it.each(meansColumns)('%s is fed by exactly the control methods the reference names', (column) => {
      const named = mentionedCodes(column, CONTROL_METHODS);
      expect(named.length).toBeGreaterThan(0);
      expect(CONTROL_METHODS.filter((method) => CTDC_MEANS_BY_CONTROL_METHOD[method] === column)).toEqual(named);
      for (const method of named) expect(toCtdcRow({ ...EMPTY_SOURCE, controlMethods: [method] })[column]).toBe('1');
    });

    it('maps every control method but Other, which CTDC has no variable for', () => {
      expect(CONTROL_METHODS.filter((method) => CTDC_MEANS_BY_CONTROL_METHOD[method] === null)).toEqual(['Other']);
      expect(Object.values(toCtdcRow({ ...EMPTY_SOURCE, controlMethods: ['Other'] })).every((value) => value === '')).toBe(true);
    });
  });

  describe('variables 15-17, type of exploitation', () => {
    it.each(['isForcedLabour', 'isSexualExploit', 'isOtherExploit'] as const)('%s is fed by exactly the types the reference names', (column) => {
      const named = mentionedCodes(column, EXPLOITATION_TYPES);
      expect(named.length).toBeGreaterThan(0);
      expect(EXPLOITATION_TYPES.filter((type) => ctdcExploitationColumn(type) === column)).toEqual(named);
      for (const type of named) expect(toCtdcRow({ ...EMPTY_SOURCE, exploitationTypes: [type] })[column]).toBe('1');
    });

    it('lets child labour, forced begging and servitude count as other exploitation instead', () => {
      const row = toCtdcRow({ ...EMPTY_SOURCE, exploitationTypes: ['ChildLabour', 'Servitude'] }, { forcedLabourAlso: ['ForcedBegging'] });
      expect([row.isForcedLabour, row.isOtherExploit]).toEqual(['', '1']);
      expect(toCtdcRow({ ...EMPTY_SOURCE, exploitationTypes: ['ForcedBegging'] }, { forcedLabourAlso: ['ForcedBegging'] }).isForcedLabour).toBe('1');
    });
  });

  describe('variables 18-23, type of labour and of sex exploitation', () => {
    it.each(variables.filter((v) => v.name.startsWith('typeOfLabour')).map((v) => [v.name, v.values] as const))(
      '%s is ISIC section of “%s”',
      (column, values) => {
        const section = /ISIC section ([A-U])\b/.exec(values)?.[1];
        expect(section).toBeDefined();
        const industries = LABOUR_INDUSTRIES.filter((industry) => CTDC_LABOUR_BY_INDUSTRY[industry] === column);
        expect(industries).toEqual(LABOUR_INDUSTRIES.filter((industry) => industry.startsWith(`${section}_`)));
        expect(toCtdcRow({ ...EMPTY_SOURCE, labourIndustry: industries[0] })[column as CtdcColumn]).toBe('1');
      },
    );

    it('leaves agriculture empty when section A may not be counted as crop and animal production', () => {
      const source = { ...EMPTY_SOURCE, labourIndustry: 'A_AgricultureForestryAndFishing' };
      expect(toCtdcRow(source).typeOfLabourAgriculture).toBe('1');
      expect(toCtdcRow(source, { agricultureFromSectionA: false }).typeOfLabourAgriculture).toBe('');
    });

    it('has no variable for the other ISIC sections', () => {
      for (const industry of LABOUR_INDUSTRIES.filter((i) => !CTDC_LABOUR_BY_INDUSTRY[i])) {
        expect(Object.values(toCtdcRow({ ...EMPTY_SOURCE, labourIndustry: industry })).every((value) => value === '')).toBe(true);
      }
    });

    it.each(['typeOfSexProstitution', 'typeOfSexPornography'] as const)('%s is fed by the HTCDS type the reference names', (column) => {
      const named = mentionedCodes(column, HTCDS_SEX_EXPLOITATION_TYPES);
      expect(named).toHaveLength(1);
      expect(HTCDS_SEX_EXPLOITATION_TYPES.filter((type) => CTDC_SEX_BY_TYPE[type] === column)).toEqual(named);
      expect(toCtdcRow({ ...EMPTY_SOURCE, sexExploitationTypes: named })[column]).toBe('1');
    });
  });

  describe('variables 24-27, recruiter relation', () => {
    it('maps each relation to its variable, and Unknown to none', () => {
      for (const relation of RECRUITER_RELATIONS) {
        const row = toCtdcRow({ ...EMPTY_SOURCE, recruiterRelation: relation });
        const set = CTDC_COLUMNS.filter((column) => row[column] !== '');
        expect(set).toEqual(relation === 'Unknown' ? [] : [`recruiterRelation${relation}`]);
        expect(CTDC_RECRUITER_BY_RELATION[relation]).toBe(relation === 'Unknown' ? null : `recruiterRelation${relation}`);
      }
    });
  });
});

describe('isoAlpha3', () => {
  it('has exactly one alpha-3 code for every country of our list, none shared', () => {
    expect(Object.keys(ALPHA3_BY_ALPHA2).sort()).toEqual([...COUNTRY_CODES].sort());
    const codes = COUNTRY_CODES.map((code) => isoAlpha3(code));
    expect(codes.filter((code) => !/^[A-Z]{3}$/.test(code))).toEqual([]);
    expect(new Set(codes).size).toBe(COUNTRY_CODES.length);
  });

  it.each([
    ['KZ', 'KAZ'],
    ['UZ', 'UZB'],
    ['KG', 'KGZ'],
    ['TJ', 'TJK'],
    ['TM', 'TKM'],
    ['RU', 'RUS'],
    ['CN', 'CHN'],
    ['MN', 'MNG'],
    ['AF', 'AFG'],
    ['AZ', 'AZE'],
    ['AM', 'ARM'],
    ['GE', 'GEO'],
    ['BY', 'BLR'],
    ['UA', 'UKR'],
    ['MD', 'MDA'],
    ['TR', 'TUR'],
    ['AE', 'ARE'],
    ['KR', 'KOR'],
    ['KP', 'PRK'],
    ['DE', 'DEU'],
    ['GB', 'GBR'],
    ['CH', 'CHE'],
    ['ES', 'ESP'],
    ['PS', 'PSE'],
    ['SS', 'SSD'],
    ['CD', 'COD'],
    ['CG', 'COG'],
    ['AX', 'ALA'],
  ])('%s -> %s', (alpha2, alpha3) => {
    expect(isoAlpha3(alpha2)).toBe(alpha3);
  });

  it('is empty for anything else', () => {
    for (const value of ['', 'XK', 'KAZ', 'toString', '__proto__', null, undefined]) expect(isoAlpha3(value)).toBe('');
    expect(isoAlpha3(' kz ')).toBe('KAZ');
  });
});

describe('anonymiseCtdcRows', () => {
  it('leaves no combination of the quasi-identifiers under k, and blanks what gives a blanked type away', () => {
    let random = 42;
    const next = (n: number): number => {
      random = (Math.imul(random, 1103515245) + 12345) >>> 0;
      return (random >>> 8) % n;
    };
    const sources: CtdcSource[] = Array.from({ length: 600 }, () => ({
      registrationYear: 2023 + next(3),
      gender: GENDERS[next(3) === 0 ? next(GENDERS.length) : next(2)],
      age: next(8) === 0 ? null : next(70),
      citizenship: [['UZ', 'KZ', 'KG', 'TJ', 'RU', 'AF', 'MN'][next(7)]],
      route: [{ type: 'Exploitation', country: ['KZ', 'RU', 'KR', 'TR', 'AE'][next(5)] }],
      exploitationTypes: [EXPLOITATION_TYPES[next(3) === 0 ? next(EXPLOITATION_TYPES.length) : next(2)]],
      controlMethods: [CONTROL_METHODS[next(CONTROL_METHODS.length)]],
      labourIndustry: LABOUR_INDUSTRIES[next(LABOUR_INDUSTRIES.length)],
      sexExploitationTypes: next(4) === 0 ? ['Prostitution'] : [],
      recruiterRelation: RECRUITER_RELATIONS[next(RECRUITER_RELATIONS.length)],
    }));
    const rows = sources.map((source) => toCtdcRow(source));
    for (const k of [3, 11]) {
      const { rows: out, report } = anonymiseCtdcRows(rows, k);
      expect(report.rowsIn).toBe(report.rowsOut + report.suppressedRows);
      expect(out.length).toBe(report.rowsOut);
      const quasi = out.map((row) => ({
        gender: row.gender,
        ageBand: row.ageBroad,
        citizenship: row.citizenship,
        countryOfExploitation: row.CountryOfExploitation,
        exploitationType: [row.isForcedLabour, row.isSexualExploit, row.isOtherExploit].join(','),
        year: row.yearOfRegistration,
      }));
      expect(out.length === 0 || smallestClassSize(quasi, QUASI_IDENTIFIERS) >= k).toBe(true);
      expect(
        out
          .filter((row) => !row.isForcedLabour && !row.isSexualExploit && !row.isOtherExploit)
          .every((row) => CTDC_EXPLOITATION_COLUMNS.every((column) => row[column] === '')),
      ).toBe(true);
      expect(out.every((row: CtdcRow) => Object.keys(row).length === 27)).toBe(true);
    }
  });
});
