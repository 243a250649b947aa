import { LOCALES } from '../common/locales';
import {
  AGE_GROUPS,
  ageGroupOf,
  CODE_LABELS,
  CODE_LISTS,
  codeLabel,
  COMMON_CALLER_LANGUAGES,
  COUNTRY_CODES,
  countryLabel,
  CRITICAL_RISK_LEVELS,
  isCode,
  isCountryCode,
  isCriticalRisk,
  isLanguageCode,
  LANGUAGE_CODES,
  languageLabel,
  RISK_LEVELS,
  type CodeListName,
} from './index';

const listNames = Object.keys(CODE_LISTS) as CodeListName[];

describe('code lists', () => {
  it('registers every list under its camelCase key', () => {
    expect(listNames).toEqual([
      'contactChannel',
      'contactDirection',
      'callerType',
      'contactCategory',
      'riskLevel',
      'contactMethod',
      'caseType',
      'closureReason',
      'traffickingStatus',
      'traffickingStatusDecider',
      'exploitationType',
      'controlMethod',
      'labourIndustry',
      'recruitmentMethod',
      'recruiterRelation',
      'traffickingEventType',
      'migrationSituation',
      'gender',
      'ageGroup',
      'consentPurpose',
      'consentChannel',
      'personFlagKind',
      'identifierKind',
      'taskStatus',
      'serviceType',
      'organisationType',
      'region',
      'referralOutcome',
      'callbackStatus',
      'callbackReason',
      'callbackOutcome',
      'callbackMethod',
      'callState',
      'callOutcome',
      'presenceStatus',
      'queuePriority',
      'ringTargetKind',
      'transferMode',
      'caseAttachmentCategory',
      'planKind',
      'planStatus',
      'planRiskLevel',
      'supportPlanType',
      'assessmentLevel',
      'factorPolarity',
      'vulnerabilityFactor',
    ]);
    expect(Object.keys(CODE_LABELS).sort()).toEqual([...listNames].sort());
  });

  it.each(listNames)('%s has unique, non-empty values', (name) => {
    const values: readonly string[] = CODE_LISTS[name];
    expect(values.length).toBeGreaterThan(1);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value.trim()).toBe(value);
    for (const value of values) expect(value).not.toBe('');
  });

  it.each(listNames)('%s has a label for every value in ru, kk and en, and none for other values', (name) => {
    for (const locale of LOCALES) {
      const labels = CODE_LABELS[name][locale];
      expect(Object.keys(labels).sort()).toEqual([...CODE_LISTS[name]].sort());
      for (const value of CODE_LISTS[name]) {
        const label = labels[value];
        expect(typeof label).toBe('string');
        expect(label.trim()).not.toBe('');
        expect(label.trim()).toBe(label);
      }
    }
  });

  it('writes Russian and Kazakh labels in Cyrillic, Kazakh ones not copied from Russian', () => {
    const latinOnly = /^[\x20-\x7e–]+$/; // brand names (SMS, WhatsApp) and age bands stay as they are
    for (const name of listNames) {
      for (const value of CODE_LISTS[name]) {
        for (const locale of ['ru', 'kk'] as const) {
          const label = CODE_LABELS[name][locale][value];
          if (!latinOnly.test(label)) expect(label).toMatch(/[а-яёәғқңөұүһі]/i);
        }
      }
    }
    expect(codeLabel('callerType', 'relative', 'kk')).not.toBe(codeLabel('callerType', 'relative', 'ru'));
    expect(codeLabel('riskLevel', 'immediate_danger', 'kk')).toBe('Тікелей қауіп');
  });
});

describe('codeLabel', () => {
  it('labels a value in the locale', () => {
    expect(codeLabel('contactChannel', 'walk_in', 'ru')).toBe('Личный визит');
    expect(codeLabel('contactChannel', 'walk_in', 'kk')).toBe('Жеке келу');
    expect(codeLabel('contactChannel', 'walk_in', 'en')).toBe('Walk-in');
    expect(codeLabel('controlMethod', 'RestrictsMovement', 'en')).toBe('Restricts movement');
  });

  it('falls back to English, then to the raw value', () => {
    expect(codeLabel('riskLevel', 'high', 'xx' as never)).toBe('High');
    expect(codeLabel('riskLevel', 'retired_code', 'ru')).toBe('retired_code');
    expect(codeLabel('riskLevel', 'toString', 'ru')).toBe('toString');
    expect(codeLabel('noSuchList' as CodeListName, 'high', 'ru')).toBe('high');
  });
});

describe('isCode', () => {
  it('accepts the values of the list and nothing else', () => {
    expect(isCode('riskLevel', 'immediate_danger')).toBe(true);
    expect(isCode('exploitationType', 'ForcedLabour')).toBe(true);
    expect(isCode('controlMethod', 'UsesChildren')).toBe(true);
    expect(isCode('ageGroup', '48+')).toBe(true);
    expect(isCode('riskLevel', 'ForcedLabour')).toBe(false);
    expect(isCode('exploitationType', 'forcedlabour')).toBe(false);
    expect(isCode('riskLevel', ' high')).toBe(false);
    expect(isCode('riskLevel', '')).toBe(false);
    expect(isCode('riskLevel', null)).toBe(false);
    expect(isCode('riskLevel', 3)).toBe(false);
    expect(isCode('riskLevel', ['high'])).toBe(false);
    expect(isCode('riskLevel', 'toString')).toBe(false);
    expect(isCode('noSuchList' as CodeListName, 'high')).toBe(false);
  });

  it('narrows the type', () => {
    const value: unknown = 'whatsapp';
    if (isCode('contactChannel', value)) {
      const channel: 'voice' | 'sms' | 'whatsapp' | 'telegram' | 'webchat' | 'email' | 'walk_in' = value;
      expect(channel).toBe('whatsapp');
    } else {
      throw new Error('whatsapp is a contact channel');
    }
  });
});

