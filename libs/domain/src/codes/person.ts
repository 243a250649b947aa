/**
 * Code lists of a Person (client): migration situation, gender, age group, flags and the
 * kinds of identifiers. GENDERS follows HTCDS prs_Gender and AGE_GROUPS the CTDC ageBroad
 * bands, so both export without a translation table; the rest are our own snake_case lists.
 */
import type { CodeLabels } from './types';

export const MIGRATION_SITUATIONS = [
  'labour_migrant',
  'irregular_migrant',
  'stranded_migrant',
  'deportee',
  'returnee',
  'asylum_seeker',
  'refugee',
  'stateless',
  'internal_migrant',
  'family_member_of_migrant',
  'not_a_migrant',
] as const;
export type MigrationSituation = (typeof MIGRATION_SITUATIONS)[number];

export const MIGRATION_SITUATION_LABELS: CodeLabels<MigrationSituation> = {
  ru: {
    labour_migrant: 'Трудовой мигрант',
    irregular_migrant: 'Мигрант без легального статуса',
    stranded_migrant: 'Мигрант в безвыходном положении',
    deportee: 'Депортированный',
    returnee: 'Вернувшийся на родину',
    asylum_seeker: 'Ищущий убежища',
    refugee: 'Беженец',
    stateless: 'Лицо без гражданства',
    internal_migrant: 'Внутренний мигрант',
    family_member_of_migrant: 'Член семьи мигранта',
    not_a_migrant: 'Не мигрант',
  },
  kk: {
    labour_migrant: 'Еңбек мигранты',
    irregular_migrant: 'Заңды мәртебесі жоқ мигрант',
    stranded_migrant: 'Қиын жағдайда қалған мигрант',
    deportee: 'Депортацияланған',
    returnee: 'Елге оралған',
    asylum_seeker: 'Баспана іздеуші',
    refugee: 'Босқын',
    stateless: 'Азаматтығы жоқ адам',
    internal_migrant: 'Ішкі мигрант',
    family_member_of_migrant: 'Мигранттың отбасы мүшесі',
    not_a_migrant: 'Мигрант емес',
  },
  en: {
    labour_migrant: 'Labour migrant',
    irregular_migrant: 'Irregular migrant',
    stranded_migrant: 'Stranded migrant',
    deportee: 'Deportee',
    returnee: 'Returnee',
    asylum_seeker: 'Asylum seeker',
    refugee: 'Refugee',
    stateless: 'Stateless person',
    internal_migrant: 'Internal migrant',
    family_member_of_migrant: 'Family member of a migrant',
    not_a_migrant: 'Not a migrant',
  },
};

/** HTCDS prs_Gender (maps to CTDC gender; see ctdc-2024-export.md). */
export const GENDERS = ['Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown'] as const;
export type Gender = (typeof GENDERS)[number];

export const GENDER_LABELS: CodeLabels<Gender> = {
  ru: {
    Feminine: 'Женщина',
    Masculine: 'Мужчина',
    TransgenderFeminine: 'Трансгендерная женщина',
    TransgenderMasculine: 'Трансгендерный мужчина',
    NonConforming: 'Небинарный человек',
    NonSpecifiedUnknown: 'Не указано / неизвестно',
  },
  kk: {
    Feminine: 'Әйел',
    Masculine: 'Ер адам',
    TransgenderFeminine: 'Трансгендер әйел',
    TransgenderMasculine: 'Трансгендер ер адам',
    NonConforming: 'Бинарлы емес адам',
    NonSpecifiedUnknown: 'Көрсетілмеген / белгісіз',
  },
  en: {
    Feminine: 'Female',
    Masculine: 'Male',
    TransgenderFeminine: 'Transgender female',
    TransgenderMasculine: 'Transgender male',
    NonConforming: 'Non-conforming',
    NonSpecifiedUnknown: 'Not specified / unknown',
  },
};

