/**
 * Trafficking and exploitation details of a case, aligned with the Human Trafficking Case
 * Data Standard (HTCDS v2.0, IOM; docs/standards/htcds-field-standards.csv). Values are
 * the standard's value names, exactly and in its order, so data exchanged with partners and
 * exported to CTDC needs no translation table; the labels are ours. htcds-lists.spec.ts
 * checks every list against the CSV.
 */
import type { CodeLabels } from './types';

/** HTCDS vic_TraffickingStatus. */
export const TRAFFICKING_STATUSES = ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking'] as const;
export type TraffickingStatus = (typeof TRAFFICKING_STATUSES)[number];

export const TRAFFICKING_STATUS_LABELS: CodeLabels<TraffickingStatus> = {
  ru: {
    PossibleVictimOfTrafficking: 'Возможная жертва торговли людьми',
    ActualVictimOfTrafficking: 'Установленная жертва торговли людьми',
    NotAVictimOfTrafficking: 'Не жертва торговли людьми',
  },
  kk: {
    PossibleVictimOfTrafficking: 'Адам саудасының ықтимал құрбаны',
    ActualVictimOfTrafficking: 'Адам саудасының анықталған құрбаны',
    NotAVictimOfTrafficking: 'Адам саудасының құрбаны емес',
  },
  en: {
    PossibleVictimOfTrafficking: 'Possible victim of trafficking',
    ActualVictimOfTrafficking: 'Actual victim of trafficking',
    NotAVictimOfTrafficking: 'Not a victim of trafficking',
  },
};

/** HTCDS vic_TraffickingStatusDecisionMakingOrg: who decided the trafficking status. */
export const TRAFFICKING_STATUS_DECIDERS = ['Police', 'NGO', 'CourtOrProsecution', 'NonPoliceGovernmentalOrganization', 'Other'] as const;
export type TraffickingStatusDecider = (typeof TRAFFICKING_STATUS_DECIDERS)[number];

export const TRAFFICKING_STATUS_DECIDER_LABELS: CodeLabels<TraffickingStatusDecider> = {
  ru: { Police: 'Полиция', NGO: 'НПО', CourtOrProsecution: 'Суд или прокуратура', NonPoliceGovernmentalOrganization: 'Госорган (не полиция)', Other: 'Другое' },
  kk: {
    Police: 'Полиция',
    NGO: 'ҮЕҰ',
    CourtOrProsecution: 'Сот немесе прокуратура',
    NonPoliceGovernmentalOrganization: 'Мемлекеттік орган (полиция емес)',
    Other: 'Басқа',
  },
  en: {
    Police: 'Police',
    NGO: 'NGO',
    CourtOrProsecution: 'Court or prosecution',
    NonPoliceGovernmentalOrganization: 'Non-police government body',
    Other: 'Other',
  },
};

/** HTCDS vic_TypeOfExploitation. */
export const EXPLOITATION_TYPES = [
  'ForcedLabour',
  'SexualExploitation',
  'ChildLabour',
  'ForcedMarriage',
  'Servitude',
  'ForcedMilitaryByNonStateActors',
  'OrganRemoval',
  'ForcedBegging',
  'ForcedAdoption',
  'Surrogacy',
  'Other',
] as const;
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];