describe('risk levels', () => {
  it('treats high and immediate danger as critical', () => {
    expect(CRITICAL_RISK_LEVELS).toEqual(['high', 'immediate_danger']);
    expect(RISK_LEVELS.filter(isCriticalRisk)).toEqual(['high', 'immediate_danger']);
    expect(isCriticalRisk(null)).toBe(false);
    expect(isCriticalRisk(undefined)).toBe(false);
  });
});

describe('ageGroupOf', () => {
  it.each([
    [0, '0-8'],
    [8, '0-8'],
    [8.99, '0-8'],
    [9, '9-17'],
    [17, '9-17'],
    [17.9, '9-17'],
    [18, '18-20'],
    [20, '18-20'],
    [21, '21-23'],
    [23, '21-23'],
    [24, '24-26'],
    [26, '24-26'],
    [27, '27-29'],
    [29, '27-29'],
    [30, '30-38'],
    [38, '30-38'],
    [39, '39-47'],
    [47, '39-47'],
    [48, '48+'],
    [101, '48+'],
    [-1, 'unknown'],
    [Number.NaN, 'unknown'],
    [Number.POSITIVE_INFINITY, 'unknown'],
  ])('puts %p in %p', (age, group) => {
    expect(ageGroupOf(age)).toBe(group);
  });

  it('uses the CTDC ageBroad bands, plus unknown', () => {
    expect(AGE_GROUPS).toEqual(['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown']);
    for (let age = 0; age <= 120; age++) expect(AGE_GROUPS).toContain(ageGroupOf(age));
  });
});

describe('countries', () => {
  it('has every ISO 3166-1 alpha-2 code once, uppercase', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
    for (const code of ['KZ', 'UZ', 'TJ', 'KG', 'RU', 'TR', 'AE', 'KR', 'AQ', 'AX', 'BQ', 'SS', 'SX']) expect(COUNTRY_CODES).toContain(code);
    for (const code of ['UK', 'EU', 'XK', 'SU', 'ZZ']) expect(COUNTRY_CODES).not.toContain(code);
  });

  it('guards and names them', () => {
    expect(isCountryCode('KZ')).toBe(true);
    expect(isCountryCode('kz')).toBe(false);
    expect(isCountryCode('KAZ')).toBe(false);
    expect(isCountryCode(undefined)).toBe(false);
    expect(countryLabel('KZ', 'ru')).toBe('Казахстан');
    expect(countryLabel('KZ', 'kk')).toBe('Қазақстан');
    expect(countryLabel('KZ', 'en')).toBe('Kazakhstan');
    for (const code of COUNTRY_CODES) expect(countryLabel(code, 'en')).not.toBe(code);
  });

  it('falls back to the code', () => {
    expect(countryLabel('QQ', 'en')).toBe('QQ');
    expect(countryLabel('not a code', 'ru')).toBe('not a code');
  });
});

describe('languages', () => {
  it('has the ISO 639-1 codes once, lowercase', () => {
    expect(LANGUAGE_CODES.length).toBeGreaterThanOrEqual(180);
    expect(LANGUAGE_CODES).toHaveLength(183);
    expect(new Set(LANGUAGE_CODES).size).toBe(LANGUAGE_CODES.length);
    for (const code of LANGUAGE_CODES) expect(code).toMatch(/^[a-z]{2}$/);
    for (const code of COMMON_CALLER_LANGUAGES) expect(LANGUAGE_CODES).toContain(code);
    expect(COMMON_CALLER_LANGUAGES).toEqual(['ru', 'kk', 'uz', 'tg', 'ky', 'en']);
  });

  it('guards and names them, capitalised', () => {
    expect(isLanguageCode('kk')).toBe(true);
    expect(isLanguageCode('KK')).toBe(false);
    expect(isLanguageCode('kaz')).toBe(false);
    expect(isLanguageCode(null)).toBe(false);
    expect(languageLabel('kk', 'ru')).toBe('Казахский');
    expect(languageLabel('uz', 'en')).toBe('Uzbek');
    expect(languageLabel('ru', 'kk')).toBe('Орыс тілі');
    for (const code of LANGUAGE_CODES) expect(languageLabel(code, 'en')).not.toBe(code);
  });

  it('names the region’s languages in every locale even where the platform has no names (some browsers carry no Kazakh data)', () => {
    const DisplayNames = Intl.DisplayNames;
    try {
      (Intl as { DisplayNames: unknown }).DisplayNames = undefined;
      for (const locale of LOCALES) {
        for (const code of COMMON_CALLER_LANGUAGES)
          expect({ code, locale, label: languageLabel(code, locale) === code }).toEqual({ code, locale, label: false });
      }
      expect(languageLabel('uz', 'kk')).toBe('Өзбек тілі');
    } finally {
      (Intl as { DisplayNames: unknown }).DisplayNames = DisplayNames;
    }
  });

  it('falls back to the code', () => {
    expect(languageLabel('qq', 'en')).toBe('qq');
    expect(languageLabel('not a code', 'kk')).toBe('not a code');
  });
});
