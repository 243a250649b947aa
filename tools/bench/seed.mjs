#!/usr/bin/env node
// Fills a database with realistic, reproducible casework for benchmarks:
//   npm run bench:seed -- --contacts 1000000 [--seed 11616] [--database postgres://…/mayak_bench]
// Five offices, their staff, people with encrypted names and numbers (keyed-hash indexes
// as the API computes them), cases over three years with gap-free references, contacts
// (a third of them on cases, repeat callers included), the calls behind the voice contacts
// and the callbacks owed to unanswered callers, the cases' timeline entries, trafficking
// details and routes, the service directory and referrals, and a sealed audit log.
// The database is dropped and recreated first. Needs the API build (npm run build).
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { parseArgs, mulberry32, pick, weighted, BENCH_PASSWORD, BENCH_OFFICES, benchEmail } from './common.mjs';

const require = createRequire(import.meta.url);
const { loadConfig } = require('../../dist/apps/api/core/config/app-config.js');
const { runMigrations } = require('../../dist/apps/api/core/database/migrate.js');
const { FieldCipher } = require('../../dist/apps/api/core/crypto/field-cipher.js');
const { BlindIndex } = require('../../dist/apps/api/core/crypto/blind-index.js');
const { PasswordHasher } = require('../../dist/apps/api/core/crypto/password-hasher.js');
const domain = require('@mayak/domain');

const args = parseArgs(process.argv.slice(2), {
  contacts: 1_000_000,
  seed: 11616,
  database: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mayak_bench',
  batch: 5_000,
});
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

// A bulk load: every row goes in through COPY; the big tables' indexes, keys and foreign keys
// are dropped first and built once at the end (exactly the definitions the migrations made,
// read back from the catalog), and the triggers that derive a column compute it once per
// distinct value here instead of once per row.
const SESSION = ['SET synchronous_commit = off', "SET maintenance_work_mem = '512MB'", 'SET jit = off', 'SET max_parallel_maintenance_workers = 0'];
for (const statement of SESSION) await db.query(statement);
/** Two more connections: the calls stream beside the contacts, and index builds two at a time. */
const side = [];
for (let n = 0; n < 2; n += 1) {
  const client = new pg.Client({ connectionString: args.database });
  await client.connect();
  for (const statement of SESSION) await client.query(statement);
  side.push(client);
}
const LOADED = [
  'people',
  'person_identifiers',
  'cases',
  'case_trafficking_events',
  'case_shares',
  'contacts',
  'telephony_calls',
  'callbacks',
  'case_events',
  'referrals',
  'audit_log',
  'audit_seals',
];
const { rows: foreignKeys } = await db.query(
  `SELECT c.conrelid::regclass::text AS "table", quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c
    WHERE c.contype = 'f' AND (c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[]))
    ORDER BY c.conrelid::regclass::text, c.conname`,
  [LOADED],
);
const { rows: keys } = await db.query(
  `SELECT c.conrelid::regclass::text AS "table", quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition,
          pg_relation_size(c.conrelid) AS size
     FROM pg_constraint c
    WHERE c.contype IN ('p', 'u', 'x') AND c.conrelid = ANY($1::regclass[])
    ORDER BY c.conrelid::regclass::text, c.conname`,
  [LOADED],
);
const { rows: indexes } = await db.query(
  `SELECT i.indrelid::regclass::text AS "table", i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
    WHERE i.indrelid = ANY($1::regclass[])
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
    ORDER BY i.indrelid::regclass::text, i.indexrelid::regclass::text`,
  [LOADED],
);
for (const fk of foreignKeys) await db.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
for (const key of keys) await db.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
log(`load without ${indexes.length} indexes, ${keys.length} keys and ${foreignKeys.length} foreign keys (built at the end)`);

/** One value in COPY's text format. */
function copyValue(value) {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  const text = value;
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}
const copyLine = (row) => `${row.map(copyValue).join('\t')}\n`;

