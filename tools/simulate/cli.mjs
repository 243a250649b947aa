#!/usr/bin/env node
// Plays Twilio (and Telegram) against a running Mayak API (npm start, or dist/apps/api/main.js), over HTTP:
//
//   npm run simulate -- call --from +77011234567 [--to +77000011616] [--digits 1] [--wait 5] [--hangup]
//   npm run simulate -- sms  --from +77011234567 --body "Здравствуйте, нужна помощь"
//   npm run simulate -- telegram --from-id 700100200 --name "Дильноза К." --body "Здравствуйте" [--photo] [--share-phone +77011234567]
//   npm run simulate -- whatsapp --from +996555123456 --body "Салам" [--name Айбек] [--media-type image/jpeg] [--lat 43.2 --lon 76.9]
//   npm run simulate -- webchat --body "Мне нужна помощь" [--lang ru] [--phone +77011234567] [--wait 30] [--end]
//   npm run simulate -- end  --call-sid CA… [--duration 60] [--call-id <uuid>]
//
// Common options: --url (where the API listens; default http://127.0.0.1:$PORT or 3000),
// --public-url (the API's PUBLIC_URL, which the signature covers; default $PUBLIC_URL, else
// the --url, else http://localhost:$PORT, the API's own default), --token (default
// $TWILIO_AUTH_TOKEN, $TELEPHONY_DEV_TOKEN or the local adapter's development token).
// Exits 1 if any webhook is answered with anything but 2xx, 2 on a usage error.
import {
  MAX_WAIT_SECONDS,
  SimulationError,
  defaultHotlineNumber,
  defaultToken,
  describeTwiml,
  endCall,
  simulateCall,
  simulateSms,
  simulateWhatsApp,
} from './twilio-simulator.mjs';
import { simulateTelegram } from './telegram-simulator.mjs';
import { simulateWebchat } from './webchat-simulator.mjs';

const USAGE = `Usage:
  npm run simulate -- call --from <E.164> [--to <line number>] [--digits 1-6|none: ru, kk, en, uz, tg, ky] [--wait <s, max ${MAX_WAIT_SECONDS}>] [--press 1|2] [--hangup] [options]
  npm run simulate -- sms  --from <E.164> --body "<text>" [--to <line number>] [options]
  npm run simulate -- whatsapp --from <E.164> [--body "<text>"] [--name <profile name>] [--media-type <type> [--media-url <url>]] [--lat <deg> --lon <deg> [--address <text>]] [options]
  npm run simulate -- telegram --from-id <user id> [--name "<first last>"] [--body "<text>"] [--photo] [--lat <deg> --lon <deg>] [--share-phone <E.164>] [--secret <webhook secret>]
  npm run simulate -- webchat --body "<text>" [--lang ru|kk|en|uz|tg|ky] [--phone <number>] [--wait <s, max 600>] [--end]
  npm run simulate -- end  --call-sid CA<32 hex> [--duration <s>] [--call-id <call uuid>] [--status-only] [options]
Options: --url <API base, default http://127.0.0.1:\${PORT:-3000}>  --public-url <its PUBLIC_URL>  --token <auth token>  --account-sid AC<32 hex>`;

const FLAGS = new Set(['hangup', 'status-only', 'help', 'photo', 'end']);
const VALUED = new Set([
  'from',
  'to',
  'digits',
  'wait',
  'url',
  'public-url',
  'token',
  'body',
  'call-sid',
  'call-id',
  'duration',
  'account-sid',
  'menu-delay',
  'press',
  'name',
  'media-type',
  'media-url',
  'lat',
  'lon',
  'address',
  'from-id',
  'share-phone',
  'secret',
  'lang',
  'phone',
]);

function usage(message) {
  if (message) console.error(`simulate: ${message}\n`);
  console.error(USAGE);
  process.exit(message ? 2 : 0);
}