export const EXPLOITATION_TYPE_LABELS: CodeLabels<ExploitationType> = {
  ru: {
    ForcedLabour: 'Принудительный труд',
    SexualExploitation: 'Сексуальная эксплуатация',
    ChildLabour: 'Детский труд',
    ForcedMarriage: 'Принудительный брак',
    Servitude: 'Подневольное состояние',
    ForcedMilitaryByNonStateActors: 'Вовлечение в вооружённые группы',
    OrganRemoval: 'Изъятие органов',
    ForcedBegging: 'Принуждение к попрошайничеству',
    ForcedAdoption: 'Принудительное усыновление',
    Surrogacy: 'Суррогатное материнство',
    Other: 'Другое',
  },
  kk: {
    ForcedLabour: 'Мәжбүрлі еңбек',
    SexualExploitation: 'Жыныстық қанау',
    ChildLabour: 'Балалар еңбегі',
    ForcedMarriage: 'Мәжбүрлі неке',
    Servitude: 'Кіріптарлық',
    ForcedMilitaryByNonStateActors: 'Қарулы топтарға тарту',
    OrganRemoval: 'Ағзаларды алу',
    ForcedBegging: 'Қайыршылыққа мәжбүрлеу',
    ForcedAdoption: 'Мәжбүрлі бала асырап алу',
    Surrogacy: 'Суррогат ана болу',
    Other: 'Басқа',
  },
  en: {
    ForcedLabour: 'Forced labour',
    SexualExploitation: 'Sexual exploitation',
    ChildLabour: 'Child labour',
    ForcedMarriage: 'Forced marriage',
    Servitude: 'Servitude',
    ForcedMilitaryByNonStateActors: 'Forced military (non-state actors)',
    OrganRemoval: 'Organ removal',
    ForcedBegging: 'Forced begging',
    ForcedAdoption: 'Forced adoption',
    Surrogacy: 'Surrogacy',
    Other: 'Other',
  },
};

/**
 * HTCDS vic_MethodsOfControl, plus RestrictsMovement and UsesChildren before Other: the
 * standard's text (and CTDC's meansDenyBasicNeeds / meansThreats) defines both, but its
 * picklist lacks them (docs/standards/README.md, ctdc-2024-export.md).
 */
export const CONTROL_METHODS = [
  'PhysicalThreats',
  'ThreatsLawEnforcement',
  'ThreatensChildrenFamily',
  'DebtBondage',
  'FalsePromises',
  'PhysicalAbuse',
  'SexualAbuse',
  'TakesEarnings',
  'RestrictsFinancialAccess',
  'RestrictsMedicalCare',
  'WithholdsNecessities',
  'PsychologicalAbuse',
  'PsychoactiveSubstance',
  'ExcessiveWorkingHours',
  'WithholdsDocuments',
  'RestrictsMovement',
  'UsesChildren',
  'Other',
] as const;
export type ControlMethod = (typeof CONTROL_METHODS)[number];

export const CONTROL_METHOD_LABELS: CodeLabels<ControlMethod> = {
  ru: {
    PhysicalThreats: 'Угрозы расправой',
    ThreatsLawEnforcement: 'Угрозы сдать в полицию',
    ThreatensChildrenFamily: 'Угрозы детям или семье',
    DebtBondage: 'Долговая кабала',
    FalsePromises: 'Ложные обещания',
    PhysicalAbuse: 'Физическое насилие',
    SexualAbuse: 'Сексуальное насилие',
    TakesEarnings: 'Отбирают заработок',
    RestrictsFinancialAccess: 'Нет доступа к деньгам',
    RestrictsMedicalCare: 'Лишение медпомощи',
    WithholdsNecessities: 'Лишение самого необходимого',
    PsychologicalAbuse: 'Психологическое насилие',
    PsychoactiveSubstance: 'Психоактивные вещества',
    ExcessiveWorkingHours: 'Чрезмерный рабочий день',
    WithholdsDocuments: 'Удержание документов',
    RestrictsMovement: 'Ограничение передвижения',
    UsesChildren: 'Использование детей',
    Other: 'Другое',
  },
  kk: {
    PhysicalThreats: 'Күш қолданамыз деп қорқыту',
    ThreatsLawEnforcement: 'Полицияға береміз деп қорқыту',
    ThreatensChildrenFamily: 'Балаларына не отбасына қауіп төндіру',
    DebtBondage: 'Қарыз құлдығы',
    FalsePromises: 'Жалған уәделер',
    PhysicalAbuse: 'Дене зорлығы',
    SexualAbuse: 'Жыныстық зорлық',
    TakesEarnings: 'Табысын тартып алу',
    RestrictsFinancialAccess: 'Ақшаға қол жеткізбеу',
    RestrictsMedicalCare: 'Медициналық көмектен айыру',
    WithholdsNecessities: 'Ең қажеттіден айыру',
    PsychologicalAbuse: 'Психологиялық зорлық',
    PsychoactiveSubstance: 'Психобелсенді заттар',
    ExcessiveWorkingHours: 'Шамадан тыс жұмыс уақыты',
    WithholdsDocuments: 'Құжаттарын ұстап қалу',
    RestrictsMovement: 'Жүріп-тұруын шектеу',
    UsesChildren: 'Балаларды пайдалану',
    Other: 'Басқа',
  },
  en: {
    PhysicalThreats: 'Physical threats',
    ThreatsLawEnforcement: 'Threats of law enforcement',
    ThreatensChildrenFamily: 'Threatens children/family',
    DebtBondage: 'Debt bondage',
    FalsePromises: 'False promises',
    PhysicalAbuse: 'Physical abuse',
    SexualAbuse: 'Sexual abuse',
    TakesEarnings: 'Takes earnings',
    RestrictsFinancialAccess: 'Restricts financial access',
    RestrictsMedicalCare: 'Restricts medical care',
    WithholdsNecessities: 'Withholds necessities',
    PsychologicalAbuse: 'Psychological abuse',
    PsychoactiveSubstance: 'Psychoactive substances',
    ExcessiveWorkingHours: 'Excessive working hours',
    WithholdsDocuments: 'Withholds documents',
    RestrictsMovement: 'Restricts movement',
    UsesChildren: 'Uses children',
    Other: 'Other',
  },
};