/** A COPY … FROM STDIN stream written row by row, waiting whenever the server falls behind. */
class CopyIn {
  constructor(client, table, columns, { freeze = false } = {}) {
    this.client = client;
    this.sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN${freeze ? ' WITH (FREEZE)' : ''}`;
    this.table = table;
    this.freeze = freeze;
    this.chunk = '';
  }
  async start() {
    // FREEZE: the rows go in already frozen (no later vacuum has to rewrite them); it needs
    // the table emptied in the same transaction.
    if (this.freeze) {
      await this.client.query('BEGIN');
      await this.client.query(`TRUNCATE ${this.table}`);
    }
    this.stream = this.client.query(copyStreams.from(this.sql));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
    this.done.catch(() => {});
    return this;
  }
  async write(row) {
    this.chunk += copyLine(row);
    if (this.chunk.length >= 1 << 18) await this.flush();
  }
  async flush() {
    const chunk = this.chunk;
    this.chunk = '';
    if (!this.stream.write(chunk)) await Promise.race([new Promise((resolve) => this.stream.once('drain', resolve)), this.done]);
  }
  async end() {
    this.stream.end(this.chunk);
    this.chunk = '';
    await this.done;
    if (this.freeze) await this.client.query('COMMIT');
  }
}

/** Bulk insert through COPY (`types` only documents the columns; COPY parses each value as its column's type). */
async function insertRows(table, columns, types, rows, { client = db, freeze = false } = {}) {
  const copy = await new CopyIn(client, table, columns, { freeze }).start();
  for (const row of rows) await copy.write(row);
  await copy.end();
}

// Offices and staff.
const hasher = new PasswordHasher();
const passwordHash = await hasher.hash(BENCH_PASSWORD);
const offices = BENCH_OFFICES.map((office) => ({ ...office, id: randomUUID() }));
await insertRows(
  'offices',
  ['id', 'name', 'code', 'timezone'],
  ['uuid', 'text', 'text', 'text'],
  offices.map((o) => [o.id, o.name, o.code, 'Asia/Almaty']),
);
const staff = [];
const STAFF = { operator: 8, case_worker: 4, supervisor: 2, admin: 1 };
for (const office of offices) {
  for (const [role, count] of Object.entries(STAFF)) {
    for (let n = 1; n <= count; n += 1)
      staff.push({ id: randomUUID(), email: benchEmail(role, n, office.slug), role, officeId: office.id, name: `${role} ${n} ${office.name}` });
  }
}
const passwordSetAt = new Date().toISOString();
await insertRows(
  'users',
  ['id', 'email', 'display_name', 'password_hash', 'password_set_at', 'roles', 'locale'],
  ['uuid', 'text', 'text', 'text', 'timestamptz', 'text[]', 'text'],
  staff.map((u) => [u.id, u.email, u.name, passwordHash, passwordSetAt, `{${u.role}}`, 'ru']),
);
await insertRows(
  'user_offices',
  ['user_id', 'office_id'],
  ['uuid', 'uuid'],
  staff.map((u) => [u.id, u.officeId]),
);
const staffByOfficeRole = new Map();
const staffOf = (officeId, role) => {
  const key = `${officeId}:${role}`;
  if (!staffByOfficeRole.has(key))
    staffByOfficeRole.set(
      key,
      staff.filter((u) => u.officeId === officeId && u.role === role),
    );
  return staffByOfficeRole.get(key);
};
log(`${offices.length} offices, ${staff.length} staff (password "${BENCH_PASSWORD}")`);

// People: names in Cyrillic or Latin, a phone number each, some a document.
// Real callers' names are diverse: first names and family names are built from common stems.
const FIRST_STEMS = [
  'Айгер',
  'Данияр',
  'Рустам',
  'Гульнар',
  'Ерлан',
  'Жанн',
  'Тимур',
  'Мадин',
  'Азамат',
  'Динар',
  'Бахтияр',
  'Дилноз',
  'Шерзод',
  'Малик',
  'Фаррух',
  'Нигор',
  'Умид',
  'Зарин',
  'Акмал',
  'Гульнор',
  'Саул',
  'Асел',
  'Нурсултан',
  'Алибек',
  'Камил',
  'Лейл',
  'Бекзод',
  'Парвин',
  'Сухроб',
  'Айдан',
];
const FIRST_ENDINGS = ['', 'а', 'им', 'ия', 'бек', 'жан', 'гуль', 'ой'];
const LAST_STEMS = [
  'Нурлан',
  'Сейткали',
  'Юсуп',
  'Касым',
  'Ахмет',
  'Абдулла',
  'Ибрагим',
  'Турсун',
  'Карим',
  'Рашид',
  'Мирза',
  'Ходжа',
  'Саид',
  'Рахим',
  'Усмон',
  'Жумабай',
  'Оспан',
  'Тулеген',
  'Назар',
  'Шарип',
  'Исмаил',
  'Хасан',
  'Валиев',
  'Эргаш',
  'Кудайберген',
];
const LAST_ENDINGS = ['ов', 'ова', 'ев', 'ева', 'ұлы', 'қызы', 'зода', 'уулу'];
const nameOf = () => `${pick(random, FIRST_STEMS)}${pick(random, FIRST_ENDINGS)} ${pick(random, LAST_STEMS)}${pick(random, LAST_ENDINGS)}`;
const CITIZENSHIP = [
  ['KZ', 40],
  ['UZ', 25],
  ['TJ', 12],
  ['KG', 12],
  ['RU', 5],
  ['AF', 3],
  ['CN', 3],
];
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
  const phoneHash = blind.of('phone', phone);
  const createdAt = new Date(Date.now() - random() * 3 * 365 * 86400_000);
  people.push({ id: randomUUID(), officeId: office.id, creatorId: creator.id, name, phone, phoneHash, createdAt });
  // Every value is encrypted for its own row and column (as the API does).
  const identifierId = randomUUID();
  identifiers.push([
    identifierId,
    people[i].id,
    'phone',
    cipher.encrypt(phone, { table: 'person_identifiers', column: 'value_encrypted', row: identifierId }),
    phoneHash,
  ]);
}
await insertRows(
  'people',
  ['id', 'office_id', 'created_by_id', 'name_encrypted', 'name_index', 'gender', 'age_group', 'citizenship', 'languages', 'created_at'],
  ['uuid', 'uuid', 'uuid', 'text', 'text[]', 'text', 'text', 'text[]', 'text[]', 'timestamptz'],
  people.map((p) => [
    p.id,
    p.officeId,
    p.creatorId,
    cipher.encrypt(p.name, { table: 'people', column: 'name_encrypted', row: p.id }),
    `{${domain
      .nameTokens(p.name)
      .map((t) => blind.of('name', t))
      .join(',')}}`,
    pick(random, domain.GENDERS),
    pick(random, domain.AGE_GROUPS),
    `{${weighted(random, CITIZENSHIP)}}`,
    '{ru}',
    p.createdAt.toISOString(),
  ]),
  { freeze: true },
);
await insertRows('person_identifiers', ['id', 'person_id', 'kind', 'value_encrypted', 'value_hash'], ['uuid', 'uuid', 'text', 'text', 'text'], identifiers, {
  freeze: true,
});
log(`${people.length} people with ${identifiers.length} encrypted phone numbers`);

// Cases over three years, references gap-free per year in order of opening.
const STATUS = [
  ['closed', 50],
  ['in_progress', 15],
  ['follow_up', 10],
  ['referred', 10],
  ['open', 10],
  ['new', 5],
];
const PRIORITY = [
  ['normal', 70],
  ['high', 15],
  ['low', 12],
  ['critical', 3],
];
// Trafficking cases carry the HTCDS details the trafficking picture and the exports read.
const TRAFFICKING_STATUS = [
  ['PossibleVictimOfTrafficking', 50],
  ['ActualVictimOfTrafficking', 40],
  ['NotAVictimOfTrafficking', 10],
];
const EXPLOITATION = [
  ['ForcedLabour', 55],
  ['SexualExploitation', 20],
  ['Servitude', 8],
  ['ForcedMarriage', 5],
  ['ForcedBegging', 4],
  ['ChildLabour', 4],
  ['Other', 4],
];
const CONTROL = domain.CONTROL_METHODS.map((c) => [
  c,
  c === 'WithholdsDocuments' ? 30 : c === 'TakesEarnings' || c === 'DebtBondage' || c === 'FalsePromises' ? 15 : 3,
]);
const EXPLOITED_IN = [
  ['RU', 40],
  ['KZ', 25],
  ['TR', 10],
  ['AE', 8],
  ['KR', 7],
  ['CN', 4],
  ['PL', 3],
  ['DE', 3],
];
const RECRUITED_IN = [
  ['KZ', 35],
  ['UZ', 30],
  ['TJ', 15],
  ['KG', 15],
  ['AF', 5],
];
function traffickingOf() {
  const exploitation = [...new Set([weighted(random, EXPLOITATION), ...(random() < 0.2 ? [weighted(random, EXPLOITATION)] : [])])];
  const control = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => weighted(random, CONTROL)))];
  return {
    status: weighted(random, TRAFFICKING_STATUS),
    exploitation,
    control,
    recruitedIn: weighted(random, RECRUITED_IN),
    exploitedIn: weighted(random, EXPLOITED_IN),
  };
}
const cases = [];
for (let i = 0; i < CASES; i += 1) {
  const person = people[Math.floor(random() * people.length)];
  const createdAt = new Date(Date.now() - random() * 3 * 365 * 86400_000);
  const lastActivityAt = new Date(Math.min(Date.now(), createdAt.getTime() + random() * 60 * 86400_000));
  const workers = staffOf(person.officeId, 'case_worker');
  const type = pick(random, domain.CASE_TYPES);
  const trafficking = type === 'trafficking' ? traffickingOf() : null;
  cases.push({
    id: randomUUID(),
    officeId: person.officeId,
    personId: person.id,
    createdAt,
    lastActivityAt,
    status: weighted(random, STATUS),
    priority: weighted(random, PRIORITY),
    type,
    trafficking,
    assigneeId: random() < 0.7 ? pick(random, workers).id : null,
    creatorId: pick(random, staffOf(person.officeId, 'operator')).id,
  });
}
cases.sort((a, b) => a.createdAt - b.createdAt);
const sequence = new Map();
for (const c of cases) {
  const year = c.createdAt.getUTCFullYear();
  const next = (sequence.get(year) ?? 0) + 1;
  sequence.set(year, next);
  c.reference = domain.formatReference(config.caseReferencePrefix, year, next);
}
const SUMMARIES = [
  'Удержание паспорта работодателем',
  'Невыплата заработной платы на стройке',
  'Пропал родственник в России',
  'Предложение работы за рубежом, просят оплатить визу',
  'Employer keeps passport, no salary for two months',
  'Missing relative, last seen in Istanbul',
  'Нужна помощь с регистрацией иностранца',
  'Угрозы со стороны посредника',
];
// A case's search vector is its summary's, plus its contacts' notes once they are in (below);
// the trigger would compute it per row, so it is off for the load and computed here per summary.
const vectorOf = new Map(
  (await db.query(`SELECT s AS text, mayak_text_vector(s)::text AS vector FROM unnest($1::text[]) s`, [SUMMARIES])).rows.map((r) => [r.text, r.vector]),
);
await db.query(`ALTER TABLE cases DISABLE TRIGGER cases_search_tsv`);
await insertRows(
  'cases',
  [
    'id',
    'reference',
    'office_id',
    'type',
    'category',
    'priority',
    'status',
    'assignee_id',
    'created_by_id',
    'person_id',
    'summary',
    'last_activity_at',
    'created_at',
    'closed_at',
    'closure_reason',
    'trafficking_status',
    'exploitation_types',
    'control_methods',
    'search_tsv',
  ],
  [
    'uuid',
    'text',
    'uuid',
    'text',
    'text',
    'text',
    'text',
    'uuid',
    'uuid',
    'uuid',
    'text',
    'timestamptz',
    'timestamptz',
    'timestamptz',
    'text',
    'text',
    'text[]',
    'text[]',
    'tsvector',
  ],
  cases.map((c) => {
    // The draws in the order they always were: category, summary, closure reason.
    const category = pick(random, domain.CONTACT_CATEGORIES);
    c.summary = pick(random, SUMMARIES);
    const closureReason = c.status === 'closed' ? pick(random, domain.CLOSURE_REASONS) : null;
    return [
      c.id,
      c.reference,
      c.officeId,
      c.type,
      category,
      c.priority,
      c.status,
      c.assigneeId,
      c.creatorId,
      c.personId,
      c.summary,
      c.lastActivityAt.toISOString(),
      c.createdAt.toISOString(),
      c.status === 'closed' ? c.lastActivityAt.toISOString() : null,
      closureReason,
      c.trafficking?.status ?? null,
      `{${c.trafficking?.exploitation.join(',') ?? ''}}`,
      `{${c.trafficking?.control.join(',') ?? ''}}`,
      vectorOf.get(c.summary),
    ];
  }),
  { freeze: true },
);
const routes = cases
  .filter((c) => c.trafficking)
  .flatMap((c) => [
    [randomUUID(), c.id, 1, 'Recruitment', c.trafficking.recruitedIn],
    [randomUUID(), c.id, 2, 'Exploitation', c.trafficking.exploitedIn],
  ]);
await insertRows('case_trafficking_events', ['id', 'case_id', 'position', 'type', 'country'], ['uuid', 'uuid', 'smallint', 'text', 'text'], routes, {
  freeze: true,
});
for (const [year, last] of sequence)
  await db.query(`INSERT INTO case_reference_sequences (prefix, year, last_value) VALUES ($1, $2, $3)`, [config.caseReferencePrefix, year, last]);
const shares = cases
  .filter(() => random() < 0.02)
  .map((c) => [
    c.id,
    pick(
      random,
      staff.filter((u) => u.role === 'case_worker'),
    ).id,
    c.creatorId,
  ]);
await insertRows(
  'case_shares',
  ['case_id', 'user_id', 'shared_by_id'],
  ['uuid', 'uuid', 'uuid'],
  [...new Map(shares.map((s) => [`${s[0]}:${s[1]}`, s])).values()],
);
log(`${cases.length} cases (${routes.length / 2} of trafficking with their route), ${shares.length} shared`);

// Contacts: a third belong to cases (the client's number), the rest are one-off or repeat callers.
const NOTES = [
  'Работодатель забрал паспорт и не отдаёт',
  'Не платят зарплату третий месяц',
  'Брат уехал на заработки и не выходит на связь',
  'Как продлить регистрацию иностранца',
  'Предлагают работу в Корее, просят оплатить билеты',
  'Угрожают депортацией, если пожалуется',
  'Живут в вагончике на объекте, выходить не разрешают',
  'Нужна консультация по трудовому договору',
  'Employer took my passport and will not return it',
  'Job offer in Dubai, asked to pay for the visa',
  'My sister stopped answering after she went to Turkey',
  'How do I get a work permit',
  'Молчание в трубке',
  'Спрашивает адрес консульства Узбекистана',
  'Долг за дорогу растёт каждый месяц',
  'Police officer reports a group of workers without documents',
];
const CHANNEL = [
  ['voice', 70],
  ['sms', 8],
  ['whatsapp', 10],
  ['telegram', 5],
  ['webchat', 5],
  ['email', 1],
  ['walk_in', 1],
];
const CATEGORY = domain.CONTACT_CATEGORIES.map((c) => [c, c === 'migration_law_information' ? 25 : c === 'labour_exploitation' ? 15 : 6]);
const RISK = [
  ['none', 70],
  ['low', 15],
  ['medium', 10],
  ['high', 4],
  ['immediate_danger', 1],
];
const CALLER = domain.CALLER_TYPES.map((c) => [c, c === 'migrant_seeking_information' ? 40 : 12]);
const LANGUAGE = [
  ['ru', 55],
  ['kk', 20],
  ['uz', 10],
  ['tg', 6],
  ['ky', 6],
  ['en', 3],
];
const personById = new Map(people.map((p) => [p.id, p]));
const caseById = new Map(cases.map((c) => [c.id, c]));
// Each contact on a case would recompute that case's search vector; do it once at the end instead.
await db.query(`ALTER TABLE contacts DISABLE TRIGGER contacts_case_search`);
// Likewise the dashboards' rollups: built once for every office at the end, not marked per row.
await db.query(`ALTER TABLE contacts DISABLE TRIGGER contacts_dashboard_insert`);
await db.query(`ALTER TABLE telephony_calls DISABLE TRIGGER telephony_calls_dashboard_insert`);
const events = cases.map((c) => [c.id, c.createdAt.toISOString(), c.creatorId, 'created', JSON.stringify({ type: c.type, priority: c.priority }), null]);
// Every inbound voice contact came through the line: its call (queue wait, answer, end);
// about one in twelve callers was not answered (hung up in the queue, or the line gave up)
// and is owed a callback, as the API does for them.
const LINE_NUMBER = '+77000011616';
const sidOf = (prefix, n) => `${prefix}${n.toString(16).padStart(32, '0')}`;
const CALLBACK_STATUS = [
  ['completed', 70],
  ['failed', 8],
  ['cancelled', 7],
  ['no_answer', 5],
];
const callbacks = [];
let calls = 0;
let written = 0;
const BATCH = 50_000;
// A contact's notes vector (the trigger's work) depends on its notes alone, a few hundred
// distinct texts: computed once each here, and the trigger is off for the load.
const noteTexts = ['', ...NOTES.flatMap((a) => NOTES.map((b) => `${a}. ${b}.`))];
const notesVector = new Map(
  (await db.query(`SELECT s AS text, mayak_text_vector(s)::text AS vector FROM unnest($1::text[]) s`, [noteTexts])).rows.map((r) => [r.text, r.vector]),
);
await db.query(`ALTER TABLE contacts DISABLE TRIGGER contacts_notes_tsv`);
/** Each case's contacts' notes in the order they were logged, for its search vector. */
const caseNotes = new Map();
// Contacts and their calls stream into two COPYs side by side while they are generated.
const contactsCopy = await new CopyIn(
  db,
  'contacts',
  [
    'id',
    'office_id',
    'operator_id',
    'status',
    'channel',
    'direction',
    'language',
    'caller_type',
    'category',
    'risk_level',
    'critical',
    'started_at',
    'ended_at',
    'duration_seconds',
    'phone_encrypted',
    'phone_hash',
    'notes',
    'person_id',
    'case_id',
    'completed_at',
    'notes_tsv',
  ],
  { freeze: true },
).start();
const callsCopy = await new CopyIn(
  side[0],
  'telephony_calls',
  [
    'id',
    'created_at',
    'call_sid',
    'direction',
    'purpose',
    'office_id',
    'contact_id',
    'party_encrypted',
    'party_hash',
    'line_number',
    'language',
    'state',
    'outcome',
    'operator_id',
    'queued_at',
    'answered_at',
    'ended_at',
    'duration_seconds',
    'provider_status',
  ],
  { freeze: true },
).start();
// The contacts' and calls' numbers are encrypted (FieldCipher, as the API does) on a worker
// thread, 2,000 rows at a time, while the next rows are generated here; the rows go into
// their COPY in the order they were generated.
const sealer = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
   const { loadConfig } = require(workerData.configModule);
   const { FieldCipher } = require(workerData.cipherModule);
   const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: workerData.database });
   const cipher = new FieldCipher(config.encryptionKeys, config.activeEncryptionKeyId);
   parentPort.on('message', (items) => parentPort.postMessage(items.map(([text, table, column, row]) => cipher.encrypt(text, { table, column, row }))));`,
  {
    eval: true,
    workerData: {
      configModule: require.resolve('../../dist/apps/api/core/config/app-config.js'),
      cipherModule: require.resolve('../../dist/apps/api/core/crypto/field-cipher.js'),
      database: args.database,
    },
  },
);
const sealReplies = [];
sealer.on('message', (sealed) => sealReplies.shift().resolve(sealed));
sealer.on('error', (error) => {
  for (const reply of sealReplies.splice(0)) reply.reject(error);
});
const sealing = [];
let toSeal = [];
let sealRows = [];
/** Queues a row whose column `column` is `item` sealed; with no row, sends what is queued. */
async function sealThenWrite(copy, row, column, item) {
  if (row) {
    toSeal.push(item);
    sealRows.push([copy, row, column]);
    if (toSeal.length < 2_000) return;
  }
  if (!toSeal.length) return;
  const rows = sealRows;
  const sealed = new Promise((resolve, reject) => sealReplies.push({ resolve, reject }));
  sealer.postMessage(toSeal);
  toSeal = [];
  sealRows = [];
  sealing.push(sealed.then((values) => ({ values, rows })));
  while (sealing.length > 2) await writeSealed();
}
async function writeSealed() {
  const { values, rows } = await sealing.shift();
  for (let k = 0; k < rows.length; k += 1) {
    const [copy, row, column] = rows[k];
    row[column] = values[k];
    await copy.write(row);
  }
}
for (let start = 0; start < CONTACTS; start += BATCH) {
  for (let i = start; i < Math.min(CONTACTS, start + BATCH); i += 1) {
    const onCase = random() < 0.33 ? cases[Math.floor(random() * cases.length)] : null;
    const person = onCase ? (personById.get(onCase.personId) ?? null) : random() < 0.3 ? people[Math.floor(random() * people.length)] : null;
    const officeId = onCase?.officeId ?? person?.officeId ?? pick(random, offices).id;
    const startedAt = onCase
      ? new Date(onCase.createdAt.getTime() + random() * (onCase.lastActivityAt - onCase.createdAt))
      : new Date(Date.now() - random() * 3 * 365 * 86400_000);
    const channel = weighted(random, CHANNEL);
    const direction = random() < 0.9 ? 'inbound' : 'outbound';
    const viaLine = channel === 'voice' && direction === 'inbound';
    const unanswered = viaLine && !onCase && random() < 0.08;
    const operator = unanswered ? null : pick(random, staffOf(officeId, 'operator'));
    const duration = unanswered ? null : Math.round(60 + random() * 900);
    const phone = person ? null : phoneOf(PEOPLE + Math.floor(random() * PEOPLE));
    const id = randomUUID();
    const number = person ? person.phone : phone;
    const phoneHash = person ? person.phoneHash : blind.of('phone', phone);
    const risk = unanswered ? 'none' : weighted(random, RISK);
    const language = weighted(random, LANGUAGE);
    const endedAt = new Date(startedAt.getTime() + (duration ?? 0) * 1000);
    const row = [
      id,
      officeId,
      operator?.id ?? null,
      'completed',
      channel,
      direction,
      language,
      unanswered ? null : weighted(random, CALLER),
      unanswered ? null : weighted(random, CATEGORY),
      risk,
      risk === 'high' || risk === 'immediate_danger',
      startedAt.toISOString(),
      endedAt.toISOString(),
      duration,
      null, // phone_encrypted, sealed on the cipher thread
      phoneHash,
      unanswered ? '' : `${pick(random, NOTES)}. ${pick(random, NOTES)}.`,
      person?.id ?? null,
      onCase?.id ?? null,
      endedAt.toISOString(),
    ];
    const notes = row[16];
    row.push(notesVector.get(notes));
    await sealThenWrite(contactsCopy, row, 14, [number, 'contacts', 'phone_encrypted', id]);
    if (onCase) {
      if (caseNotes.has(onCase.id)) caseNotes.get(onCase.id).push(notes);
      else caseNotes.set(onCase.id, [notes]);
    }
    if (onCase) events.push([onCase.id, startedAt.toISOString(), operator.id, 'contact_linked', '{}', id]);
    if (!viaLine) continue;
    calls += 1;
    const callId = randomUUID();
    const wait = Math.round(random() < 0.8 ? random() * 40 : 40 + random() * 260);
    const queuedAt = new Date(startedAt.getTime() - wait * 1000 - 5000);
    const state = !unanswered ? 'completed' : random() < 0.8 ? 'abandoned' : 'missed';
    const callRow = [
      callId,
      queuedAt.toISOString(),
      sidOf('CA', calls),
      'inbound',
      'hotline',
      officeId,
      id,
      null, // party_encrypted, sealed on the cipher thread
      phoneHash,
      LINE_NUMBER,
      language,
      state,
      unanswered ? state : 'answered',
      operator?.id ?? null,
      queuedAt.toISOString(),
      unanswered ? null : startedAt.toISOString(),
      unanswered ? new Date(queuedAt.getTime() + wait * 1000).toISOString() : endedAt.toISOString(),
      unanswered ? wait : duration,
      'completed',
    ];
    await sealThenWrite(callsCopy, callRow, 7, [number, 'telephony_calls', 'party_encrypted', callId]);
    if (unanswered) {
      const dueAt = new Date(queuedAt.getTime() + wait * 1000 + 60_000);
      const recent = Date.now() - dueAt.getTime() < 86400_000;
      const status = recent ? 'scheduled' : weighted(random, CALLBACK_STATUS);
      const attempts = status === 'scheduled' || status === 'cancelled' ? 0 : status === 'failed' ? 3 : 1 + Math.floor(random() * (random() < 0.7 ? 1 : 3));
      const finishedAt = status === 'scheduled' ? null : new Date(dueAt.getTime() + random() * 6 * 3600_000).toISOString();
      const callbackId = randomUUID();
      callbacks.push([
        callbackId,
        officeId,
        id,
        callId,
        cipher.encrypt(number, { table: 'callbacks', column: 'phone_encrypted', row: callbackId }),
        phoneHash,
        state === 'missed' ? 'missed_call' : 'abandoned_call',
        status,
        dueAt.toISOString(),
        'Asia/Almaty',
        attempts,
        3,
        status === 'completed' ? 'reached' : status === 'failed' || status === 'no_answer' ? 'no_answer' : null,
        finishedAt,
        dueAt.toISOString(),
      ]);
    }
  }
  written = Math.min(CONTACTS, start + BATCH);
  log(`${written} contacts, ${calls} calls`);
}
await sealThenWrite();
while (sealing.length) await writeSealed();
await contactsCopy.end();
await callsCopy.end();
sealer.terminate();
await insertRows(
  'callbacks',
  [
    'id',
    'office_id',
    'contact_id',
    'source_call_id',
    'phone_encrypted',
    'phone_hash',
    'reason',
    'status',
    'due_at',
    'time_zone',
    'attempts',
    'max_attempts',
    'last_outcome',
    'finished_at',
    'created_at',
  ],
  ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'text', 'timestamptz', 'text', 'int', 'int', 'text', 'timestamptz', 'timestamptz'],
  callbacks,
  { freeze: true },
);
log(`${callbacks.length} callbacks owed to unanswered callers`);
// While the timeline, referrals and audit log are generated here, the database works on the
// two side connections. One builds the two indexes the dashboards' rollups read and then the
// rollups (from the contacts and calls, all they read: once for every office), then the rest
// of the contacts' and calls' indexes. The other computes the search vectors of the cases with
// contacts (mayak_case_search_vector's text: the summary, then its contacts' notes in the
// order they were logged; no timeline entry has a body), then indexes people and callbacks.
const caseBodies = [...caseNotes].map(([id, notes]) => [id, `${caseById.get(id).summary} ${notes.join(' ')}`]);
const pending = [
  ...keys.map((k) => ({ table: k.table, name: k.name, statement: `ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${k.definition}` })),
  ...indexes.map((i) => ({ table: i.table, name: i.name, statement: i.definition })),
];
/** Builds the pending keys and indexes of `table` (only `names` of them if given). */
async function buildIndexes(client, table, names) {
  const mine = pending.filter((b) => b.table === table && (!names || names.includes(b.name)));
  for (const b of mine) pending.splice(pending.indexOf(b), 1);
  for (const b of mine) await client.query(b.statement);
}
let rollup;
const background = Promise.all([
  (async () => {
    await buildIndexes(side[0], 'contacts', ['ix_contacts_office_activity']);
    await buildIndexes(side[0], 'telephony_calls', ['ix_telephony_calls_office_created']);
    await side[0].query('ANALYZE contacts, telephony_calls, offices');
    await side[0].query(`INSERT INTO dashboard_dirty_days (office_id, day) SELECT id, NULL FROM offices`);
    [rollup] = (await side[0].query(`SELECT mayak_dashboard_refresh() AS days`)).rows;
    log(`dashboard rollups for ${rollup.days} office-days`);
    await buildIndexes(side[0], 'contacts');
    await buildIndexes(side[0], 'telephony_calls');
  })(),
  (async () => {
    await side[1].query(`UPDATE cases c SET search_tsv = mayak_text_vector(v.body) FROM unnest($1::uuid[], $2::text[]) AS v(id, body) WHERE c.id = v.id`, [
      caseBodies.map((b) => b[0]),
      caseBodies.map((b) => b[1]),
    ]);
    log('case search vectors');
    for (const table of ['people', 'person_identifiers', 'callbacks']) await buildIndexes(side[1], table);
  })(),
]);
background.catch(() => {});
await insertRows(
  'case_events',
  ['case_id', 'occurred_at', 'actor_id', 'kind', 'data', 'contact_id'],
  ['uuid', 'timestamptz', 'uuid', 'text', 'jsonb', 'uuid'],
  events,
  { freeze: true },
);
log(`${events.length} timeline entries`);