function parse(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') usage();
  const options = {};
  for (let i = 0; i < rest.length; i += 1) {
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(rest[i]);
    if (!match) usage(`unexpected argument "${rest[i]}"`);
    const [, name, inline] = match;
    if (FLAGS.has(name)) {
      if (inline !== undefined) usage(`--${name} takes no value`);
      options[name] = true;
    } else if (VALUED.has(name)) {
      const value = inline ?? rest[++i];
      // A value may start with "-" only in --body ("--body -").
      if (value === undefined || (value.startsWith('--') && name !== 'body')) usage(`--${name} needs a value`);
      options[name] = value;
    } else usage(`unknown option --${name}`);
  }
  if (options.help) usage();
  return { command, options };
}

const { command, options } = parse(process.argv.slice(2));
const port = process.env.PORT || '3000';
const baseUrl = options.url ?? `http://127.0.0.1:${port}`;
// The API signs-checks against its PUBLIC_URL, which defaults to http://localhost:$PORT.
const publicUrl = options['public-url'] ?? process.env.PUBLIC_URL ?? options.url ?? `http://localhost:${port}`;
const token = options.token ?? defaultToken();
const to = options.to ?? defaultHotlineNumber();
const accountSid = options['account-sid'] ?? process.env.TWILIO_ACCOUNT_SID ?? undefined;
for (const [name, value] of [
  ['url', baseUrl],
  ['public-url', publicUrl],
]) {
  try {
    const parsed = new URL(value);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error();
  } catch {
    usage(`--${name} must be an absolute http(s) URL, got "${value}"`);
  }
}
if (accountSid !== undefined && !/^AC[0-9a-f]{32}$/i.test(accountSid)) usage('--account-sid is AC followed by 32 hex digits');
const e164 = /^\+[1-9]\d{6,14}$/;
if (!e164.test(to)) usage(`--to must be an E.164 number (+7...), got "${to}"`);

/** One line per webhook: what was sent, the status, the time, and the TwiML verbs that came back. */
function log(step) {
  const status = step.status ? String(step.status) : 'ERR';
  const ms = Number.isFinite(step.ms) ? `${step.ms.toFixed(1)} ms` : '';
  console.log(`→ ${step.label.padEnd(28)} POST ${step.path}`);
  console.log(
    `  ${status} ${ms.padStart(9)}  ${step.error ? step.error : step.ok ? (step.status === 204 ? '(no content)' : describeTwiml(step.twiml, publicUrl)) : (step.body ?? '').slice(0, 300)}`,
  );
}

const shared = { baseUrl, publicUrl, token, to, accountSid, log };
console.log(`API ${baseUrl}, signing for PUBLIC_URL ${publicUrl}, line ${to}`);

