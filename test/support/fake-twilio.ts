// A stand-in for Twilio's REST API (2010-04-01) on loopback, for the parts Mayak calls:
// create a call, update a call (new TwiML or Status=completed), send a message, fetch a
// recording's media (.mp3) and delete a recording. It checks
// HTTP Basic auth like Twilio, answers Twilio-shaped JSON resources and Twilio's error
// shape ({ code, message, more_info, status }), and records every request it receives.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeTwilioRequest = { method: string; path: string; form: Record<string, string | string[]> };

export type FakeTwilioFailure = { status: number; code: number; message: string };

export interface FakeTwilio {
  /** Base URL to give TwilioProvider as apiBaseUrl, e.g. http://127.0.0.1:41234 */
  url: string;
  accountSid: string;
  authToken: string;
  /** Every request received, oldest first (including refused ones). */
  requests: FakeTwilioRequest[];
  /** The next request (after authentication) is answered with this Twilio error instead. Queues up. */
  failNext(status: number, code: number, message: string): void;
  /** Makes a call SID known (an inbound call Twilio told us about), so it can be updated. Returns it. */
  addCall(sid?: string): string;
  /** Makes a recording known, with the bytes its .mp3 media returns. Returns its SID. */
  addRecording(bytes: Buffer, sid?: string): string;
  /** Recording SIDs that were deleted. */
  deletedRecordings: string[];
  /**
   * Makes a message's media known, served as Twilio does: the API address (with the account's
   * credentials) redirects to a storage address (without them). Returns its MediaUrl.
   */
  addMedia(bytes: Buffer, contentType: string): string;
  /** Media SIDs that were deleted. */
  deletedMedia: string[];
  /** Requests to the storage address that carried credentials (Twilio's storage never needs them). */
  mediaFetchesWithCredentials: number;
  /** Requests to the storage address so far. */
  mediaFetches: number;
  /** Holds every media download until the returned function is called. */
  stallMedia(): () => void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

const API = '/2010-04-01';

function hex32(): string {
  return randomBytes(16).toString('hex');
}

/** Twilio's date format: RFC 2822, e.g. "Mon, 23 Nov 2026 15:36:50 +0000". */
function rfc2822(date = new Date()): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function errorBody(status: number, code: number, message: string): Json {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function parseForm(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = form[key];
    if (existing === undefined) form[key] = value;
    else form[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return form;
}

function first(form: Record<string, string | string[]>, key: string): string | undefined {
  const value = form[key];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function credentials(req: IncomingMessage): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startFakeTwilio(options?: {
  accountSid?: string;
  authToken?: string;
  /** Failures to answer the first requests with, in order. */
  failNext?: FakeTwilioFailure | FakeTwilioFailure[];
}): Promise<FakeTwilio> {
  const accountSid = options?.accountSid ?? `AC${hex32()}`;
  const authToken = options?.authToken ?? hex32();
  const requests: FakeTwilioRequest[] = [];
  const failures: FakeTwilioFailure[] = options?.failNext ? ([] as FakeTwilioFailure[]).concat(options.failNext) : [];
  const calls = new Map<string, Json>();
  const recordings = new Map<string, Buffer>();
  const deletedRecordings: string[] = [];
  const media = new Map<string, { bytes: Buffer; contentType: string }>();
  const deletedMedia: string[] = [];
  let mediaFetchesWithCredentials = 0;
  let mediaFetches = 0;
  let mediaGate: Promise<void> | null = null;
  const accountPath = `${API}/Accounts/${accountSid}`;

  function callResource(sid: string, fields: { to: string; from: string; status: string }): Json {
    const now = rfc2822();
    const uri = `${accountPath}/Calls/${sid}.json`;
    return {
      sid,
      account_sid: accountSid,
      parent_call_sid: null,
      date_created: now,
      date_updated: now,
      to: fields.to,
      to_formatted: fields.to,
      from: fields.from,
      from_formatted: fields.from,
      phone_number_sid: null,
      status: fields.status,
      start_time: null,
      end_time: null,
      duration: null,
      price: null,
      price_unit: 'USD',
      direction: 'outbound-api',
      answered_by: null,
      api_version: '2010-04-01',
      forwarded_from: null,
      group_sid: null,
      caller_name: null,
      queue_time: '0',
      trunk_sid: null,
      uri,
      subresource_uris: {
        notifications: uri.replace(/\.json$/, '/Notifications.json'),
        recordings: uri.replace(/\.json$/, '/Recordings.json'),
        events: uri.replace(/\.json$/, '/Events.json'),
      },
    };
  }

  function messageResource(form: Record<string, string | string[]>): Json {
    const sid = `SM${hex32()}`;
    const now = rfc2822();
    const uri = `${accountPath}/Messages/${sid}.json`;
    return {
      sid,
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: first(form, 'Body'),
      date_created: now,
      date_updated: now,
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: first(form, 'From'),
      messaging_service_sid: null,
      num_media: String([form.MediaUrl ?? []].flat().length),
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      status: 'queued',
      to: first(form, 'To'),
      uri,
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    };
  }

  function route(method: string, path: string, form: Record<string, string | string[]>): { status: number; body: Json } {
    const fail = (status: number, code: number, message: string) => ({ status, body: errorBody(status, code, message) });
    const notFound = () => fail(404, 20404, `The requested resource ${path} was not found`);

    const callsMatch = path === `${accountPath}/Calls.json`;
    const callPrefix = `${accountPath}/Calls/`;
    const callSid = path.startsWith(callPrefix) && path.endsWith('.json') ? path.slice(callPrefix.length, -'.json'.length) : undefined;
    const callMatch = callSid !== undefined && callSid !== '' && !callSid.includes('/') ? callSid : undefined;
    const messagesMatch = path === `${accountPath}/Messages.json`;
    if (!callsMatch && !callMatch && !messagesMatch) return notFound();
    if (method !== 'POST') return fail(405, 20004, 'Method not allowed');

    const failure = failures.shift();
    if (failure) return fail(failure.status, failure.code, failure.message);

    if (callsMatch) {
      const to = first(form, 'To');
      const from = first(form, 'From');
      if (!to) return fail(400, 21201, "No 'To' number is specified");
      if (!from) return fail(400, 21213, "No 'From' number is specified");
      if (!first(form, 'Twiml') && !first(form, 'Url') && !first(form, 'ApplicationSid')) return fail(400, 21205, 'Url parameter is required.');
      const call = callResource(`CA${hex32()}`, { to, from, status: 'queued' });
      calls.set(call.sid as string, call);
      return { status: 201, body: call };
    }

    if (callMatch) {
      const call = calls.get(callMatch);
      if (!call) return notFound();
      if (call.status === 'completed' || call.status === 'canceled') return fail(400, 21220, 'Call is not in-progress. Cannot redirect.');
      const status = first(form, 'Status');
      if (status !== undefined && status !== 'completed' && status !== 'canceled') return fail(400, 21218, `Invalid Status: ${status}`);
      if (status === undefined && !first(form, 'Twiml') && !first(form, 'Url')) return fail(400, 21205, 'Url parameter is required.');
      const updated: Json = { ...call, status: status ?? 'in-progress', date_updated: rfc2822() };
      calls.set(callMatch, updated);
      return { status: 200, body: updated };
    }

    const to = first(form, 'To');
    if (!to) return fail(400, 21604, "A 'To' phone number is required.");
    if (!first(form, 'From') && !first(form, 'MessagingServiceSid')) return fail(400, 21603, "A 'From' phone number is required.");
    if (!first(form, 'Body') && !first(form, 'MediaUrl') && !first(form, 'ContentSid')) return fail(400, 21602, 'Message body is required.');
    return { status: 201, body: messageResource(form) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://fake-twilio').pathname;
    const raw = await readBody(req);
    const form = parseForm(raw);
    requests.push({ method, path, form });

    const send = (status: number, body: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };

    // The storage address a media URL redirects to: no credentials needed (nor wanted).
    const stored = /^\/media-storage\/(ME[0-9a-f]{32})$/.exec(path);
    if (stored && method === 'GET') {
      if (req.headers.authorization) mediaFetchesWithCredentials += 1;
      mediaFetches += 1;
      if (mediaGate) await mediaGate;
      const file = media.get(stored[1]);
      if (!file) return send(404, errorBody(404, 20404, 'Not found'));
      res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length) });
      res.end(file.bytes);
      return;
    }
    const who = credentials(req);
    if (!who || who.user !== accountSid || who.password !== authToken) {
      send(401, errorBody(401, 20003, 'Authenticate'), { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
      return;
    }
    // Recordings: the media (GET .../Recordings/RE....mp3) and the resource (DELETE .../Recordings/RE....json).
    const recording = new RegExp(`^${accountPath}/Recordings/(RE[0-9a-f]{32})\\.(mp3|json)$`).exec(path);
    if (recording) {
      const [, sid, extension] = recording;
      const bytes = recordings.get(sid);
      if (!bytes) return send(404, errorBody(404, 20404, `The requested resource ${path} was not found`));
      if (method === 'GET' && extension === 'mp3') {
        res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': String(bytes.length) });
        res.end(bytes);
        return;
      }
      if (method === 'DELETE' && extension === 'json') {
        recordings.delete(sid);
        deletedRecordings.push(sid);
        res.writeHead(204);
        res.end();
        return;
      }
      return send(405, errorBody(405, 20004, 'Method not allowed'));
    }
    // A message's media: GET redirects to storage; DELETE (the .json resource) removes it.
    const mediaMatch = new RegExp(`^${accountPath}/Messages/((?:MM|SM)[0-9a-f]{32})/Media/(ME[0-9a-f]{32})(\\.json)?$`).exec(path);
    if (mediaMatch) {
      const [, , mediaSid, json] = mediaMatch;
      if (!media.has(mediaSid)) return send(404, errorBody(404, 20404, `The requested resource ${path} was not found`));
      if (method === 'GET' && !json) {
        res.writeHead(307, { Location: `/media-storage/${mediaSid}` });
        res.end();
        return;
      }
      if (method === 'DELETE' && json) {
        media.delete(mediaSid);
        deletedMedia.push(mediaSid);
        res.writeHead(204);
        res.end();
        return;
      }
      return send(405, errorBody(405, 20004, 'Method not allowed'));
    }
    const { status, body } = route(method, path, form);
    send(status, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(errorBody(500, 20500, 'Internal Server Error')));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    failNext(status: number, code: number, message: string) {
      failures.push({ status, code, message });
    },
    deletedRecordings,
    deletedMedia,
    get mediaFetchesWithCredentials() {
      return mediaFetchesWithCredentials;
    },
    get mediaFetches() {
      return mediaFetches;
    },
    stallMedia() {
      let release: () => void = () => undefined;
      mediaGate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        mediaGate = null;
        release();
      };
    },
    addMedia(bytes: Buffer, contentType: string) {
      const messageSid = `MM${hex32()}`;
      const mediaSid = `ME${hex32()}`;
      media.set(mediaSid, { bytes, contentType });
      return `https://api.twilio.com${accountPath}/Messages/${messageSid}/Media/${mediaSid}`;
    },
    addRecording(bytes: Buffer, sid = `RE${hex32()}`) {
      recordings.set(sid, bytes);
      return sid;
    },
    addCall(sid = `CA${hex32()}`) {
      calls.set(sid, { ...callResource(sid, { to: '', from: '', status: 'in-progress' }), direction: 'inbound' });
      return sid;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
