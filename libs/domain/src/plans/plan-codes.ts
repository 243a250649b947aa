/**
 * The code lists of a case's plans: an assessment of risk and vulnerability, a safety plan and
 * a support plan (HTCDS v2.0 "Support Plan" and "Assessment and Planning" sections; see
 * case-plans.ts for which field each maps to). Stored codes are HTCDS value names where the
 * standard has a picklist (spl_Type, the deprecated vic_Vulnerabilities), our own otherwise.
 */
import type { CodeLabels } from '../codes/types';

/** What a plan is: an assessment, a safety plan or a support plan (HTCDS spl_ is the support plan). */
export const PLAN_KINDS = ['assessment', 'safety', 'support'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PLAN_KIND_LABELS: CodeLabels<PlanKind> = {
  ru: { assessment: 'Оценка рисков и уязвимости', safety: 'План безопасности', support: 'План поддержки' },
  kk: { assessment: 'Тәуекелдер мен осалдықты бағалау', safety: 'Қауіпсіздік жоспары', support: 'Қолдау жоспары' },
  en: { assessment: 'Risk and vulnerability assessment', safety: 'Safety plan', support: 'Support plan' },
};

/** In force since written (`active`), in force and reviewed at least once (`reviewed`), ended (`closed`). */
export const PLAN_STATUSES = ['active', 'reviewed', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_STATUS_LABELS: CodeLabels<PlanStatus> = {
  ru: { active: 'Действует', reviewed: 'Пересмотрен', closed: 'Закрыт' },
  kk: { active: 'Күшінде', reviewed: 'Қайта қаралды', closed: 'Жабылды' },
  en: { active: 'Active', reviewed: 'Reviewed', closed: 'Closed' },
};

/** The risk a plan was written for (an assessment's conclusion, a safety plan's threat). */
export const PLAN_RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type PlanRiskLevel = (typeof PLAN_RISK_LEVELS)[number];

export const PLAN_RISK_LEVEL_LABELS: CodeLabels<PlanRiskLevel> = {
  ru: { low: 'Низкий', medium: 'Средний', high: 'Высокий' },
  kk: { low: 'Төмен', medium: 'Орташа', high: 'Жоғары' },
  en: { low: 'Low', medium: 'Medium', high: 'High' },
};

/** HTCDS spl_Type: the value names of the standard's picklist, in its order. */
export const SUPPORT_PLAN_TYPES = [
  'Education',
  'Financial',
  'Health',
  'LabourExploitationRehabilitation',
  'Legal',
  'Livelihood',
  'RightsBasedTraining',
  'SexualExploitationRehabilitation',
  'SocialCare',
] as const;
export type SupportPlanType = (typeof SUPPORT_PLAN_TYPES)[number];

export const SUPPORT_PLAN_TYPE_LABELS: CodeLabels<SupportPlanType> = {
  ru: {
    Education: 'Образование',
    Financial: 'Финансовая помощь',
    Health: 'Здоровье',
    LabourExploitationRehabilitation: 'Реабилитация после трудовой эксплуатации',
    Legal: 'Правовая помощь',
    Livelihood: 'Средства к существованию',
    RightsBasedTraining: 'Обучение правам человека',
    SexualExploitationRehabilitation: 'Реабилитация после сексуальной эксплуатации',
    SocialCare: 'Социальная помощь',
  },
  kk: {
    Education: 'Білім',
    Financial: 'Қаржылық көмек',
    Health: 'Денсаулық',
    LabourExploitationRehabilitation: 'Еңбек қанауынан кейінгі оңалту',
    Legal: 'Құқықтық көмек',
    Livelihood: 'Күнкөріс көздері',
    RightsBasedTraining: 'Адам құқықтары туралы оқыту',
    SexualExploitationRehabilitation: 'Жыныстық қанаудан кейінгі оңалту',
    SocialCare: 'Әлеуметтік көмек',
  },
  en: {
    Education: 'Education',
    Financial: 'Financial',
    Health: 'Health',
    LabourExploitationRehabilitation: 'Labour exploitation rehabilitation',
    Legal: 'Legal',
    Livelihood: 'Livelihood',
    RightsBasedTraining: 'Rights-based training',
    SexualExploitationRehabilitation: 'Sexual exploitation rehabilitation',
    SocialCare: 'Social care',
  },
};

/**
 * The levels of the IOM determinants-of-migrant-vulnerability model (IOM Handbook on protection
 * and assistance for migrants vulnerable to violence, exploitation and abuse), which the HTCDS
 * "Assessment and Planning" sections follow: Individual, Household, Community risk and
 * vulnerability, and the structural factors around them.
 */
export const ASSESSMENT_LEVELS = ['individual', 'household', 'community', 'structural'] as const;
export type AssessmentLevel = (typeof ASSESSMENT_LEVELS)[number];

export const ASSESSMENT_LEVEL_LABELS: CodeLabels<AssessmentLevel> = {
  ru: { individual: 'Личность', household: 'Семья и домохозяйство', community: 'Сообщество', structural: 'Структурные факторы' },
  kk: { individual: 'Жеке тұлға', household: 'Отбасы мен үй шаруашылығы', community: 'Қауымдастық', structural: 'Құрылымдық факторлар' },
  en: { individual: 'Individual', household: 'Household and family', community: 'Community', structural: 'Structural' },
};

/** The model weighs each factor as one that raises the risk or one that protects against it. */
export const FACTOR_POLARITIES = ['risk', 'protective'] as const;
export type FactorPolarity = (typeof FACTOR_POLARITIES)[number];

export const FACTOR_POLARITY_LABELS: CodeLabels<FactorPolarity> = {
  ru: { risk: 'Фактор риска', protective: 'Защитный фактор' },
  kk: { risk: 'Тәуекел факторы', protective: 'Қорғаныш факторы' },
  en: { risk: 'Risk factor', protective: 'Protective factor' },
};

/**
 * HTCDS vic_Vulnerabilities (deprecated by the standard in favour of the Assessment and Planning
 * sections, but the only coded list of vulnerability factors it has): its value names first, in
 * its order; then ours for the topics of the sections' example questions (age, nationality or
 * ethnicity, sexual orientation, household income, access to law enforcement and services) and
 * the model's other usual determinants, and Other.
 */
export const HTCDS_VULNERABILITY_FACTORS = [
  'Addiction',
  'SocialGroup',
  'Discrimination',
  'Poverty',
  'DisabilityAndPhysicalHealth',
  'MentalHealth',
  'Migration',
  'Homelessness',
  'AbuseSocialMedia',
  'AbusePhysical',
  'Education',
  'WorkEnvironment',
] as const;
export const VULNERABILITY_FACTORS = [
  ...HTCDS_VULNERABILITY_FACTORS,
  'Age',
  'Gender',
  'NationalityOrEthnicity',
  'SexualOrientation',
  'LegalStatus',
  'HouseholdIncome',
  'SocialSupport',
  'AccessToServices',
  'AccessToJustice',
  'Other',
] as const;
export type VulnerabilityFactor = (typeof VULNERABILITY_FACTORS)[number];

export const VULNERABILITY_FACTOR_LABELS: CodeLabels<VulnerabilityFactor> = {
  ru: {
    Addiction: 'Зависимость',
    SocialGroup: 'Социальная группа',
    Discrimination: 'Дискриминация',
    Poverty: 'Бедность',
    DisabilityAndPhysicalHealth: 'Инвалидность и физическое здоровье',
    MentalHealth: 'Психическое здоровье',
    Migration: 'Миграция',
    Homelessness: 'Отсутствие жилья',
    AbuseSocialMedia: 'Насилие в социальных сетях',
    AbusePhysical: 'Физическое насилие',
    Education: 'Образование',
    WorkEnvironment: 'Условия работы',
    Age: 'Возраст',
    Gender: 'Пол и гендер',
    NationalityOrEthnicity: 'Гражданство или этническая принадлежность',
    SexualOrientation: 'Сексуальная ориентация',
    LegalStatus: 'Правовой статус и документы',
    HouseholdIncome: 'Доход семьи',
    SocialSupport: 'Поддержка близких',
    AccessToServices: 'Доступ к услугам',
    AccessToJustice: 'Доступ к правосудию и полиции',
    Other: 'Другое',
  },
  kk: {
    Addiction: 'Тәуелділік',
    SocialGroup: 'Әлеуметтік топ',
    Discrimination: 'Кемсітушілік',
    Poverty: 'Кедейлік',
    DisabilityAndPhysicalHealth: 'Мүгедектік және физикалық денсаулық',
    MentalHealth: 'Психикалық денсаулық',
    Migration: 'Көші-қон',
    Homelessness: 'Баспанасыздық',
    AbuseSocialMedia: 'Әлеуметтік желілердегі зорлық',
    AbusePhysical: 'Физикалық зорлық',
    Education: 'Білім',
    WorkEnvironment: 'Жұмыс жағдайы',
    Age: 'Жасы',
    Gender: 'Жынысы мен гендер',
    NationalityOrEthnicity: 'Азаматтығы не этникалық тегі',
    SexualOrientation: 'Жыныстық бағдар',
    LegalStatus: 'Құқықтық мәртебе мен құжаттар',
    HouseholdIncome: 'Отбасы табысы',
    SocialSupport: 'Жақындарының қолдауы',
    AccessToServices: 'Қызметтерге қолжетімділік',
    AccessToJustice: 'Сот пен полицияға қолжетімділік',
    Other: 'Басқа',
  },
  en: {
    Addiction: 'Addiction',
    SocialGroup: 'Social group',
    Discrimination: 'Discrimination',
    Poverty: 'Poverty',
    DisabilityAndPhysicalHealth: 'Disability and physical health',
    MentalHealth: 'Mental health',
    Migration: 'Migration',
    Homelessness: 'Homelessness',
    AbuseSocialMedia: 'Abuse - social media',
    AbusePhysical: 'Abuse - physical',
    Education: 'Education',
    WorkEnvironment: 'Work environment',
    Age: 'Age',
    Gender: 'Sex and gender',
    NationalityOrEthnicity: 'Nationality or ethnicity',
    SexualOrientation: 'Sexual orientation',
    LegalStatus: 'Legal status and documents',
    HouseholdIncome: 'Household income',
    SocialSupport: 'Support from family and friends',
    AccessToServices: 'Access to services',
    AccessToJustice: 'Access to justice and law enforcement',
    Other: 'Other',
  },
};