try {
  if (command === 'call') {
    if (!options.from || !(e164.test(options.from) || options.from === 'anonymous')) usage('call needs --from <E.164 number> (or "anonymous")');
    const wait = options.wait === undefined ? 5 : Number(options.wait);
    if (!Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_SECONDS) usage(`--wait is seconds between 0 and ${MAX_WAIT_SECONDS}`);
    const digits = options.digits === undefined ? '1' : options.digits === 'none' ? '' : options.digits;
    if (!/^[0-9*#]?$/.test(digits)) usage('--digits is one key (1 to 6 in the default menu) or "none"');
    const menuDelayMs = options['menu-delay'] === undefined ? 0 : Math.min(60_000, Math.max(0, Number(options['menu-delay']) * 1000));
    if (options.press !== undefined && !['1', '2'].includes(options.press))
      usage('--press is 1 (a callback) or 2 (a voicemail), when the waiting caller is offered them');
    const result = await simulateCall({ ...shared, from: options.from, digits, wait, hangup: !!options.hangup, menuDelayMs, press: options.press });
    console.log(`\nCallSid ${result.callSid}: ${result.outcome}`);
    if (result.outcome === 'waiting') {
      console.log('The caller is waiting in the queue. Answer the call in the console, then end it with:');
      console.log(
        `  npm run simulate -- end --call-sid ${result.callSid}${options.url ? ` --url ${baseUrl}` : ''}${options['public-url'] ? ` --public-url ${publicUrl}` : ''}`,
      );
      console.log('(or hang up without an answer: the same command; the API then owes a callback)');
    }
  } else if (command === 'sms') {
    if (!options.from || !e164.test(options.from)) usage('sms needs --from <E.164 number>');
    if (options.body === undefined) usage('sms needs --body "<text>"');
    const result = await simulateSms({ ...shared, from: options.from, body: options.body });
    console.log(`\nMessageSid ${result.messageSid}`);
  } else if (command === 'whatsapp') {
    if (!options.from || !e164.test(options.from)) usage('whatsapp needs --from <E.164 number>');
    if (options.body === undefined && !options['media-type'] && options.lat === undefined) usage('whatsapp needs --body, --media-type or --lat/--lon');
    if (
      (options.lat === undefined) !== (options.lon === undefined) ||
      (options.lat !== undefined && (!Number.isFinite(Number(options.lat)) || !Number.isFinite(Number(options.lon))))
    )
      usage('--lat and --lon go together, in degrees');
    if (options['media-type'] && !/^[a-z]+\/[a-z0-9.+-]+$/i.test(options['media-type'])) usage('--media-type is a media type such as image/jpeg');
    const result = await simulateWhatsApp({
      ...shared,
      from: options.from,
      body: options.body ?? '',
      name: options.name,
      mediaType: options['media-type'],
      mediaUrl: options['media-url'],
      latitude: options.lat,
      longitude: options.lon,
      address: options.address,
    });
    console.log(`\nMessageSid ${result.messageSid}`);
  } else if (command === 'telegram') {
    if (!options['from-id'] || !/^[1-9]\d{0,15}$/.test(options['from-id'])) usage("telegram needs --from-id <the user's numeric id>");
    if (options.body === undefined && !options.photo && options.lat === undefined && !options['share-phone'])
      usage('telegram needs --body, --photo, --lat/--lon or --share-phone');
    if (options['share-phone'] && !e164.test(options['share-phone'])) usage('--share-phone is an E.164 number');
    const result = await simulateTelegram({
      baseUrl,
      secret: options.secret,
      fromId: options['from-id'],
      name: options.name,
      body: options.body,
      photo: !!options.photo,
      latitude: options.lat,
      longitude: options.lon,
      sharePhone: options['share-phone'],
      log: (step) => console.log(`→ ${step.label.padEnd(28)} POST ${step.path}\n  ${step.status}`),
    });
    console.log(`\nupdate_id ${result.updateId}`);
  } else if (command === 'webchat') {
    if (options.body === undefined) usage('webchat needs --body "<text>"');
    if (options.lang && !['ru', 'kk', 'en', 'uz', 'tg', 'ky'].includes(options.lang)) usage('--lang is one of ru, kk, en, uz, tg, ky');
    const wait = options.wait === undefined ? 0 : Number(options.wait);
    if (!Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_SECONDS) usage(`--wait is 0 to ${MAX_WAIT_SECONDS} seconds`);
    console.log('→ web chat: session opened, message sent');
    const result = await simulateWebchat({
      baseUrl,
      language: options.lang,
      body: options.body,
      phone: options.phone,
      waitSeconds: wait,
      end: !!options.end,
      log: (item) => console.log(`← the line: ${item.text}`),
    });
    console.log(`\n${result.answers.length} answer(s) from the line${options.end ? '; chat ended (quick exit)' : ''}`);
  } else if (command === 'end') {
    if (!options['call-sid']) usage('end needs --call-sid CA…');
    if (options['call-id'] && !/^[0-9a-f-]{36}$/i.test(options['call-id'])) usage("--call-id is the call's uuid in Mayak");
    const duration = options.duration === undefined ? 60 : Number(options.duration);
    const result = await endCall({
      ...shared,
      from: options.from,
      callSid: options['call-sid'],
      duration,
      callId: options['call-id'],
      dialResult: !options['status-only'],
    });
    console.log(`\nCallSid ${result.callSid}: completed after ${duration} s`);
  } else usage(`unknown command "${command}"`);
} catch (error) {
  if (error instanceof SimulationError) {
    console.error(`\nsimulate: ${error.message}`);
    process.exit(1);
  }
  if (error?.code === 'ECONNREFUSED' || error?.cause?.code === 'ECONNREFUSED') {
    console.error(`\nsimulate: nothing listens at ${baseUrl} (start the API: npm start)`);
    process.exit(1);
  }
  throw error;
}
