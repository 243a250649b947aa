// Plays the telephone network against a running Mayak API: the webhooks Twilio would send for
// an incoming call or text, signed the way Twilio signs them (the twilio library's own
// getExpectedTwilioSignature over PUBLIC_URL + path + query and the POSTed form), in the
// order Twilio sends them, following the URLs the API's TwiML gives. Used by the CLI
// (tools/simulate/cli.mjs, `npm run simulate`) and by the telephony benchmarks.
//
// Loopback HTTP only; nothing here talks to Twilio.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { getExpectedTwilioSignature } = require('twilio');

/** Where Twilio posts (the API's webhook controller), relative to PUBLIC_URL. */
export const WEBHOOK_BASE_PATH = '/api/v1/telephony/twilio';
/** Configured on the phone number in Twilio's console, not in TwiML: the voice status callback. */
export const STATUS_CALLBACK_PATH = `${WEBHOOK_BASE_PATH}/voice/status`;
export const DEV_TOKEN = 'mayak-local-telephony-token';
export const DEFAULT_HOTLINE_NUMBER = '+77000011616';
/** Twilio gives up on a webhook that has not answered in 15 s (error 11200). */
export const WEBHOOK_TIMEOUT_MS = 15_000;
export const MAX_WAIT_SECONDS = 600;

const defaultAgents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

/** A Twilio-shaped SID: two-letter prefix and 32 lowercase hex digits. */
export function sid(prefix) {
  if (!/^[A-Z]{2}$/.test(prefix)) throw new Error(`A SID prefix is two capital letters, got "${prefix}"`);
  return prefix + randomBytes(16).toString('hex');
}

/** The same queue always has the same QueueSid, as on Twilio. */
function queueSid(accountSid, queueName) {
  return `QU${createHash('sha256').update(`${accountSid}:${queueName}`).digest('hex').slice(0, 32)}`;
}

/** RFC 2822, as Twilio's `Timestamp` parameter. */
function twilioTimestamp(date = new Date()) {
  return date.toUTCString().replace('GMT', '+0000');
}

export function defaultToken(env = process.env) {
  return env.TWILIO_AUTH_TOKEN || env.TELEPHONY_DEV_TOKEN || DEV_TOKEN;
}

export function defaultHotlineNumber(env = process.env) {
  return env.TELEPHONY_HOTLINE_NUMBER || DEFAULT_HOTLINE_NUMBER;
}

function trimSlash(url) {
  return String(url).replace(/\/+$/, '');
}

/**
 * POSTs `params` form-encoded to `baseUrl + path`, signed as Twilio signs a request for
 * `publicUrl + path` (the address the API believes it is reached at: its PUBLIC_URL).
 * `path` starts with "/" and carries its query string. Resolves with the answer whatever
 * its status; rejects only if there was no answer (connection refused, 15 s timeout).
 */
