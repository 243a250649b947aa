import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Organisation } from '../modules/directory/organisation.entity';
import { KnowledgeArticle } from '../modules/knowledge/article.entity';

/** A fictional but realistic directory: names, numbers and addresses are made up. */
export const DEMO_ORGANISATIONS: Partial<Organisation>[] = [
  {
    name: 'Приют «Светлый дом»',
    type: 'NGO',
    description: 'Временное безопасное жильё для пострадавших от торговли людьми и насилия, женщин с детьми и мужчин. Питание, одежда, сопровождение.',
    serviceTypes: ['shelter', 'psychological'],
    regions: ['KZ-ALA', 'KZ-ALM'],
    cities: ['Алматы'],
    languages: ['ru', 'kk', 'uz'],
    phone: '+7 727 300 00 01',
    email: 'help@svetlyidom.example.kz',
    openingHours: 'Круглосуточно',
    acceptsReferrals: true,
  },
  {
    name: 'Кризисный центр «Жан»',
    type: 'NGO',
    description: 'Кризисная помощь, психологи и юристы для женщин и детей, пострадавших от насилия.',
    serviceTypes: ['crisis_centre', 'psychological', 'legal_aid'],
    regions: ['KZ-AST', 'KZ-AKM'],
    cities: ['Астана'],
    languages: ['kk', 'ru'],
    phone: '+7 717 200 00 02',
    openingHours: 'Пн–Пт 9:00–18:00, горячая линия круглосуточно',
    acceptsReferrals: true,
  },
  {
    name: 'Правовой центр для мигрантов',
    type: 'LegalService',
    description: 'Бесплатные консультации по трудовым спорам, регистрации иностранцев, разрешениям на работу, удержанию документов работодателем.',
    serviceTypes: ['legal_aid', 'documents'],
    regions: ['KZ-ALA', 'KZ-AST', 'KZ-SHY'],
    cities: ['Алматы', 'Астана', 'Шымкент'],
    languages: ['ru', 'uz', 'tg', 'ky', 'en'],
    phone: '+7 727 300 00 03',
    website: 'https://migrant-law.example.kz',
    openingHours: 'Пн–Сб 10:00–19:00',
    acceptsReferrals: true,
  },
  {
    name: 'Городская больница скорой помощи',
    type: 'HealthServiceOrganisation',
    description: 'Экстренная и плановая медицинская помощь, в том числе иностранцам без документов в экстренных случаях.',
    serviceTypes: ['medical'],
    regions: ['KZ-ALA'],
    cities: ['Алматы'],
    languages: ['ru', 'kk'],
    phone: '+7 727 300 00 04',
    openingHours: 'Круглосуточно',
    acceptsReferrals: false,
  },
  {
    name: 'Департамент полиции, отдел по борьбе с торговлей людьми',
    type: 'LawEnforcement',
    description: 'Приём заявлений о торговле людьми, принудительном труде, удержании документов.',
    serviceTypes: ['police'],
    regions: ['KZ-ALA'],
    cities: ['Алматы'],
    languages: ['ru', 'kk'],
    phone: '102',
    openingHours: 'Круглосуточно',
    acceptsReferrals: true,
  },
  {
    name: 'Миграционная служба',
    type: 'ImmigrationService',
    description: 'Регистрация иностранцев, продление сроков пребывания, разрешения на работу.',
    serviceTypes: ['documents', 'police'],
    regions: ['KZ-ALA', 'KZ-AST', 'KZ-SHY'],
    cities: ['Алматы', 'Астана', 'Шымкент'],
    languages: ['ru', 'kk'],
    phone: '+7 727 300 00 06',
    openingHours: 'Пн–Пт 9:00–18:00',
    acceptsReferrals: false,
  },
  {
    name: 'Генеральное консульство Республики Узбекистан',
    type: 'CentralGovernmentOrganisation',
    description: 'Восстановление утраченных паспортов, свидетельства на возвращение, помощь гражданам Узбекистана.',
    serviceTypes: ['consular', 'documents'],
    regions: ['KZ-ALA', 'KZ-ALM'],
    cities: ['Алматы'],
    languages: ['uz', 'ru'],
    phone: '+7 727 300 00 07',
    openingHours: 'Пн–Пт 9:00–13:00',
    acceptsReferrals: true,
  },
  {
    name: 'Посольство Республики Таджикистан',
    type: 'CentralGovernmentOrganisation',
    description: 'Консульская помощь гражданам Таджикистана, документы для возвращения.',
    serviceTypes: ['consular', 'documents'],
    regions: ['KZ-AST'],
    cities: ['Астана'],
    languages: ['tg', 'ru'],
    phone: '+7 717 200 00 08',
    openingHours: 'Пн–Пт 9:30–12:30',
    acceptsReferrals: true,
  },
  {
    name: 'Программа помощи в возвращении и реинтеграции',
    type: 'NGO',
    description: 'Организация безопасного возвращения домой, билеты, встреча, поддержка после возвращения.',
    serviceTypes: ['return_reintegration'],
    regions: ['KZ-ALA', 'KZ-AST', 'KZ-SHY', 'KZ-TUR'],
    cities: ['Алматы', 'Астана', 'Шымкент'],
    languages: ['ru', 'kk', 'uz', 'tg', 'ky', 'en'],
    phone: '+7 727 300 00 09',
    email: 'return@example.org',
    acceptsReferrals: true,
  },
  {
    name: 'Центр занятости населения',
    type: 'LocalGovernmentOrganisation',
    description: 'Вакансии, переобучение, трудоустройство вернувшихся и пострадавших.',
    serviceTypes: ['employment'],
    regions: ['KZ-SHY', 'KZ-TUR'],
    cities: ['Шымкент'],
    languages: ['kk', 'ru', 'uz'],
    phone: '+7 725 200 00 10',
    openingHours: 'Пн–Пт 9:00–18:00',
    acceptsReferrals: true,
  },
  {
    name: 'Центр психологической поддержки «Сенім»',
    type: 'NGO',
    description: 'Индивидуальная и групповая психологическая помощь, в том числе онлайн на казахском, русском и английском.',
    serviceTypes: ['psychological'],
    regions: ['KZ-AST', 'KZ-ALA'],
    cities: ['Астана', 'Алматы'],
    languages: ['kk', 'ru', 'en'],
    phone: '+7 717 200 00 11',
    openingHours: 'Ежедневно 9:00–21:00',
    acceptsReferrals: true,
  },
];

