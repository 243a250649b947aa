import type { INestApplicationContext } from '@nestjs/common';
import { nextSafeTime, permissionsOf, type Role } from '@mayak/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock/clock';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import type { Actor } from '../core/context/request-context';
import { CaseWorkService } from '../modules/cases/case-work.service';
import { CasePlansService } from '../modules/cases/case-plans.service';
import { CasesService } from '../modules/cases/cases.service';
import { ContactsService } from '../modules/contacts/contacts.service';
import { PeopleService } from '../modules/people/people.service';
import { CallbacksService } from '../modules/callbacks/callbacks.service';
import { CallsService } from '../modules/telephony/calls.service';
import { InboundMessages } from '../modules/messaging/inbound-messages.service';
import { QuickRepliesService } from '../modules/messaging/quick-replies.service';
import { demoEmail, refuseInProduction } from './demo-seed';

/** What every scene of the demo works with: the demo staff, the services, and times around the application's "now". */
/** How many contacts and cases a scene logged. */
interface Seeded {
  contacts: number;
  cases: number;
}

interface DemoScene {
  app: INestApplicationContext;
  config: AppConfig;
  operator: Actor;
  caseWorker: Actor;
  astanaOperator: Actor;
  supervisor: Actor;
  contacts: ContactsService;
  cases: CasesService;
  people: PeopleService;
  work: CaseWorkService;
  nowMs: number;
  ago: (hours: number) => string;
  inHours: (hours: number) => string;
  daysAgo: (days: number) => string;
  ahead: (days: number) => string;
}

/**
 * A few fictional calls and cases so a newcomer sees the console at work: a missing
 * brother, a labour-trafficking case with its route, an information call, a prank caller,
 * a police report, a risky job offer, a text conversation, a missed call and a promised
 * callback. Goes through the services, so every rule and
 * the audit log apply. Runs only when there are no contacts yet.
 */