/**
 * Age at registration, in CTDC's ageBroad bands (codebook v2, 2024) plus `unknown`. The
 * codebook writes the bands with an en dash (`0–8`); our stored codes use the ASCII
 * hyphen (`0-8`) so they survive URLs, CSV and keyboards, and a CTDC export writes the dash
 * (`unknown` exports as empty). Store the age or birth date too, not only the band.
 */
export const AGE_GROUPS = ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** Lowest age (whole years) of each band, oldest first. */
const AGE_GROUP_FLOORS: ReadonlyArray<readonly [number, AgeGroup]> = [
  [48, '48+'],
  [39, '39-47'],
  [30, '30-38'],
  [27, '27-29'],
  [24, '24-26'],
  [21, '21-23'],
  [18, '18-20'],
  [9, '9-17'],
  [0, '0-8'],
];

/** The band of an age in years (fractions count as the completed year); `unknown` for a negative or non-finite age. */
export function ageGroupOf(age: number): AgeGroup {
  if (!Number.isFinite(age) || age < 0) return 'unknown';
  const years = Math.floor(age);
  for (const [floor, group] of AGE_GROUP_FLOORS) if (years >= floor) return group;
  return 'unknown';
}

export const AGE_GROUP_LABELS: CodeLabels<AgeGroup> = {
  ru: {
    '0-8': '0–8 лет',
    '9-17': '9–17 лет',
    '18-20': '18–20 лет',
    '21-23': '21–23 года',
    '24-26': '24–26 лет',
    '27-29': '27–29 лет',
    '30-38': '30–38 лет',
    '39-47': '39–47 лет',
    '48+': '48 лет и старше',
    unknown: 'Возраст неизвестен',
  },
  kk: {
    '0-8': '0–8 жас',
    '9-17': '9–17 жас',
    '18-20': '18–20 жас',
    '21-23': '21–23 жас',
    '24-26': '24–26 жас',
    '27-29': '27–29 жас',
    '30-38': '30–38 жас',
    '39-47': '39–47 жас',
    '48+': '48 жас және одан асқан',
    unknown: 'Жасы белгісіз',
  },
  en: {
    '0-8': '0–8 years',
    '9-17': '9–17 years',
    '18-20': '18–20 years',
    '21-23': '21–23 years',
    '24-26': '24–26 years',
    '27-29': '27–29 years',
    '30-38': '30–38 years',
    '39-47': '39–47 years',
    '48+': '48 years and over',
    unknown: 'Age unknown',
  },
};

/** Warnings on a person's record, shown to whoever opens it or calls back. */
export const PERSON_FLAG_KINDS = ['do_not_call_back', 'at_risk', 'abusive', 'prank'] as const;
export type PersonFlagKind = (typeof PERSON_FLAG_KINDS)[number];

export const PERSON_FLAG_KIND_LABELS: CodeLabels<PersonFlagKind> = {
  ru: { do_not_call_back: 'Не перезванивать', at_risk: 'В опасности', abusive: 'Оскорбляет операторов', prank: 'Хулиганские звонки' },
  kk: { do_not_call_back: 'Кері қоңырау шалмау', at_risk: 'Қауіп төнген', abusive: 'Операторларды балағаттайды', prank: 'Бұзақылық қоңыраулар' },
  en: { do_not_call_back: 'Do not call back', at_risk: 'At risk', abusive: 'Abusive', prank: 'Prank caller' },
};

export const IDENTIFIER_KINDS = ['phone', 'email', 'messenger', 'document', 'address'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const IDENTIFIER_KIND_LABELS: CodeLabels<IdentifierKind> = {
  ru: { phone: 'Телефон', email: 'Электронная почта', messenger: 'Мессенджер', document: 'Документ', address: 'Адрес' },
  kk: { phone: 'Телефон', email: 'Электрондық пошта', messenger: 'Мессенджер', document: 'Құжат', address: 'Мекенжай' },
  en: { phone: 'Phone', email: 'Email', messenger: 'Messenger', document: 'Document', address: 'Address' },
};
