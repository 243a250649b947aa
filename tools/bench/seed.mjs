#!/usr/bin/env node
// Fills a database with realistic, reproducible casework for benchmarks:
//   npm run bench:seed -- --contacts 1000000 [--seed 11616] [--database postgres://…/mayak_bench]
// Five offices, their staff, people with encrypted names and numbers (keyed-hash indexes
// as the API computes them), cases over three years with gap-free references, contacts
// (a third of them on cases, repeat callers included) and the cases' timeline entries.
// The database is dropped and recreated first. Needs the API build (npm run build).
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseArgs, mulberry32, pick, weighted, BENCH_PASSWORD, BENCH_OFFICES, benchEmail } from './common.mjs';

const require = createRequire(import.meta.url);
const { loadConfig } = require('../../dist/apps/api/core/config/app-config.js');
const { runMigrations } = require('../../dist/apps/api/core/database/migrate.js');
const { FieldCipher } = require('../../dist/apps/api/core/crypto/field-cipher.js');
const { BlindIndex } = require('../../dist/apps/api/core/crypto/blind-index.js');
const { PasswordHasher } = require('../../dist/apps/api/core/crypto/password-hasher.js');
const domain = require('@mayak/domain');

const args = parseArgs(process.argv.slice(2), { contacts: 1_000_000, seed: 11616, database: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mayak_bench', batch: 5_000 });
const CONTACTS = Number(args.contacts);
const PEOPLE = Number(args.people ?? Math.round(CONTACTS / 5));
const CASES = Number(args.cases ?? Math.round(CONTACTS / 5));
const random = mulberry32(Number(args.seed));
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);

const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: args.database });
const cipher = new FieldCipher(config.encryptionKeys, config.activeEncryptionKeyId);
const blind = new BlindIndex(config.identifierHashKey);

const url = new URL(args.database);
const dbName = url.pathname.slice(1);
if (!/^[a-z0-9_]+$/.test(dbName)) throw new Error(`Refusing odd database name "${dbName}"`);
const adminUrl = new URL(args.database);
adminUrl.pathname = '/postgres';
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${dbName}"`);
await admin.end();
await runMigrations(args.database);
log(`created and migrated ${dbName}`);

const db = new pg.Client({ connectionString: args.database });
await db.connect();