export async function seedDemoCasework(app: INestApplicationContext): Promise<{ contacts: number; cases: number }> {
  refuseInProduction(app);
  const dataSource = app.get(DataSource);
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM contacts`);
  if (n > 0) return { contacts: 0, cases: 0 };
  const scene = await demoScene(app, dataSource);
  const missing = await seedMissingBrother(scene);
  const passport = await seedPassportCase(scene);
  const informationAndPrank = await seedInformationAndPrank(scene);
  const astana = await seedAstana(scene);
  await seedQuickReplies(scene);
  const line = await seedTheLine(scene, passport.caseId);
  const scenes = [missing, passport, informationAndPrank, astana, line];
  return { contacts: scenes.reduce((sum, x) => sum + x.contacts, 0), cases: scenes.reduce((sum, x) => sum + x.cases, 0) };
}

async function demoScene(app: INestApplicationContext, dataSource: DataSource): Promise<DemoScene> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const actorOf = async (role: string, office: string): Promise<Actor> => {
    const [user] = await dataSource.query(
      `SELECT u.id, u.email, u.roles, array_agg(uo.office_id) AS offices FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.email = $1 GROUP BY u.id`,
      [demoEmail(role, office)],
    );
    if (!user) throw new Error(`Demo user ${demoEmail(role, office)} is missing`);
    return {
      userId: user.id,
      email: user.email,
      roles: user.roles as Role[],
      officeIds: user.offices,
      sessionId: 'demo-seed',
      permissions: permissionsOf(user.roles, config.permissionTable),
    };
  };
  // The demo's "today" is the application's: a pinned clock gets demo data around its own instant.
  const nowMs = app.get(Clock).nowMs();
  const ago = (hours: number) => new Date(nowMs - hours * 3600_000).toISOString();
  const inHours = (hours: number) => new Date(nowMs + hours * 3600_000).toISOString();
  return {
    app,
    config,
    nowMs,
    ago,
    inHours,
    daysAgo: (days) => ago(days * 24).slice(0, 10),
    ahead: (days) => inHours(days * 24).slice(0, 10),
    operator: await actorOf('operator', 'almaty'),
    caseWorker: await actorOf('caseworker', 'almaty'),
    astanaOperator: await actorOf('operator', 'astana'),
    supervisor: await actorOf('supervisor', 'almaty'),
    contacts: app.get(ContactsService),
    cases: app.get(CasesService),
    people: app.get(PeopleService),
    work: app.get(CaseWorkService),
  };
}

async function seedMissingBrother({ contacts, operator, caseWorker, ago }: DemoScene): Promise<Seeded> {
  // A sister looking for her brother who went to work in Russia.
  const missing = await contacts.create(operator, {
    channel: 'voice',
    phone: '+7 701 555 01 23',
    language: 'ru',
    callerType: 'relative',
    category: 'missing_person',
    startedAt: ago(50),
    consentToRecord: true,
    consentToContactBack: true,
    safeContactTimes: 'после 18:00',
    safeContactMethod: 'voice_call',
    notes: 'Брат уехал на заработки в Москву, три недели не выходит на связь. Работал через знакомого посредника.',
  });
  const missingCase = await contacts.openCase(operator, missing.id, {
    version: missing.version,
    type: 'missing_person',
    priority: 'high',
    assigneeId: caseWorker.userId,
    summary: 'Пропал брат звонившей, трудовой мигрант в Москве',
  });
  await contacts.complete(operator, missing.id, { version: missingCase.contact.version });
  return { contacts: 1, cases: 1 };
}

async function seedPassportCase({
  app,
  contacts,
  cases,
  people,
  work,
  operator,
  caseWorker,
  ago,
  inHours,
  daysAgo,
  ahead,
}: DemoScene): Promise<Seeded & { caseId: string }> {
  // A migrant worker whose passport the employer keeps: high risk, a trafficking case with its route.
  const client = await people.create(operator, {
    name: 'Рустам Юсупов',
    gender: 'Masculine',
    birthYear: 1996,
    citizenship: ['UZ'],
    languages: ['uz', 'ru'],
    migrationSituation: 'labour_migrant',
    identifiers: [{ kind: 'phone', value: '+998 90 123 45 67' }],
  });
  const risky = await contacts.create(operator, {
    channel: 'whatsapp',
    phone: '+998 90 123 45 67',
    language: 'uz',
    callerType: 'victim',
    category: 'labour_exploitation',
    riskLevel: 'high',
    personId: client.id,
    startedAt: ago(30),
    consentToRecord: true,
    consentToRefer: true,
    consentToContactBack: true,
    safeContactTimes: 'в обед, 13:00–14:00',
    safeContactMethod: 'whatsapp',
    notes: 'Работодатель на стройке забрал паспорт, второй месяц не платит, живут в вагончике на объекте. Выходить не разрешают.',
  });
  const trafficking = await contacts.openCase(operator, risky.id, {
    version: risky.version,
    type: 'trafficking',
    assigneeId: caseWorker.userId,
    summary: 'Удержание паспорта и зарплаты на стройке, возможная торговля людьми (принудительный труд)',
  });
  await contacts.complete(operator, risky.id, { version: trafficking.contact.version });
  const traffickingCase = await cases.require(caseWorker, trafficking.created.id);
  let dto = await cases.changeStatus(caseWorker, traffickingCase.id, { version: traffickingCase.version, status: 'open' });
  dto = await cases.changeStatus(caseWorker, traffickingCase.id, { version: dto.version, status: 'in_progress' });
  await cases.update(caseWorker, traffickingCase.id, {
    version: dto.version,
    traffickingStatus: 'PossibleVictimOfTrafficking',
    traffickingStatusDecidedBy: 'NGO',
    exploitationTypes: ['ForcedLabour'],
    controlMethods: ['WithholdsDocuments', 'TakesEarnings', 'RestrictsMovement'],
    labourIndustry: 'F_Construction',
    recruitmentMethods: ['ThroughFriendsOrSocialEvents'],
    recruiterRelation: 'Friend',
    migrationSituation: 'labour_migrant',
    route: [
      { type: 'Recruitment', country: 'UZ', city: 'Самарканд', date: daysAgo(105) },
      { type: 'Transit', country: 'KZ', city: 'Шымкент' },
      { type: 'Exploitation', country: 'KZ', city: 'Алматы', date: daysAgo(95) },
    ],
  });
  await work.giveConsent(caseWorker, traffickingCase.id, { purpose: 'services', channel: 'verbal_on_call' });
  await work.giveConsent(caseWorker, traffickingCase.id, { purpose: 'referral', channel: 'verbal_on_call', note: 'Согласен на юридическую помощь' });
  await work.createTask(caseWorker, traffickingCase.id, { title: 'Связаться с консульством Узбекистана о восстановлении паспорта', dueAt: inHours(24) });
  // A safety plan whose review is due in a week: its review is a task of the case worker's.
  await app.get(CasePlansService).create(caseWorker, traffickingCase.id, {
    kind: 'safety',
    riskLevel: 'high',
    startDate: daysAgo(0),
    reviewDate: ahead(7),
    risks: 'Бригадир угрожает, если узнает о звонке на линию; живёт на объекте без документов.',
    safetyMeasures: 'Звонить только в обед по WhatsApp; кодовая фраза «как погода в Самарканде»; при угрозе — 102 и адрес приюта.',
  });
  await cases.addNote(caseWorker, traffickingCase.id, 'Перезвонила в обед по WhatsApp: клиент в безопасности, готов встретиться с юристом.');
  return { contacts: 1, cases: 1, caseId: traffickingCase.id };
}

async function seedInformationAndPrank({ contacts, people, operator, ago, inHours }: DemoScene): Promise<Seeded> {
  // An information call that needs no case, and a prank caller flagged for the next operator.
  const info = await contacts.create(operator, {
    channel: 'voice',
    language: 'kk',
    callerType: 'migrant_seeking_information',
    category: 'migration_law_information',
    startedAt: ago(6),
    notes: 'Спрашивала, как продлить временную регистрацию иностранца, если работодатель не даёт документы. Объяснила порядок, дала адрес ЦОН.',
  });
  await contacts.complete(operator, info.id, { version: info.version });
  const prank = await contacts.create(operator, {
    channel: 'voice',
    phone: '8 747 000 11 22',
    callerType: 'other',
    category: 'silent_or_prank',
    startedAt: ago(2),
    notes: 'Молчание, затем смех. Третий раз за день.',
  });
  await contacts.complete(operator, prank.id, { version: prank.version });
  await people.addFlag(operator, { phone: '8 747 000 11 22' }, { kind: 'prank', reason: 'Повторные ложные звонки', expiresAt: inHours(30 * 24) });
  return { contacts: 2, cases: 0 };
}

async function seedAstana({ contacts, astanaOperator, ago }: DemoScene): Promise<Seeded> {
  // Astana: a police officer's report and a risky job offer abroad.
  const police = await contacts.create(astanaOperator, {
    channel: 'voice',
    language: 'ru',
    callerType: 'professional',
    category: 'trafficking_report',
    riskLevel: 'medium',
    startedAt: ago(20),
    notes: 'Участковый сообщает о трёх девушках из соседней страны без документов в сауне, подозрение на сексуальную эксплуатацию.',
  });
  await contacts.openCase(astanaOperator, police.id, {
    version: police.version,
    type: 'trafficking',
    priority: 'high',
    summary: 'Сообщение полиции о возможной сексуальной эксплуатации',
  });
  const offer = await contacts.create(astanaOperator, {
    channel: 'webchat',
    language: 'ru',
    callerType: 'migrant_seeking_information',
    category: 'safe_travel_and_job_offers',
    startedAt: ago(1),
    notes: 'Предлагают работу няней в Южной Корее, просят заранее оплатить визу и билеты. Рассказали о признаках мошенничества.',
  });
  await contacts.complete(astanaOperator, offer.id, { version: offer.version });
  return { contacts: 2, cases: 1 };
}

async function seedQuickReplies({ app, supervisor }: DemoScene): Promise<void> {
  // Quick replies the Almaty office keeps for its written conversations.
  const quickReplies = app.get(QuickRepliesService);
  const almatyOffice = supervisor.officeIds[0];
  for (const reply of [
    { language: 'ru', title: 'Часы работы линии', body: 'Линия 11616 работает круглосуточно и бесплатно. Можно позвонить или написать сюда в любое время.' },
    {
      language: 'ru',
      title: 'Регистрация мигранта',
      body: 'Иностранный гражданин должен встать на учёт по месту пребывания в течение 3 рабочих дней после въезда. Работодатель или принимающая сторона не вправе забирать ваш паспорт.',
    },
    {
      language: 'ru',
      title: 'Разрешение на работу',
      body: 'Для работы у физического лица оформляется разрешение (патент) через ЦОН или eGov. Мы можем подсказать, куда обратиться в вашем городе.',
    },
    {
      language: 'kk',
      title: 'Желінің жұмыс уақыты',
      body: '11616 желісі тәулік бойы тегін жұмыс істейді. Кез келген уақытта қоңырау шалуға немесе осында жазуға болады.',
    },
    { language: 'en', title: 'Line hours', body: 'The 11616 line is free and open around the clock. You can call or write here at any time.' },
    {
      language: 'uz',
      title: 'Ish vaqti',
      body: '11616 liniyasi kecha-kunduz bepul ishlaydi. Istalgan vaqtda qo‘ng‘iroq qilishingiz yoki shu yerga yozishingiz mumkin.',
    },
  ] as const)
    await quickReplies.create(supervisor, { officeId: almatyOffice, ...reply });
}

async function seedTheLine({ app, config, caseWorker, nowMs }: DemoScene, traffickingCaseId: string): Promise<Seeded> {
  // The line itself: a text conversation waiting for an answer, a caller who hung up in the
  // queue (a callback is owed), and a callback promised inside the client's safe lunch hour.
  const inbound = app.get(InboundMessages);
  const calls = app.get(CallsService);
  const callbacks = app.get(CallbacksService);
  const line = config.telephony.hotlineNumber;
  await inbound.twilioMessage({
    MessageSid: `SM${'d'.repeat(31)}1`,
    From: '+77052223344',
    To: line,
    Body: 'Здравствуйте. Мне предлагают работу в Дубае, просят отдать паспорт агенту. Это нормально?',
  });
  await inbound.twilioMessage({ MessageSid: `SM${'d'.repeat(31)}2`, From: '+77052223344', To: line, Body: 'Могу говорить только по сообщениям, муж рядом.' });
  await inbound.twilioMessage({
    MessageSid: `SM${'d'.repeat(31)}3`,
    From: 'whatsapp:+996555123456',
    To: `whatsapp:${line}`,
    ProfileName: 'Айбек',
    WaId: '996555123456',
    NumMedia: '0',
    Body: 'Работаю на стройке в Астане, работодатель забрал паспорт и не платит третий месяц. Что делать?',
  });
  const missedSid = `CA${'d'.repeat(31)}1`;
  await calls.incoming({ CallSid: missedSid, From: '+77079998877', To: line });
  await calls.languageChosen({ CallSid: missedSid, Digits: '2' });
  await calls.queueResult({ CallSid: missedSid, QueueResult: 'hangup', QueueTime: '95' });
  const lunch = { days: [1, 2, 3, 4, 5], start: '13:00', end: '14:00', timeZone: 'Asia/Almaty' };
  const nextLunch = nextSafeTime(new Date(nowMs + 15 * 60_000), { days: lunch.days, startMinute: 13 * 60 + 15, endMinute: 14 * 60, timeZone: lunch.timeZone })!;
  await callbacks.schedule(caseWorker, {
    caseId: traffickingCaseId,
    consentToContactBack: true,
    dueAt: nextLunch.toISOString(),
    safeWindow: lunch,
    method: 'voice',
    assigneeId: caseWorker.userId,
    notes: 'Спросить, удалось ли забрать паспорт; напомнить о встрече с юристом.',
  });
  return { contacts: 2, cases: 0 };
}