export function signedPost(baseUrl, publicUrl, token, path, params, options = {}) {
  if (!path.startsWith('/')) throw new Error(`path must start with "/", got "${path}"`);
  const stringParams = Object.fromEntries(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, String(v)]),
  );
  const signedUrl = trimSlash(publicUrl) + path;
  const signature = getExpectedTwilioSignature(token, signedUrl, stringParams);
  const body = new URLSearchParams(stringParams).toString();
  const target = new URL(trimSlash(baseUrl) + path);
  const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
  if (!transport) throw new Error(`Only http(s) base URLs, got ${target.protocol}`);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const request = transport.request(target, {
      method: 'POST',
      agent: options.agent ?? defaultAgents[target.protocol],
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'x-twilio-signature': signature,
        // What Twilio sends; I-Twilio-Idempotency-Token and friends are not needed by the API.
        'user-agent': 'TwilioProxy/1.1',
        accept: '*/*',
      },
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms (Twilio would give up: error 11200)`)));
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const status = response.statusCode ?? 0;
        resolve({
          path,
          url: signedUrl,
          status,
          ok: status >= 200 && status < 300,
          ms,
          contentType: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    request.end(body);
  });
}

// ---- TwiML ---------------------------------------------------------------------------------

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/**
 * A small reader for the TwiML the API answers with: elements with their attributes, text
 * and children. Returns the <Response> element, or null when the body is not TwiML.
 */
export function parseTwiml(xml) {
  const root = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const token = /<\?[^>]*\?>|<!--[\s\S]*?-->|<\/\s*([A-Za-z][\w:-]*)\s*>|<([A-Za-z][\w:-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let match;
  while ((match = token.exec(xml))) {
    const [, closing, opening, attributeText, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (closing) {
      if (top.name !== closing) return null;
      stack.pop();
    } else if (opening) {
      const attributes = {};
      for (const a of attributeText.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[a[1]] = decodeXml(a[2] ?? a[3] ?? '');
      const element = { name: opening, attributes, children: [], text: '' };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (text && text.trim()) {
      top.text += decodeXml(text.trim());
    }
  }
  const response = root.children.find((c) => c.name === 'Response');
  return stack.length === 1 && response ? response : null;
}

/** Every element under <Response>, depth first, as [element, parent]. */
function* walk(element, parent = null) {
  for (const child of element.children) {
    yield [child, parent ?? element];
    yield* walk(child, child);
  }
}

export function findVerb(response, name) {
  if (!response) return null;
  for (const [element] of walk(response)) if (element.name === name) return element;
  return null;
}

/** One line per TwiML document: Gather(action=/…/voice/language) [Say ru-RU "…", …], Redirect. */
export function describeTwiml(response, publicUrl) {
  if (!response) return '(no TwiML)';
  if (!response.children.length) return '<Response/> (empty)';
  const shortUrl = (url) => (publicUrl && url.startsWith(publicUrl) ? url.slice(trimSlash(publicUrl).length) : url);
  const one = (e) => {
    const bits = [];
    for (const key of ['action', 'waitUrl', 'url', 'numDigits', 'timeout', 'length', 'language', 'callerId']) {
      if (e.attributes[key] !== undefined) bits.push(`${key}=${/url$|^action$/i.test(key) ? shortUrl(e.attributes[key]) : e.attributes[key]}`);
    }
    let text = e.text ? (e.text.length > 40 ? `${e.text.slice(0, 37)}…` : e.text) : '';
    if (['Redirect', 'Play'].includes(e.name) && text) text = shortUrl(e.text);
    const head = `${e.name}${bits.length ? `(${bits.join(', ')})` : ''}${text ? ` "${text}"` : ''}`;
    return e.children.length ? `${head} [${e.children.map(one).join(', ')}]` : head;
  };
  return response.children.map(one).join(', ');
}

/**
 * Turns a URL from TwiML into the path to POST (Twilio calls exactly that URL and signs it).
 * The API must point at its PUBLIC_URL; a relative URL resolves against the request's.
 */
function pathOf(url, publicUrl, label) {
  if (!url) throw new SimulationError(`the TwiML has no ${label} URL`);
  const base = trimSlash(publicUrl);
  if (url.startsWith(`${base}/`)) return url.slice(base.length);
  if (url.startsWith('/')) return url;
  throw new SimulationError(`the TwiML's ${label} URL ${url} is not under PUBLIC_URL ${base}: Twilio would call somewhere else`);
}

export class SimulationError extends Error {
  constructor(message, step) {
    super(message);
    this.name = 'SimulationError';
    this.step = step;
  }
}