/** Bulk insert through unnest: one parameter per column, arrays of `batch` rows. */
async function insertRows(table, columns, types, rows) {
  for (let i = 0; i < rows.length; i += Number(args.batch)) {
    const chunk = rows.slice(i, i + Number(args.batch));
    const arrays = columns.map((_, c) => chunk.map((row) => row[c]));
    // Array columns travel as their text form ('{a,b}') and are cast on the way in.
    const unnest = types.map((type, c) => `$${c + 1}::${type.endsWith('[]') ? 'text' : type}[]`).join(', ');
    const select = types.map((type, c) => (type.endsWith('[]') ? `u.c${c}::${type}` : `u.c${c}`)).join(', ');
    const aliases = types.map((_, c) => `c${c}`).join(', ');
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select} FROM unnest(${unnest}) AS u(${aliases})`, arrays);
  }
}

// Offices and staff.
const hasher = new PasswordHasher();
const passwordHash = await hasher.hash(BENCH_PASSWORD);
const offices = BENCH_OFFICES.map((office) => ({ ...office, id: randomUUID() }));
await insertRows('offices', ['id', 'name', 'code', 'timezone'], ['uuid', 'text', 'text', 'text'], offices.map((o) => [o.id, o.name, o.code, 'Asia/Almaty']));
const staff = [];
const STAFF = { operator: 8, case_worker: 4, supervisor: 2, admin: 1 };
for (const office of offices) {
  for (const [role, count] of Object.entries(STAFF)) {
    for (let n = 1; n <= count; n += 1) staff.push({ id: randomUUID(), email: benchEmail(role, n, office.slug), role, officeId: office.id, name: `${role} ${n} ${office.name}` });
  }
}
await insertRows('users', ['id', 'email', 'display_name', 'password_hash', 'roles', 'locale'], ['uuid', 'text', 'text', 'text', 'text[]', 'text'], staff.map((u) => [u.id, u.email, u.name, passwordHash, `{${u.role}}`, 'ru']));
await insertRows('user_offices', ['user_id', 'office_id'], ['uuid', 'uuid'], staff.map((u) => [u.id, u.officeId]));
const staffOf = (officeId, role) => staff.filter((u) => u.officeId === officeId && u.role === role);
log(`${offices.length} offices, ${staff.length} staff (password "${BENCH_PASSWORD}")`);

// People: names in Cyrillic or Latin, a phone number each, some a document.
// Real callers' names are diverse: first names and family names are built from common stems.
const FIRST_STEMS = ['Айгер', 'Данияр', 'Рустам', 'Гульнар', 'Ерлан', 'Жанн', 'Тимур', 'Мадин', 'Азамат', 'Динар', 'Бахтияр', 'Дилноз', 'Шерзод', 'Малик', 'Фаррух', 'Нигор', 'Умид', 'Зарин', 'Акмал', 'Гульнор', 'Саул', 'Асел', 'Нурсултан', 'Алибек', 'Камил', 'Лейл', 'Бекзод', 'Парвин', 'Сухроб', 'Айдан'];
const FIRST_ENDINGS = ['', 'а', 'им', 'ия', 'бек', 'жан', 'гуль', 'ой'];
const LAST_STEMS = ['Нурлан', 'Сейткали', 'Юсуп', 'Касым', 'Ахмет', 'Абдулла', 'Ибрагим', 'Турсун', 'Карим', 'Рашид', 'Мирза', 'Ходжа', 'Саид', 'Рахим', 'Усмон', 'Жумабай', 'Оспан', 'Тулеген', 'Назар', 'Шарип', 'Исмаил', 'Хасан', 'Валиев', 'Эргаш', 'Кудайберген'];
const LAST_ENDINGS = ['ов', 'ова', 'ев', 'ева', 'ұлы', 'қызы', 'зода', 'уулу'];
const nameOf = () => `${pick(random, FIRST_STEMS)}${pick(random, FIRST_ENDINGS)} ${pick(random, LAST_STEMS)}${pick(random, LAST_ENDINGS)}`;
const CITIZENSHIP = [['KZ', 40], ['UZ', 25], ['TJ', 12], ['KG', 12], ['RU', 5], ['AF', 3], ['CN', 3]];
const phoneOf = (n) => {
  const country = n % 4;
  const digits = String(1_000_000 + (n % 9_000_000)).padStart(7, '0');
  return country === 0 ? `+99890${digits}` : country === 1 ? `+99293${digits}` : `+7701${digits}`;
};
const people = [];
const identifiers = [];
for (let i = 0; i < PEOPLE; i += 1) {
  const office = pick(random, offices);
  const creator = pick(random, staffOf(office.id, 'operator'));
  const name = nameOf();
  const phone = phoneOf(i);
  const phoneEncrypted = cipher.encrypt(phone);
  const phoneHash = blind.of('phone', phone);
  const createdAt = new Date(Date.now() - random() * 3 * 365 * 86400_000);
  people.push({ id: randomUUID(), officeId: office.id, creatorId: creator.id, name, phone, phoneEncrypted, phoneHash, createdAt });
  identifiers.push([randomUUID(), people[i].id, 'phone', phoneEncrypted, phoneHash]);
}
await insertRows(
  'people',
  ['id', 'office_id', 'created_by_id', 'name_encrypted', 'name_index', 'gender', 'age_group', 'citizenship', 'languages', 'created_at'],
  ['uuid', 'uuid', 'uuid', 'text', 'text[]', 'text', 'text', 'text[]', 'text[]', 'timestamptz'],
  people.map((p) => [
    p.id, p.officeId, p.creatorId, cipher.encrypt(p.name), `{${domain.nameTokens(p.name).map((t) => blind.of('name', t)).join(',')}}`,
    pick(random, domain.GENDERS), pick(random, domain.AGE_GROUPS), `{${weighted(random, CITIZENSHIP)}}`, '{ru}', p.createdAt.toISOString(),
  ]),
);
await insertRows('person_identifiers', ['id', 'person_id', 'kind', 'value_encrypted', 'value_hash'], ['uuid', 'uuid', 'text', 'text', 'text'], identifiers);
log(`${people.length} people with ${identifiers.length} encrypted phone numbers`);

// Cases over three years, references gap-free per year in order of opening.
const STATUS = [['closed', 50], ['in_progress', 15], ['follow_up', 10], ['referred', 10], ['open', 10], ['new', 5]];
const PRIORITY = [['normal', 70], ['high', 15], ['low', 12], ['critical', 3]];
const cases = [];
for (let i = 0; i < CASES; i += 1) {
  const person = people[Math.floor(random() * people.length)];
  const createdAt = new Date(Date.now() - random() * 3 * 365 * 86400_000);
  const lastActivityAt = new Date(Math.min(Date.now(), createdAt.getTime() + random() * 60 * 86400_000));
  const workers = staffOf(person.officeId, 'case_worker');
  cases.push({ id: randomUUID(), officeId: person.officeId, personId: person.id, createdAt, lastActivityAt, status: weighted(random, STATUS), priority: weighted(random, PRIORITY), type: pick(random, domain.CASE_TYPES), assigneeId: random() < 0.7 ? pick(random, workers).id : null, creatorId: pick(random, staffOf(person.officeId, 'operator')).id });
}
cases.sort((a, b) => a.createdAt - b.createdAt);
const sequence = new Map();
for (const c of cases) {
  const year = c.createdAt.getUTCFullYear();
  const next = (sequence.get(year) ?? 0) + 1;
  sequence.set(year, next);
  c.reference = domain.formatReference(config.caseReferencePrefix, year, next);
}
const SUMMARIES = ['Удержание паспорта работодателем', 'Невыплата заработной платы на стройке', 'Пропал родственник в России', 'Предложение работы за рубежом, просят оплатить визу', 'Employer keeps passport, no salary for two months', 'Missing relative, last seen in Istanbul', 'Нужна помощь с регистрацией иностранца', 'Угрозы со стороны посредника'];
await insertRows(
  'cases',
  ['id', 'reference', 'office_id', 'type', 'category', 'priority', 'status', 'assignee_id', 'created_by_id', 'person_id', 'summary', 'last_activity_at', 'created_at', 'closed_at', 'closure_reason'],
  ['uuid', 'text', 'uuid', 'text', 'text', 'text', 'text', 'uuid', 'uuid', 'uuid', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'text'],
  cases.map((c) => [c.id, c.reference, c.officeId, c.type, pick(random, domain.CONTACT_CATEGORIES), c.priority, c.status, c.assigneeId, c.creatorId, c.personId, pick(random, SUMMARIES), c.lastActivityAt.toISOString(), c.createdAt.toISOString(), c.status === 'closed' ? c.lastActivityAt.toISOString() : null, c.status === 'closed' ? pick(random, domain.CLOSURE_REASONS) : null]),
);
for (const [year, last] of sequence) await db.query(`INSERT INTO case_reference_sequences (prefix, year, last_value) VALUES ($1, $2, $3)`, [config.caseReferencePrefix, year, last]);
const shares = cases.filter(() => random() < 0.02).map((c) => [c.id, pick(random, staff.filter((u) => u.role === 'case_worker')).id, c.creatorId]);
await insertRows('case_shares', ['case_id', 'user_id', 'shared_by_id'], ['uuid', 'uuid', 'uuid'], [...new Map(shares.map((s) => [`${s[0]}:${s[1]}`, s])).values()]);
log(`${cases.length} cases, ${shares.length} shared`);

// Contacts: a third belong to cases (the client's number), the rest are one-off or repeat callers.
const NOTES = [
  'Работодатель забрал паспорт и не отдаёт', 'Не платят зарплату третий месяц', 'Брат уехал на заработки и не выходит на связь', 'Как продлить регистрацию иностранца',
  'Предлагают работу в Корее, просят оплатить билеты', 'Угрожают депортацией, если пожалуется', 'Живут в вагончике на объекте, выходить не разрешают', 'Нужна консультация по трудовому договору',
  'Employer took my passport and will not return it', 'Job offer in Dubai, asked to pay for the visa', 'My sister stopped answering after she went to Turkey', 'How do I get a work permit',
  'Молчание в трубке', 'Спрашивает адрес консульства Узбекистана', 'Долг за дорогу растёт каждый месяц', 'Police officer reports a group of workers without documents',
];
const CHANNEL = [['voice', 70], ['sms', 8], ['whatsapp', 10], ['telegram', 5], ['webchat', 5], ['email', 1], ['walk_in', 1]];
const CATEGORY = domain.CONTACT_CATEGORIES.map((c) => [c, c === 'migration_law_information' ? 25 : c === 'labour_exploitation' ? 15 : 6]);
const RISK = [['none', 70], ['low', 15], ['medium', 10], ['high', 4], ['immediate_danger', 1]];
const CALLER = domain.CALLER_TYPES.map((c) => [c, c === 'migrant_seeking_information' ? 40 : 12]);
const LANGUAGE = [['ru', 55], ['kk', 20], ['uz', 10], ['tg', 6], ['ky', 6], ['en', 3]];
const personById = new Map(people.map((p) => [p.id, p]));
// Each contact on a case would recompute that case's search vector; do it once at the end instead.
await db.query(`ALTER TABLE contacts DISABLE TRIGGER contacts_case_search`);
const events = cases.map((c) => [c.id, c.createdAt.toISOString(), c.creatorId, 'created', JSON.stringify({ type: c.type, priority: c.priority }), null]);
let written = 0;
const BATCH = 50_000;
for (let start = 0; start < CONTACTS; start += BATCH) {
  const rows = [];
  for (let i = start; i < Math.min(CONTACTS, start + BATCH); i += 1) {
    const onCase = random() < 0.33 ? cases[Math.floor(random() * cases.length)] : null;
    const person = onCase ? personById.get(onCase.personId) ?? null : random() < 0.3 ? people[Math.floor(random() * people.length)] : null;
    const officeId = onCase?.officeId ?? person?.officeId ?? pick(random, offices).id;
    const operator = pick(random, staffOf(officeId, 'operator'));
    const startedAt = onCase ? new Date(onCase.createdAt.getTime() + random() * (onCase.lastActivityAt - onCase.createdAt)) : new Date(Date.now() - random() * 3 * 365 * 86400_000);
    const duration = Math.round(60 + random() * 900);
    const phone = person ? null : phoneOf(PEOPLE + Math.floor(random() * PEOPLE));
    const risk = weighted(random, RISK);
    const id = randomUUID();
    rows.push([
      id, officeId, operator.id, 'completed', weighted(random, CHANNEL), random() < 0.9 ? 'inbound' : 'outbound', weighted(random, LANGUAGE), weighted(random, CALLER), weighted(random, CATEGORY), risk,
      risk === 'high' || risk === 'immediate_danger', startedAt.toISOString(), new Date(startedAt.getTime() + duration * 1000).toISOString(), duration,
      person ? person.phoneEncrypted : cipher.encrypt(phone), person ? person.phoneHash : blind.of('phone', phone), `${pick(random, NOTES)}. ${pick(random, NOTES)}.`,
      person?.id ?? null, onCase?.id ?? null, new Date(startedAt.getTime() + duration * 1000).toISOString(),
    ]);
    if (onCase) events.push([onCase.id, startedAt.toISOString(), operator.id, 'contact_linked', '{}', id]);
  }
  await insertRows(
    'contacts',
    ['id', 'office_id', 'operator_id', 'status', 'channel', 'direction', 'language', 'caller_type', 'category', 'risk_level', 'critical', 'started_at', 'ended_at', 'duration_seconds', 'phone_encrypted', 'phone_hash', 'notes', 'person_id', 'case_id', 'completed_at'],
    ['uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'boolean', 'timestamptz', 'timestamptz', 'int', 'text', 'text', 'text', 'uuid', 'uuid', 'timestamptz'],
    rows,
  );
  written += rows.length;
  log(`${written} contacts`);
}
await db.query(`ALTER TABLE contacts ENABLE TRIGGER contacts_case_search`);
await db.query(`UPDATE cases SET search_tsv = mayak_case_search_vector(id, summary)`);
log('case search vectors');
await insertRows('case_events', ['case_id', 'occurred_at', 'actor_id', 'kind', 'data', 'contact_id'], ['uuid', 'timestamptz', 'uuid', 'text', 'jsonb', 'uuid'], events);
log(`${events.length} timeline entries`);
await db.query('ANALYZE');
log(`done: ${CONTACTS} contacts, ${PEOPLE} people, ${CASES} cases in ${dbName}`);
await db.end();
