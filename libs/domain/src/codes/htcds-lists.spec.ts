// Reads the HTCDS field list from docs/standards at test time, so our HTCDS-derived code
// lists cannot drift from the standard (eslint.config.mjs lets domain specs read files).
import {
  ORGANISATION_TYPES,
  CONTROL_METHODS,
  EXPLOITATION_TYPES,
  GENDERS,
  LABOUR_INDUSTRIES,
  RECRUITMENT_METHODS,
  TRAFFICKING_EVENT_TYPES,
  TRAFFICKING_STATUS_DECIDERS,
  TRAFFICKING_STATUSES,
} from './index';
import { HTCDS_CSV_PATH, readHtcdsStandard } from '../testing/htcds-standard';

function loadValueNames(): (field: string) => string[] {
  const { header, rows } = readHtcdsStandard();
  const fieldColumn = header.indexOf('Field Name including Prefix');
  const valuesColumn = header.indexOf('Value Names (if picklist)');
  if (fieldColumn < 0 || valuesColumn < 0) throw new Error(`unexpected header: ${header.join(' | ')}`);
  return (field) => {
    const matches = rows.filter((row) => row[fieldColumn]?.trim() === field);
    if (matches.length !== 1) throw new Error(`${field}: ${matches.length} rows in ${HTCDS_CSV_PATH}`);
    return (matches[0][valuesColumn] ?? '')
      .split(/\r?\n/)
      .map((value) => value.trim())
      .filter((value) => value !== '');
  };
}

describe('HTCDS-derived code lists', () => {
  const valueNames = loadValueNames();

  it('parses the reference CSV (quoted multi-line cells included)', () => {
    expect(valueNames('org_Type')).toHaveLength(9);
    expect(valueNames('org_Phone')).toEqual([]);
    expect(valueNames('spl_Type')).toContain('SocialCare');
  });

  it.each([
    ['org_Type', ORGANISATION_TYPES],
    ['vic_TraffickingStatus', TRAFFICKING_STATUSES],
    ['vic_TraffickingStatusDecisionMakingOrg', TRAFFICKING_STATUS_DECIDERS],
    ['vic_TypeOfExploitation', EXPLOITATION_TYPES],
    ['vic_ForcedLabourIndustry', LABOUR_INDUSTRIES],
    ['vic_MethodOfRecruitment', RECRUITMENT_METHODS],
    ['hte_Type', TRAFFICKING_EVENT_TYPES],
    ['prs_Gender', GENDERS],
  ] as const)('%s: same value names, same order', (field, list) => {
    expect([...list]).toEqual(valueNames(field));
  });

  it('has all 21 ISIC sections, A to U', () => {
    expect(LABOUR_INDUSTRIES.map((value) => value.charAt(0)).join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
  });

  it('vic_MethodsOfControl: the standard list plus RestrictsMovement and UsesChildren before Other', () => {
    const standard = valueNames('vic_MethodsOfControl');
    expect(standard).not.toContain('RestrictsMovement');
    expect(standard).not.toContain('UsesChildren');
    expect(standard[standard.length - 1]).toBe('Other');
    expect([...CONTROL_METHODS]).toEqual([...standard.slice(0, -1), 'RestrictsMovement', 'UsesChildren', 'Other']);
  });
});
