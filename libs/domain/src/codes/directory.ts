/**
 * The service directory: what organisations offer, what kind of organisation they are
 * (HTCDS org_Type value names) and where they work (Kazakhstan's regions and cities of
 * republican significance, ISO 3166-2:KZ codes as of 2022).
 */
import type { CodeLabels } from './types';

export const SERVICE_TYPES = [
  'shelter',
  'crisis_centre',
  'medical',
  'psychological',
  'legal_aid',
  'police',
  'consular',
  'return_reintegration',
  'employment',
  'documents',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const SERVICE_TYPE_LABELS: CodeLabels<ServiceType> = {
  ru: {
    shelter: 'Приют',
    crisis_centre: 'Кризисный центр',
    medical: 'Медицинская помощь',
    psychological: 'Психологическая помощь',
    legal_aid: 'Юридическая помощь',
    police: 'Полиция, миграционная служба',
    consular: 'Консульство, посольство',
    return_reintegration: 'Возвращение и реинтеграция',
    employment: 'Трудоустройство',
    documents: 'Восстановление документов',
  },
  kk: {
    shelter: 'Баспана',
    crisis_centre: 'Дағдарыс орталығы',
    medical: 'Медициналық көмек',
    psychological: 'Психологиялық көмек',
    legal_aid: 'Заң көмегі',
    police: 'Полиция, көші-қон қызметі',
    consular: 'Консулдық, елшілік',
    return_reintegration: 'Оралу және реинтеграция',
    employment: 'Жұмысқа орналасу',
    documents: 'Құжаттарды қалпына келтіру',
  },
  en: {
    shelter: 'Shelter',
    crisis_centre: 'Crisis centre',
    medical: 'Medical care',
    psychological: 'Psychological support',
    legal_aid: 'Legal aid',
    police: 'Police, migration service',
    consular: 'Consulate, embassy',
    return_reintegration: 'Return and reintegration',
    employment: 'Employment',
    documents: 'Document recovery',
  },
};

/**
 * Hours a partner has to answer a referral before it is overdue, per service type:
 * emergencies a day, the rest two days, consulates and programmes longer.
 */
export const REFERRAL_RESPONSE_HOURS: Readonly<Record<ServiceType, number>> = {
  shelter: 48,
  crisis_centre: 24,
  medical: 24,
  psychological: 72,
  legal_aid: 72,
  police: 24,
  consular: 120,
  return_reintegration: 120,
  employment: 120,
  documents: 120,
};

/** HTCDS org_Type value names. */
export const ORGANISATION_TYPES = [
  'NGO',
  'LawEnforcement',
  'HealthServiceOrganisation',
  'CentralGovernmentOrganisation',
  'LocalGovernmentOrganisation',
  'ImmigrationService',
  'LegalService',
  'CorporateBusiness',
  'SchoolOrCollege',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ORGANISATION_TYPE_LABELS: CodeLabels<OrganisationType> = {
  ru: {
    NGO: 'НКО',
    LawEnforcement: 'Правоохранительный орган',
    HealthServiceOrganisation: 'Медицинская организация',
    CentralGovernmentOrganisation: 'Центральный госорган',
    LocalGovernmentOrganisation: 'Местный госорган',
    ImmigrationService: 'Миграционная служба',
    LegalService: 'Юридическая служба',
    CorporateBusiness: 'Бизнес',
    SchoolOrCollege: 'Учебное заведение',
  },
  kk: {
    NGO: 'ҮЕҰ',
    LawEnforcement: 'Құқық қорғау органы',
    HealthServiceOrganisation: 'Медициналық ұйым',
    CentralGovernmentOrganisation: 'Орталық мемлекеттік орган',
    LocalGovernmentOrganisation: 'Жергілікті мемлекеттік орган',
    ImmigrationService: 'Көші-қон қызметі',
    LegalService: 'Заң қызметі',
    CorporateBusiness: 'Бизнес',
    SchoolOrCollege: 'Оқу орны',
  },
  en: {
    NGO: 'NGO',
    LawEnforcement: 'Law enforcement',
    HealthServiceOrganisation: 'Health service',
    CentralGovernmentOrganisation: 'Central government',
    LocalGovernmentOrganisation: 'Local government',
    ImmigrationService: 'Immigration service',
    LegalService: 'Legal service',
    CorporateBusiness: 'Business',
    SchoolOrCollege: 'School or college',
  },
};

export const KZ_REGIONS = [
  'KZ-ABA',
  'KZ-AKM',
  'KZ-AKT',
  'KZ-ALM',
  'KZ-ATY',
  'KZ-VOS',
  'KZ-ZHA',
  'KZ-ULT',
  'KZ-ZAP',
  'KZ-KAR',
  'KZ-KUS',
  'KZ-KZY',
  'KZ-MAN',
  'KZ-PAV',
  'KZ-SEV',
  'KZ-TUR',
  'KZ-ZHE',
  'KZ-ALA',
  'KZ-AST',
  'KZ-SHY',
] as const;
export type KzRegion = (typeof KZ_REGIONS)[number];

export const KZ_REGION_LABELS: CodeLabels<KzRegion> = {
  ru: {
    'KZ-ABA': 'Абайская область',
    'KZ-AKM': 'Акмолинская область',
    'KZ-AKT': 'Актюбинская область',
    'KZ-ALM': 'Алматинская область',
    'KZ-ATY': 'Атырауская область',
    'KZ-VOS': 'Восточно-Казахстанская область',
    'KZ-ZHA': 'Жамбылская область',
    'KZ-ULT': 'Улытауская область',
    'KZ-ZAP': 'Западно-Казахстанская область',
    'KZ-KAR': 'Карагандинская область',
    'KZ-KUS': 'Костанайская область',
    'KZ-KZY': 'Кызылординская область',
    'KZ-MAN': 'Мангистауская область',
    'KZ-PAV': 'Павлодарская область',
    'KZ-SEV': 'Северо-Казахстанская область',
    'KZ-TUR': 'Туркестанская область',
    'KZ-ZHE': 'Жетысуская область',
    'KZ-ALA': 'Алматы',
    'KZ-AST': 'Астана',
    'KZ-SHY': 'Шымкент',
  },
  kk: {
    'KZ-ABA': 'Абай облысы',
    'KZ-AKM': 'Ақмола облысы',
    'KZ-AKT': 'Ақтөбе облысы',
    'KZ-ALM': 'Алматы облысы',
    'KZ-ATY': 'Атырау облысы',
    'KZ-VOS': 'Шығыс Қазақстан облысы',
    'KZ-ZHA': 'Жамбыл облысы',
    'KZ-ULT': 'Ұлытау облысы',
    'KZ-ZAP': 'Батыс Қазақстан облысы',
    'KZ-KAR': 'Қарағанды облысы',
    'KZ-KUS': 'Қостанай облысы',
    'KZ-KZY': 'Қызылорда облысы',
    'KZ-MAN': 'Маңғыстау облысы',
    'KZ-PAV': 'Павлодар облысы',
    'KZ-SEV': 'Солтүстік Қазақстан облысы',
    'KZ-TUR': 'Түркістан облысы',
    'KZ-ZHE': 'Жетісу облысы',
    'KZ-ALA': 'Алматы',
    'KZ-AST': 'Астана',
    'KZ-SHY': 'Шымкент',
  },
  en: {
    'KZ-ABA': 'Abai Region',
    'KZ-AKM': 'Akmola Region',
    'KZ-AKT': 'Aktobe Region',
    'KZ-ALM': 'Almaty Region',
    'KZ-ATY': 'Atyrau Region',
    'KZ-VOS': 'East Kazakhstan Region',
    'KZ-ZHA': 'Jambyl Region',
    'KZ-ULT': 'Ulytau Region',
    'KZ-ZAP': 'West Kazakhstan Region',
    'KZ-KAR': 'Karaganda Region',
    'KZ-KUS': 'Kostanay Region',
    'KZ-KZY': 'Kyzylorda Region',
    'KZ-MAN': 'Mangystau Region',
    'KZ-PAV': 'Pavlodar Region',
    'KZ-SEV': 'North Kazakhstan Region',
    'KZ-TUR': 'Turkistan Region',
    'KZ-ZHE': 'Jetisu Region',
    'KZ-ALA': 'Almaty',
    'KZ-AST': 'Astana',
    'KZ-SHY': 'Shymkent',
  },
};

export const REFERRAL_OUTCOMES = [
  'service_provided',
  'partially_provided',
  'client_did_not_attend',
  'client_declined',
  'not_eligible',
  'no_capacity',
  'other',
] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

export const REFERRAL_OUTCOME_LABELS: CodeLabels<ReferralOutcome> = {
  ru: {
    service_provided: 'Помощь оказана',
    partially_provided: 'Помощь оказана частично',
    client_did_not_attend: 'Клиент не пришёл',
    client_declined: 'Клиент отказался',
    not_eligible: 'Не подходит под условия',
    no_capacity: 'Нет мест или возможностей',
    other: 'Другое',
  },
  kk: {
    service_provided: 'Көмек көрсетілді',
    partially_provided: 'Көмек ішінара көрсетілді',
    client_did_not_attend: 'Клиент келмеді',
    client_declined: 'Клиент бас тартты',
    not_eligible: 'Шарттарға сәйкес келмейді',
    no_capacity: 'Орын немесе мүмкіндік жоқ',
    other: 'Басқа',
  },
  en: {
    service_provided: 'Service provided',
    partially_provided: 'Partly provided',
    client_did_not_attend: 'Client did not attend',
    client_declined: 'Client declined',
    not_eligible: 'Not eligible',
    no_capacity: 'No capacity',
    other: 'Other',
  },
};