/** HTCDS vic_ForcedLabourIndustry: the 21 sections (A to U) of ISIC Rev. 4. */
export const LABOUR_INDUSTRIES = [
  'A_AgricultureForestryAndFishing',
  'B_MiningAndQuarrying',
  'C_Manufacturing',
  'D_ElectricityGasSteamAndAirConditioningSupply',
  'E_WaterSupplySewerageWasteManagement',
  'F_Construction',
  'G_WholesaleAndRetailTradeRepairOfMotorVehicles',
  'H_TransportationAndStorage',
  'I_AccommodationAndFoodServiceActivities',
  'J_InformationAndCommunication',
  'K_FinancialAndInsuranceActivities',
  'L_RealEstateActivities',
  'M_ProfessionalScientificAndTechnicalActivities',
  'N_AdministrativeAndSupportServiceActivities',
  'O_PublicAdministrationAndDefence',
  'P_Education',
  'Q_HumanHealthAndSocialWorkActivities',
  'R_ArtsEntertainmentAndRecreation',
  'S_OtherServiceActivities',
  'T_ActivitiesOfHouseholdsAsEmployers',
  'U_ActivitiesOfExtraterritorialOrganizations',
] as const;
export type LabourIndustry = (typeof LABOUR_INDUSTRIES)[number];