// The service directory and referrals: about a quarter of the cases were referred somewhere.
const organisations = Array.from({ length: 60 }, (_, n) => ({
  id: randomUUID(),
  name: `Партнёр ${n + 1}`,
  type: pick(random, domain.ORGANISATION_TYPES),
  services: [...new Set([pick(random, domain.SERVICE_TYPES), pick(random, domain.SERVICE_TYPES)])],
  region: pick(random, domain.KZ_REGIONS),
}));
await insertRows(
  'organisations',
  ['id', 'name', 'type', 'service_types', 'regions', 'languages'],
  ['uuid', 'text', 'text', 'text[]', 'text[]', 'text[]'],
  organisations.map((o) => [o.id, o.name, o.type, `{${o.services.join(',')}}`, `{${o.region}}`, '{ru,kk}']),
);
const REFERRAL_STATUS = [
  ['completed', 40],
  ['accepted', 12],
  ['in_progress', 12],
  ['declined', 12],
  ['sent', 10],
  ['cancelled', 6],
  ['draft', 8],
];
const referrals = [];
for (const c of cases) {
  if (random() >= 0.25) continue;
  const organisation = pick(random, organisations);
  const service = pick(random, organisation.services);
  const status = weighted(random, REFERRAL_STATUS);
  const hours = domain.REFERRAL_RESPONSE_HOURS[service];
  const sentAt = status === 'draft' ? null : new Date(c.createdAt.getTime() + random() * 5 * 86400_000);
  const answered = ['accepted', 'in_progress', 'completed', 'declined'].includes(status);
  const answeredAt = answered ? new Date(sentAt.getTime() + random() * hours * 1.5 * 3600_000) : null;
  const finishedAt =
    status === 'completed' || status === 'declined' || status === 'cancelled'
      ? new Date((answeredAt ?? sentAt ?? c.createdAt).getTime() + random() * 20 * 86400_000)
      : null;
  referrals.push([
    randomUUID(),
    c.createdAt.toISOString(),
    c.id,
    c.officeId,
    organisation.id,
    service,
    status,
    c.creatorId,
    'Клиенту нужна помощь; подробности по телефону.',
    hours,
    sentAt?.toISOString() ?? null,
    sentAt ? new Date(sentAt.getTime() + hours * 3600_000).toISOString() : null,
    answeredAt?.toISOString() ?? null,
    finishedAt?.toISOString() ?? null,
    status === 'declined' ? 'Нет мест' : null,
  ]);
}
await insertRows(
  'referrals',
  [
    'id',
    'created_at',
    'case_id',
    'office_id',
    'organisation_id',
    'service_type',
    'status',
    'created_by_id',
    'shared_summary',
    'response_hours',
    'sent_at',
    'due_at',
    'answered_at',
    'finished_at',
    'reason',
  ],
  ['uuid', 'timestamptz', 'uuid', 'uuid', 'uuid', 'text', 'text', 'uuid', 'text', 'int', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz', 'text'],
  referrals,
  { freeze: true },
);
log(`${organisations.length} organisations, ${referrals.length} referrals`);

// The audit log: one row per case opened and per contact logged (what the API writes for
// them), sealed into the hash chain with plain SHA-256 (the legacy seals a keyed chain may
// start with), so audit:verify passes and a started worker has nothing old to seal.
const AUDIT = Number(args.audit ?? CONTACTS + CASES);
const { legacyChainHash, GENESIS_HASH } = require('../../dist/apps/api/core/audit/audit-chain.js');
const auditRows = [];
for (let n = 0; n < AUDIT; n += 1) {
  const c = cases[n % cases.length];
  const actor = pick(random, staffOf(c.officeId, random() < 0.5 ? 'operator' : 'case_worker'));
  const action = n < CASES ? 'cases.created' : pick(random, ['contacts.created', 'cases.read', 'contacts.completed', 'cases.listed']);
  auditRows.push([
    new Date(c.createdAt.getTime() + random() * 86400_000).toISOString(),
    actor.id,
    actor.email,
    action,
    action.startsWith('cases') ? 'case' : 'contact',
    c.id,
    c.officeId,
    '127.0.0.1',
    '{}',
  ]);
}
auditRows.sort((a, b) => (a[0] < b[0] ? -1 : 1)); // ids in time order; the database sets each batch's transaction id
// Batches of `batch` rows, each in its own transaction as before (the trigger sets each row's
// tx_id to its transaction's id). The ids are taken from the sequence up front, so each row's
// seal is computed here as it goes in, from the same canonical row the worker reads back.
let prev = GENESIS_HASH;
let position = 0;
const seals = [];
let nextId = 0;
if (AUDIT > 0) {
  const {
    rows: [taken],
  } = await db.query(`SELECT nextval('audit_log_id_seq')::text AS first`);
  nextId = Number(taken.first);
  await db.query(`SELECT setval('audit_log_id_seq', $1)`, [nextId + AUDIT - 1]);
}
for (let start = 0; start < auditRows.length; start += Number(args.batch)) {
  const batch = auditRows.slice(start, start + Number(args.batch));
  await db.query('BEGIN');
  const {
    rows: [tx],
  } = await db.query(`SELECT pg_current_xact_id()::text AS id`);
  const copy = await new CopyIn(db, 'audit_log', [
    'id',
    'occurred_at',
    'actor_user_id',
    'actor_email',
    'action',
    'entity_type',
    'entity_id',
    'office_id',
    'ip',
    'summary',
  ]).start();
  for (const row of batch) {
    const id = String(nextId);
    nextId += 1;
    await copy.write([id, ...row]);
    const [occurredAt, actorUserId, actorEmail, action, entityType, entityId, officeId, ip, summary] = row;
    // As CHAIN_COLUMNS reads it: microseconds (the ISO string has milliseconds), text, no user agent or request id.
    const hash = legacyChainHash(prev, {
      id,
      occurredAt: `${occurredAt.slice(0, 23)}000Z`,
      actorUserId,
      actorEmail,
      action,
      entityType,
      entityId,
      officeId,
      ip,
      userAgent: null,
      requestId: null,
      summary,
    });
    position += 1;
    seals.push([position, id, tx.id, prev, hash]);
    prev = hash;
  }
  await copy.end();
  await db.query('COMMIT');
}
await insertRows('audit_seals', ['position', 'audit_id', 'audit_tx_id', 'prev_hash', 'hash'], ['bigint', 'bigint', 'bigint', 'text', 'text'], seals);
log(`${AUDIT} audit rows, sealed`);
await background;

// The other tables' indexes and keys, two tables at a time (largest first), then the foreign keys.
const sizes = new Map(
  (await db.query(`SELECT relname AS name, pg_relation_size(oid) AS size FROM pg_class WHERE oid = ANY($1::regclass[])`, [LOADED])).rows.map((r) => [
    r.name,
    Number(r.size),
  ]),
);
const rest = LOADED.filter((table) => pending.some((b) => b.table === table)).sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
await Promise.all(
  side.map(async (client) => {
    for (let table = rest.shift(); table; table = rest.shift()) await buildIndexes(client, table);
  }),
);
if (pending.length) throw new Error(`Not rebuilt: ${pending.map((b) => b.name).join(', ')}`);
log(`${indexes.length} indexes and ${keys.length} keys`);
for (const fk of foreignKeys) await db.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
log(`${foreignKeys.length} foreign keys`);
await db.query(`ALTER TABLE cases ENABLE TRIGGER cases_search_tsv`);
await db.query(`ALTER TABLE contacts ENABLE TRIGGER contacts_notes_tsv`);
await db.query(`ALTER TABLE contacts ENABLE TRIGGER contacts_case_search`);
await db.query(`ALTER TABLE contacts ENABLE TRIGGER contacts_dashboard_insert`);
await db.query(`ALTER TABLE telephony_calls ENABLE TRIGGER telephony_calls_dashboard_insert`);
// VACUUM ANALYZE, table by table on the three connections (the tables loaded with FREEZE are
// already all-visible and frozen: vacuum skips their pages).
const tables = (
  await db.query(`SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY pg_relation_size(oid) DESC, relname`)
).rows.map((r) => r.relname);
await Promise.all(
  [db, ...side].map(async (client) => {
    for (let table = tables.shift(); table; table = tables.shift()) await client.query(`VACUUM ANALYZE ${table}`);
  }),
);
log(
  `done: ${CONTACTS} contacts (${calls} calls, ${callbacks.length} callbacks), ${PEOPLE} people, ${CASES} cases (${referrals.length} referrals), ${AUDIT} audit rows in ${dbName}`,
);
await db.end();
for (const client of side) await client.end();