function sleep(ms, signal) {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

// ---- scenarios -------------------------------------------------------------------------------

/** Options every scenario shares: where the API is, what it believes its address is, the token it checks. */
function target(options) {
  const baseUrl = trimSlash(options.baseUrl);
  return {
    baseUrl,
    publicUrl: trimSlash(options.publicUrl ?? baseUrl),
    token: options.token ?? defaultToken(),
    agent: options.agent,
    timeoutMs: options.timeoutMs,
  };
}

/** Sends one signed webhook, records it as a step, and fails the scenario on anything but 2xx. */
async function step(t, steps, label, path, params, log) {
  let result;
  try {
    result = await signedPost(t.baseUrl, t.publicUrl, t.token, path, params, { agent: t.agent, timeoutMs: t.timeoutMs });
  } catch (error) {
    const failed = { label, path, status: 0, ok: false, ms: NaN, error: error.message, twiml: null };
    steps.push(failed);
    log?.(failed, t);
    throw new SimulationError(`POST ${path}: ${error.message}`, failed);
  }
  const twiml = /xml/.test(result.contentType) || result.body.trimStart().startsWith('<') ? parseTwiml(result.body) : null;
  const record = { label, path, status: result.status, ok: result.ok, ms: result.ms, twiml, body: result.ok ? undefined : result.body };
  steps.push(record);
  log?.(record, t);
  if (!result.ok) {
    const hint =
      result.status === 403
        ? ` (signature refused: signed for ${t.publicUrl} with ${t.token === DEV_TOKEN ? 'the development token' : 'the given token'}; the API checks it against its own PUBLIC_URL, http://localhost:$PORT when unset, and its token: pass --public-url / --token)`
        : '';
    throw new SimulationError(`POST ${path} answered ${result.status}${hint}: ${result.body.slice(0, 500)}`, record);
  }
  return record;
}

/**
 * An incoming call, as Twilio runs it: the call arrives (language menu), the caller presses
 * `digits` (or nothing), waits in the queue `wait` seconds hearing the hold message (Twilio
 * fetches it again each time it has played), and with `hangup` hangs up there: the queue's
 * action hears `hangup`, then the final status callback. Without `hangup` the caller is left
 * waiting for an operator (end it with `endCall` once they have answered).
 *
 * Outside opening hours the line may answer with its closed message, forward the call, or
 * record a voicemail (the recording and its status callback are sent as Twilio would). While
 * waiting, when the hold document offers a choice (<Gather>), `press` ('1' callback, '2'
 * voicemail) is pressed.
 *
 * Options: baseUrl, publicUrl, token, from, to, digits (one menu key, '1' to '6' in the default menu, or '' for silence),
 * wait (seconds, 0..600), hangup, press, menuDelayMs (how long the caller listens before pressing),
 * callSid, accountSid, agent, signal (an AbortSignal that cuts the wait short), log(step, target).
 * Resolves { callSid, accountSid, steps, outcome }; rejects with a SimulationError on any non-2xx.
 */
export async function simulateCall(options) {
  const t = target(options);
  const wait = Number(options.wait ?? 0);
  if (!Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_SECONDS)
    throw new SimulationError(`wait must be between 0 and ${MAX_WAIT_SECONDS} seconds, got ${options.wait}`);
  const callSid = options.callSid ?? sid('CA');
  const accountSid = options.accountSid ?? sid('AC');
  const from = options.from;
  const to = options.to ?? defaultHotlineNumber();
  const digits = options.digits ?? '1';
  const log = options.log;
  const steps = [];
  const started = Date.now();
  const common = { AccountSid: accountSid, ApiVersion: '2010-04-01', CallSid: callSid, Called: to, Caller: from, Direction: 'inbound', From: from, To: to };
  const duration = () => String(Math.max(1, Math.round((Date.now() - started) / 1000)));
  const result = { callSid, accountSid, steps, outcome: 'waiting' };

  // 1. The call arrives.
  const arrived = await step(t, steps, 'incoming call', `${WEBHOOK_BASE_PATH}/voice`, { ...common, CallStatus: 'ringing' }, log);
  const gather = findVerb(arrived.twiml, 'Gather');
  if (!gather) {
    // Outside opening hours: a voicemail, a forward, or the closed message.
    const record = findVerb(arrived.twiml, 'Record');
    if (record) {
      await leaveVoicemail(t, steps, record, common, accountSid, log);
      result.outcome = 'left a voicemail (after hours)';
    } else if (findVerb(arrived.twiml, 'Dial')) result.outcome = 'forwarded (after hours)';
    else if (findVerb(arrived.twiml, 'Hangup')) result.outcome = 'told the line is closed (callback owed)';
    else throw new SimulationError('the answer to an incoming call has no <Gather> language menu', arrived);
    if (result.outcome !== 'forwarded (after hours)')
      await step(
        t,
        steps,
        'call completed',
        STATUS_CALLBACK_PATH,
        {
          ...common,
          CallStatus: 'completed',
          CallDuration: duration(),
          Timestamp: twilioTimestamp(),
          SequenceNumber: '0',
          CallbackSource: 'call-progress-events',
        },
        log,
      );
    return result;
  }

  // 2. The caller listens to the menu and presses a key (or nothing: Gather posts an empty result).
  await sleep(options.menuDelayMs ?? 0, options.signal);
  const chosen = await step(
    t,
    steps,
    digits ? `pressed ${digits}` : 'pressed nothing',
    pathOf(gather.attributes.action, t.publicUrl, '<Gather> action'),
    {
      ...common,
      CallStatus: 'in-progress',
      ...(digits ? { Digits: digits, FinishedOnKey: '' } : { Digits: '' }),
    },
    log,
  );
  const enqueue = findVerb(chosen.twiml, 'Enqueue');
  if (!enqueue) {
    if (findVerb(chosen.twiml, 'Hangup')) result.outcome = 'hung up by the API';
    else throw new SimulationError('the answer to the language choice has no <Enqueue>', chosen);
    return result;
  }
  const queueName = enqueue.text;
  const queue = { QueueSid: queueSid(accountSid, queueName), CurrentQueueSize: '1', QueuePosition: '1', AvgQueueTime: '0' };
  const actionPath = pathOf(enqueue.attributes.action, t.publicUrl, '<Enqueue> action');
  const enqueuedAt = Date.now();
  const queueTime = () => String(Math.round((Date.now() - enqueuedAt) / 1000));

  // 3. In the queue: Twilio fetches the wait document, plays it, and fetches it again.
  const waitPath = enqueue.attributes.waitUrl ? pathOf(enqueue.attributes.waitUrl, t.publicUrl, '<Enqueue> waitUrl') : null;
  const until = enqueuedAt + wait * 1000;
  let left = false;
  while (waitPath && !options.signal?.aborted) {
    const held = await step(t, steps, `on hold ${queueTime()} s`, waitPath, { ...common, CallStatus: 'in-progress', ...queue, QueueTime: queueTime() }, log);
    if (findVerb(held.twiml, 'Leave')) {
      left = true;
      break;
    }
    // Offered a callback or a voicemail: the caller presses `press`.
    const offer = findVerb(held.twiml, 'Gather');
    if (offer && options.press) {
      const choice = await step(
        t,
        steps,
        `pressed ${options.press}`,
        pathOf(offer.attributes.action, t.publicUrl, 'offer <Gather> action'),
        { ...common, CallStatus: 'in-progress', ...queue, QueueTime: queueTime(), Digits: options.press },
        log,
      );
      if (findVerb(choice.twiml, 'Leave')) {
        left = true;
        break;
      }
    }
    if (Date.now() >= until) break;
    // The hold message is played (its <Pause> lengths; a recording's length is unknown: 10 s), then asked for again.
    const pause = held.twiml ? [...walk(held.twiml)].filter(([e]) => e.name === 'Pause').reduce((s, [e]) => s + Number(e.attributes.length ?? 1), 0) : 0;
    await sleep(Math.min((pause || 10) * 1000, until - Date.now()), options.signal);
    if (Date.now() >= until) break;
  }

  if (left) {
    // The API sent the caller out of the queue after its longest wait: the queue's action, then the call ends.
    const after = await step(
      t,
      steps,
      'left the queue',
      actionPath,
      { ...common, CallStatus: 'in-progress', ...queue, QueueResult: 'leave', QueueTime: queueTime() },
      log,
    );
    const record = findVerb(after.twiml, 'Record');
    if (record) await leaveVoicemail(t, steps, record, common, accountSid, log);
    await step(
      t,
      steps,
      'call completed',
      STATUS_CALLBACK_PATH,
      {
        ...common,
        CallStatus: 'completed',
        CallDuration: duration(),
        Timestamp: twilioTimestamp(),
        SequenceNumber: '0',
        CallbackSource: 'call-progress-events',
      },
      log,
    );
    result.outcome = record ? 'left a voicemail (callback owed)' : findVerb(after.twiml, 'Hangup') ? 'sent away (callback owed)' : 'left the queue';
    return result;
  }
  if (!options.hangup) return result;

  // 4. The caller gives up: the queue's action hears why, then the final status callback.
  await step(
    t,
    steps,
    'caller hung up in the queue',
    actionPath,
    { ...common, CallStatus: 'completed', ...queue, QueueResult: 'hangup', QueueTime: queueTime() },
    log,
  );
  await step(
    t,
    steps,
    'call completed',
    STATUS_CALLBACK_PATH,
    { ...common, CallStatus: 'completed', CallDuration: duration(), Timestamp: twilioTimestamp(), SequenceNumber: '0', CallbackSource: 'call-progress-events' },
    log,
  );
  result.outcome = 'abandoned in the queue';
  return result;
}

/**
 * The caller speaks after the tone (a few seconds, then #): the <Record> action, then the
 * recording status callback Twilio sends once the recording is ready (its URL under this
 * account; the local adapter makes up the audio when the worker fetches it).
 */
async function leaveVoicemail(t, steps, record, common, accountSid, log) {
  const recordingSid = sid('RE');
  const recording = {
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`,
    RecordingDuration: '8',
  };
  await step(
    t,
    steps,
    'recorded a message',
    pathOf(record.attributes.action, t.publicUrl, '<Record> action'),
    { ...common, CallStatus: 'in-progress', ...recording, Digits: '#' },
    log,
  );
  if (record.attributes.recordingStatusCallback) {
    await step(
      t,
      steps,
      'recording ready',
      pathOf(record.attributes.recordingStatusCallback, t.publicUrl, '<Record> recordingStatusCallback'),
      {
        AccountSid: accountSid,
        CallSid: common.CallSid,
        ...recording,
        RecordingStatus: 'completed',
        RecordingChannels: '1',
        RecordingSource: 'RecordVerb',
      },
      log,
    );
  }
}

/**
 * The end of a call an operator answered: the operator's leg of the <Dial> the API put the
 * call through with completes (its action: `/voice/dial-result`, with `callId` when known),
 * then the call's final status callback with its duration. `dialResult: false` sends the
 * status callback only.
 */
export async function endCall(options) {
  const t = target(options);
  if (!/^CA[0-9a-f]{32}$/.test(options.callSid ?? '')) throw new SimulationError(`a CallSid is CA followed by 32 hex digits, got "${options.callSid}"`);
  const durationSeconds = Number(options.duration ?? 60);
  if (!Number.isInteger(durationSeconds) || durationSeconds < 0 || durationSeconds > 86_400)
    throw new SimulationError(`duration must be whole seconds, got ${options.duration}`);
  const accountSid = options.accountSid ?? sid('AC');
  const to = options.to ?? defaultHotlineNumber();
  const common = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: options.callSid,
    Called: to,
    Direction: 'inbound',
    To: to,
    ...(options.from ? { From: options.from, Caller: options.from } : {}),
  };
  const steps = [];
  if (options.dialResult !== false) {
    const query = options.callId ? `?${new URLSearchParams({ call: options.callId })}` : '';
    await step(
      t,
      steps,
      'operator leg completed',
      `${WEBHOOK_BASE_PATH}/voice/dial-result${query}`,
      {
        ...common,
        CallStatus: 'in-progress',
        DialCallSid: sid('CA'),
        DialCallStatus: 'completed',
        DialCallDuration: String(durationSeconds),
        DialBridged: 'true',
      },
      options.log,
    );
  }
  await step(
    t,
    steps,
    'call completed',
    STATUS_CALLBACK_PATH,
    {
      ...common,
      CallStatus: 'completed',
      CallDuration: String(durationSeconds),
      Timestamp: twilioTimestamp(),
      SequenceNumber: '0',
      CallbackSource: 'call-progress-events',
    },
    options.log,
  );
  return { callSid: options.callSid, accountSid, steps };
}

/** An incoming text message. Options: baseUrl, publicUrl, token, from, to, body, messageSid, accountSid, agent, log. */
export async function simulateSms(options) {
  const t = target(options);
  const messageSid = options.messageSid ?? sid('SM');
  const accountSid = options.accountSid ?? sid('AC');
  const to = options.to ?? defaultHotlineNumber();
  const body = String(options.body ?? '');
  if (body.length > 1600) throw new SimulationError('Twilio delivers at most 1,600 characters per message');
  const steps = [];
  await step(
    t,
    steps,
    'text received',
    `${WEBHOOK_BASE_PATH}/sms`,
    {
      AccountSid: accountSid,
      ApiVersion: '2010-04-01',
      Body: body,
      From: options.from,
      MessageSid: messageSid,
      NumMedia: '0',
      NumSegments: String(Math.max(1, Math.ceil(body.length / 70))),
      SmsMessageSid: messageSid,
      SmsSid: messageSid,
      SmsStatus: 'received',
      To: to,
    },
    options.log,
  );
  return { messageSid, accountSid, steps };
}

/**
 * An incoming WhatsApp message, as Twilio posts it to the same messaging webhook: `whatsapp:`
 * addresses, the sender's profile name and WhatsApp id, and optionally one attachment or a
 * shared location. Options: those of simulateSms, plus name, mediaType, mediaUrl, latitude,
 * longitude, address.
 */
export async function simulateWhatsApp(options) {
  const t = target(options);
  const messageSid = options.messageSid ?? sid(options.mediaType ? 'MM' : 'SM');
  const accountSid = options.accountSid ?? sid('AC');
  const to = options.to ?? defaultHotlineNumber();
  const body = String(options.body ?? '');
  if (body.length > 4096) throw new SimulationError('WhatsApp messages hold at most 4,096 characters');
  const waId = String(options.from).replace(/^\+/, '');
  const form = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    Body: body,
    From: `whatsapp:${options.from}`,
    To: `whatsapp:${to}`,
    MessageSid: messageSid,
    SmsMessageSid: messageSid,
    SmsSid: messageSid,
    SmsStatus: 'received',
    NumSegments: '1',
    ReferralNumMedia: '0',
    WaId: waId,
    ProfileName: options.name ?? 'WhatsApp user',
    MessageType: options.mediaType ? options.mediaType.split('/')[0] : options.latitude ? 'location' : 'text',
    ChannelMetadata: JSON.stringify({ type: 'whatsapp', data: { context: { ProfileName: options.name ?? 'WhatsApp user', WaId: waId } } }),
    NumMedia: options.mediaType ? '1' : '0',
  };
  if (options.mediaType) {
    form.MediaContentType0 = options.mediaType;
    form.MediaUrl0 = options.mediaUrl ?? `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}/Media/${sid('ME')}`;
  }
  if (options.latitude !== undefined) {
    form.Latitude = String(options.latitude);
    form.Longitude = String(options.longitude);
    if (options.address) form.Address = options.address;
  }
  const steps = [];
  await step(t, steps, 'WhatsApp message received', `${WEBHOOK_BASE_PATH}/sms`, form, options.log);
  return { messageSid, accountSid, steps };
}