export const LABOUR_INDUSTRY_LABELS: CodeLabels<LabourIndustry> = {
  ru: {
    A_AgricultureForestryAndFishing: 'Сельское, лесное и рыбное хозяйство',
    B_MiningAndQuarrying: 'Добыча полезных ископаемых',
    C_Manufacturing: 'Обрабатывающая промышленность',
    D_ElectricityGasSteamAndAirConditioningSupply: 'Электро-, газо- и теплоснабжение',
    E_WaterSupplySewerageWasteManagement: 'Водоснабжение, канализация, отходы',
    F_Construction: 'Строительство',
    G_WholesaleAndRetailTradeRepairOfMotorVehicles: 'Торговля, ремонт автомобилей',
    H_TransportationAndStorage: 'Транспорт и склады',
    I_AccommodationAndFoodServiceActivities: 'Гостиницы и общепит',
    J_InformationAndCommunication: 'Информация и связь',
    K_FinancialAndInsuranceActivities: 'Финансы и страхование',
    L_RealEstateActivities: 'Недвижимость',
    M_ProfessionalScientificAndTechnicalActivities: 'Профессиональная и научная деятельность',
    N_AdministrativeAndSupportServiceActivities: 'Административные и вспомогательные услуги',
    O_PublicAdministrationAndDefence: 'Госуправление и оборона',
    P_Education: 'Образование',
    Q_HumanHealthAndSocialWorkActivities: 'Здравоохранение и соцуслуги',
    R_ArtsEntertainmentAndRecreation: 'Искусство, развлечения и отдых',
    S_OtherServiceActivities: 'Прочие услуги',
    T_ActivitiesOfHouseholdsAsEmployers: 'Работа в домохозяйстве',
    U_ActivitiesOfExtraterritorialOrganizations: 'Экстерриториальные организации',
  },
  kk: {
    A_AgricultureForestryAndFishing: 'Ауыл, орман және балық шаруашылығы',
    B_MiningAndQuarrying: 'Тау-кен өндірісі',
    C_Manufacturing: 'Өңдеу өнеркәсібі',
    D_ElectricityGasSteamAndAirConditioningSupply: 'Электр, газ және жылумен жабдықтау',
    E_WaterSupplySewerageWasteManagement: 'Сумен жабдықтау, кәріз, қалдықтар',
    F_Construction: 'Құрылыс',
    G_WholesaleAndRetailTradeRepairOfMotorVehicles: 'Сауда, көлік жөндеу',
    H_TransportationAndStorage: 'Көлік және қоймалар',
    I_AccommodationAndFoodServiceActivities: 'Қонақ үйлер және тамақтандыру',
    J_InformationAndCommunication: 'Ақпарат және байланыс',
    K_FinancialAndInsuranceActivities: 'Қаржы және сақтандыру',
    L_RealEstateActivities: 'Жылжымайтын мүлік',
    M_ProfessionalScientificAndTechnicalActivities: 'Кәсіби және ғылыми қызмет',
    N_AdministrativeAndSupportServiceActivities: 'Әкімшілік және қосалқы қызметтер',
    O_PublicAdministrationAndDefence: 'Мемлекеттік басқару және қорғаныс',
    P_Education: 'Білім беру',
    Q_HumanHealthAndSocialWorkActivities: 'Денсаулық сақтау және әлеуметтік қызмет',
    R_ArtsEntertainmentAndRecreation: 'Өнер, ойын-сауық және демалыс',
    S_OtherServiceActivities: 'Басқа да қызметтер',
    T_ActivitiesOfHouseholdsAsEmployers: 'Үй шаруашылығындағы жұмыс',
    U_ActivitiesOfExtraterritorialOrganizations: 'Экстерриториялық ұйымдар',
  },
  en: {
    A_AgricultureForestryAndFishing: 'Agriculture, forestry and fishing',
    B_MiningAndQuarrying: 'Mining and quarrying',
    C_Manufacturing: 'Manufacturing',
    D_ElectricityGasSteamAndAirConditioningSupply: 'Electricity, gas, steam and air conditioning',
    E_WaterSupplySewerageWasteManagement: 'Water supply, sewerage and waste',
    F_Construction: 'Construction',
    G_WholesaleAndRetailTradeRepairOfMotorVehicles: 'Trade and motor vehicle repair',
    H_TransportationAndStorage: 'Transportation and storage',
    I_AccommodationAndFoodServiceActivities: 'Accommodation and food service',
    J_InformationAndCommunication: 'Information and communication',
    K_FinancialAndInsuranceActivities: 'Financial and insurance activities',
    L_RealEstateActivities: 'Real estate',
    M_ProfessionalScientificAndTechnicalActivities: 'Professional, scientific and technical',
    N_AdministrativeAndSupportServiceActivities: 'Administrative and support services',
    O_PublicAdministrationAndDefence: 'Public administration and defence',
    P_Education: 'Education',
    Q_HumanHealthAndSocialWorkActivities: 'Health and social work',
    R_ArtsEntertainmentAndRecreation: 'Arts, entertainment and recreation',
    S_OtherServiceActivities: 'Other service activities',
    T_ActivitiesOfHouseholdsAsEmployers: 'Domestic work (households as employers)',
    U_ActivitiesOfExtraterritorialOrganizations: 'Extraterritorial organisations',
  },
};

/** HTCDS vic_MethodOfRecruitment. */
export const RECRUITMENT_METHODS = [
  'AtAPlaceOfBusiness',
  'AtAnEducationalInstitution',
  'AtWork',
  'ThroughOnlineSocialNetworks',
  'ThroughAnOnlineAdvertisement',
  'ThroughATelevisionAdvert',
  'ThroughANewspaperAdvert',
  'ThroughFamilyOrFamilyEvents',
  'ThroughFriendsOrSocialEvents',
  'Other',
] as const;
export type RecruitmentMethod = (typeof RECRUITMENT_METHODS)[number];