export const DEMO_ARTICLES: { locale: string; title: string; tags: string[]; body: string; orgs: string[] }[] = [
  {
    locale: 'ru',
    title: 'Работодатель забрал паспорт: что делать',
    tags: ['документы', 'паспорт', 'трудовые-права'],
    orgs: ['Правовой центр для мигрантов', 'Генеральное консульство Республики Узбекистан'],
    body: '**Удерживать чужой паспорт незаконно.**\n\n1. Спросите, в безопасности ли человек сейчас и может ли говорить.\n2. Объясните: работодатель не вправе забирать документы; это признак принудительного труда.\n3. Предложите юридическую помощь и, если паспорт не возвращают, обращение в полицию.\n4. Если паспорт утерян — консульство выдаст свидетельство на возвращение.\n\nНе давайте обещаний за другие организации; предложите направление.',
  },
  {
    locale: 'ru',
    title: 'Регистрация иностранца и продление срока пребывания',
    tags: ['регистрация', 'документы'],
    orgs: ['Миграционная служба'],
    body: 'Иностранцы из стран ЕАЭС регистрируются по месту пребывания; срок и порядок зависят от гражданства.\n\n- Уточните страну гражданства и дату въезда.\n- Подскажите ближайший ЦОН или миграционную службу.\n- Если документы удерживает работодатель — см. статью «Работодатель забрал паспорт».',
  },
  {
    locale: 'ru',
    title: 'Предложение работы за рубежом: признаки обмана',
    tags: ['вербовка', 'безопасная-миграция'],
    orgs: [],
    body: 'Насторожитесь, если:\n\n- просят заранее оплатить визу, билеты или «оформление»;\n- нет письменного договора на понятном языке;\n- обещают зарплату намного выше обычной;\n- предлагают въехать как турист, а работать «потом оформим».\n\nСоветуйте проверить агентство, сделать копии документов и оставить их родным, записать номер 11616.',
  },
  {
    locale: 'kk',
    title: 'Шетелге жұмысқа шақыру: алаяқтық белгілері',
    tags: ['жалдау', 'қауіпсіз-көші-қон'],
    orgs: [],
    body: 'Сақ болыңыз, егер:\n\n- виза немесе билет үшін алдын ала ақша сұраса;\n- түсінікті тілде жазбаша шарт болмаса;\n- жалақыны тым жоғары деп уәде етсе.\n\nҚұжаттардың көшірмесін туыстарыңызға қалдырыңыз және 11616 нөмірін жазып алыңыз.',
  },
  {
    locale: 'en',
    title: 'How to reach a consulate',
    tags: ['consulate', 'documents'],
    orgs: ['Генеральное консульство Республики Узбекистан', 'Посольство Республики Таджикистан'],
    body: 'Consulates restore lost passports and issue return certificates.\n\n- Check the caller’s citizenship.\n- Give the consulate’s phone and opening hours from the directory.\n- If the caller cannot travel safely, offer a referral instead.',
  },
];

/** Seeds the directory and the knowledge base into an empty database; returns organisation ids by name. */
export async function seedDemoDirectory(app: INestApplicationContext, authorId: string): Promise<Map<string, string>> {
  const dataSource = app.get(DataSource);
  const repo = dataSource.getRepository(Organisation);
  const ids = new Map<string, string>();
  for (const organisation of DEMO_ORGANISATIONS) {
    const saved = await repo.save(
      repo.create({
        description: '',
        serviceTypes: [],
        regions: [],
        cities: [],
        languages: [],
        phone: null,
        email: null,
        website: null,
        address: null,
        openingHours: null,
        acceptsReferrals: true,
        active: true,
        ...organisation,
      }),
    );
    ids.set(saved.name, saved.id);
  }
  const articles = dataSource.getRepository(KnowledgeArticle);
  for (const article of DEMO_ARTICLES) {
    await articles.save(
      articles.create({
        locale: article.locale,
        title: article.title,
        body: article.body,
        tags: article.tags,
        organisationIds: article.orgs.map((name) => ids.get(name)!).filter(Boolean),
        published: true,
        createdById: authorId,
        updatedById: authorId,
      }),
    );
  }
  return ids;
}