export const RECRUITMENT_METHOD_LABELS: CodeLabels<RecruitmentMethod> = {
  ru: {
    AtAPlaceOfBusiness: 'В заведении (магазин, кафе и т. п.)',
    AtAnEducationalInstitution: 'В учебном заведении',
    AtWork: 'На работе',
    ThroughOnlineSocialNetworks: 'Через соцсети',
    ThroughAnOnlineAdvertisement: 'Через объявление в интернете',
    ThroughATelevisionAdvert: 'Через рекламу на ТВ',
    ThroughANewspaperAdvert: 'Через объявление в газете',
    ThroughFamilyOrFamilyEvents: 'Через семью, на семейных событиях',
    ThroughFriendsOrSocialEvents: 'Через друзей, на встречах',
    Other: 'Другое',
  },
  kk: {
    AtAPlaceOfBusiness: 'Сауда не қызмет орнында',
    AtAnEducationalInstitution: 'Оқу орнында',
    AtWork: 'Жұмыс орнында',
    ThroughOnlineSocialNetworks: 'Әлеуметтік желілер арқылы',
    ThroughAnOnlineAdvertisement: 'Интернеттегі хабарландыру арқылы',
    ThroughATelevisionAdvert: 'Теледидардағы жарнама арқылы',
    ThroughANewspaperAdvert: 'Газеттегі хабарландыру арқылы',
    ThroughFamilyOrFamilyEvents: 'Отбасы не отбасылық шаралар арқылы',
    ThroughFriendsOrSocialEvents: 'Достар не жиындар арқылы',
    Other: 'Басқа',
  },
  en: {
    AtAPlaceOfBusiness: 'At a place of business',
    AtAnEducationalInstitution: 'At an educational institution',
    AtWork: 'At work',
    ThroughOnlineSocialNetworks: 'Through online social networks',
    ThroughAnOnlineAdvertisement: 'Through an online advertisement',
    ThroughATelevisionAdvert: 'Through a television advert',
    ThroughANewspaperAdvert: 'Through a newspaper advert',
    ThroughFamilyOrFamilyEvents: 'Through family or family events',
    ThroughFriendsOrSocialEvents: 'Through friends or social events',
    Other: 'Other',
  },
};

/**
 * The recruiter's relation to the person. Not an HTCDS picklist (its
 * vic_RelationshipToTrafficker is coarser): the values follow CTDC's
 * recruiterRelationIntimatePartner / Friend / Family / Other variables
 * (docs/standards/ctdc-2024-export.md), plus Unknown, which exports as empty.
 */
export const RECRUITER_RELATIONS = ['IntimatePartner', 'Friend', 'Family', 'Other', 'Unknown'] as const;
export type RecruiterRelation = (typeof RECRUITER_RELATIONS)[number];

export const RECRUITER_RELATION_LABELS: CodeLabels<RecruiterRelation> = {
  ru: { IntimatePartner: 'Партнёр или супруг(а)', Friend: 'Друг', Family: 'Член семьи', Other: 'Другое', Unknown: 'Неизвестно' },
  kk: { IntimatePartner: 'Жұбай не серіктес', Friend: 'Дос', Family: 'Отбасы мүшесі', Other: 'Басқа', Unknown: 'Белгісіз' },
  en: { IntimatePartner: 'Intimate partner', Friend: 'Friend', Family: 'Family member', Other: 'Other', Unknown: 'Unknown' },
};

/** HTCDS hte_Type: the kind of a historic trafficking event (where and when it happened). */
export const TRAFFICKING_EVENT_TYPES = ['Recruitment', 'Transit', 'Exploitation'] as const;
export type TraffickingEventType = (typeof TRAFFICKING_EVENT_TYPES)[number];

export const TRAFFICKING_EVENT_TYPE_LABELS: CodeLabels<TraffickingEventType> = {
  ru: { Recruitment: 'Вербовка', Transit: 'Перемещение', Exploitation: 'Эксплуатация' },
  kk: { Recruitment: 'Азғыру (жалдау)', Transit: 'Тасымалдау', Exploitation: 'Қанау' },
  en: { Recruitment: 'Recruitment', Transit: 'Transit', Exploitation: 'Exploitation' },
};
