// The telephony adapters without a network: TwilioProvider (the official twilio library) talks
// to a fake Twilio REST API on loopback; LocalProvider records instead of sending. Both check
// webhook signatures with the twilio library, against signatures the library itself produced.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';
import twilio from 'twilio';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProviderError } from '#api/modules/telephony/provider/provider-error';
import type { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { TwilioProvider } from '#api/modules/telephony/provider/twilio-provider';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';

const CLIENT = '+77015550123';
const HOTLINE = '+77270000001';
const SID = /^CA[0-9a-f]{32}$/;
const MESSAGE_SID = /^SM[0-9a-f]{32}$/;

/** The error a promise rejects with, failing the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<TelephonyProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TelephonyProviderError);
    return error as TelephonyProviderError;
  }
  throw new Error('expected a rejection');
}

function basic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`).toString('base64');
}

describe('TwilioProvider against a fake Twilio REST API', () => {
  let fake: FakeTwilio;
  let provider: TwilioProvider;
  const callsPath = () => `/2010-04-01/Accounts/${fake.accountSid}/Calls.json`;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    provider = new TwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url, timeoutMs: 5_000 });
  });
  afterEach(() => fake.close());

  it('is named twilio and does not show its token when inspected', () => {
    expect(provider.name).toBe('twilio');
    expect(inspect(provider, { depth: 10, showHidden: true })).not.toContain(fake.authToken);
  });

  it('creates a call with the form fields Twilio expects and returns the sid Twilio assigned', async () => {
    const { sid } = await provider.createCall({
      to: CLIENT,
      from: HOTLINE,
      twiml: '<Response><Say language="ru-RU">Здравствуйте</Say></Response>',
      statusCallbackUrl: 'https://hotline.example.org/api/v1/telephony/calls/status?office=almaty',
    });
    expect(sid).toMatch(SID);
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: callsPath(),
        form: {
          To: CLIENT,
          From: HOTLINE,
          Twiml: '<Response><Say language="ru-RU">Здравствуйте</Say></Response>',
          StatusCallback: 'https://hotline.example.org/api/v1/telephony/calls/status?office=almaty',
          StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          StatusCallbackMethod: 'POST',
        },
      },
    ]);
    // The sid is the fake's own: it knows the call and lets it be updated (unknown sids are 404).
    await expect(provider.updateCall(sid, '<Response><Hangup/></Response>')).resolves.toBeUndefined();
  });

  it('updates a live call with new TwiML, then hangs it up, on the call resource path', async () => {
    const sid = fake.addCall();
    await provider.updateCall(sid, '<Response><Enqueue>almaty</Enqueue></Response>');
    await provider.hangUp(sid);
    const callPath = `/2010-04-01/Accounts/${fake.accountSid}/Calls/${sid}.json`;
    expect(fake.requests).toEqual([
      { method: 'POST', path: callPath, form: { Twiml: '<Response><Enqueue>almaty</Enqueue></Response>' } },
      { method: 'POST', path: callPath, form: { Status: 'completed' } },
    ]);
    // Twilio refuses to touch a call that has ended; the caller sees its code.
    const error = await rejection(provider.hangUp(sid));
    expect([error.status, error.code]).toEqual([400, 21220]);
  });

  it('turns an unknown call sid into a 404 provider error with Twilio code 20404', async () => {
    const error = await rejection(provider.updateCall(`CA${'0'.repeat(32)}`, '<Response/>'));
    expect(error).toMatchObject({ name: 'TelephonyProviderError', status: 404, code: 20404 });
    expect(error.message).toContain('updateCall');
  });

  it('sends a text message with its status callback', async () => {
    const body = 'Сәлем! Ваше обращение №42 принято.';
    const result = await provider.sendMessage({
      to: CLIENT,
      from: HOTLINE,
      body,
      statusCallbackUrl: 'https://hotline.example.org/api/v1/telephony/messages/status',
    });
    expect(result.sid).toMatch(MESSAGE_SID);
    expect(result.status).toBe('queued');
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`,
        form: { To: CLIENT, From: HOTLINE, Body: body, StatusCallback: 'https://hotline.example.org/api/v1/telephony/messages/status' },
      },
    ]);
  });

  it("turns a Twilio 4xx into a provider error with status and code, without the token or the client's number", async () => {
    // A hostile or careless upstream echoing secrets must not get them into our logs.
    fake.failNext(400, 21211, `Invalid 'To' Phone Number: ${CLIENT} (token ${fake.authToken}, basic ${basic(fake.accountSid, fake.authToken)})`);
    const error = await rejection(provider.createCall({ to: CLIENT, from: HOTLINE, twiml: '<Response/>', statusCallbackUrl: 'https://hotline.example.org/s' }));
    expect(error.status).toBe(400);
    expect(error.code).toBe(21211);
    expect(error.message).toMatch(/^Twilio refused createCall \(HTTP 400, code 21211\): Invalid 'To' Phone Number/);
    for (const leaked of [fake.authToken, basic(fake.accountSid, fake.authToken), CLIENT]) {
      expect(error.message).not.toContain(leaked);
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(leaked);
      expect(JSON.stringify(error)).not.toContain(leaked);
    }
  });

  it('turns a Twilio 5xx into a provider error too', async () => {
    fake.failNext(503, 20503, 'Service Unavailable');
    const error = await rejection(provider.sendMessage({ to: CLIENT, from: HOTLINE, body: 'hi', statusCallbackUrl: 'https://hotline.example.org/s' }));
    expect([error.status, error.code]).toEqual([503, 20503]);
    // Only the one request failed.
    await expect(provider.sendMessage({ to: CLIENT, from: HOTLINE, body: 'hi', statusCallbackUrl: 'https://hotline.example.org/s' })).resolves.toMatchObject({
      status: 'queued',
    });
  });

  it('sends HTTP Basic credentials; wrong ones are a 401 error (code 20003) that does not repeat them', async () => {
    const wrongToken = 'f'.repeat(32);
    for (const credentials of [
      { accountSid: fake.accountSid, authToken: wrongToken },
      { accountSid: `AC${'1'.repeat(32)}`, authToken: fake.authToken },
    ]) {
      const wrong = new TwilioProvider({ ...credentials, apiBaseUrl: fake.url });
      const error = await rejection(wrong.hangUp(fake.addCall()));
      expect([error.status, error.code]).toEqual([401, 20003]);
      expect(error.message).not.toContain(credentials.authToken);
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(credentials.authToken);
    }
    // And the right ones get through (the fake saw them as Basic auth, or it would have said 401).
    await expect(provider.hangUp(fake.addCall())).resolves.toBeUndefined();
  });

  it('reports an unreachable Twilio as a provider error without a status', async () => {
    const closed = await startFakeTwilio();
    const url = closed.url;
    await closed.close();
    const unreachable = new TwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: url, timeoutMs: 2_000 });
    const error = await rejection(unreachable.hangUp(`CA${'2'.repeat(32)}`));
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/^Twilio hangUp failed: /);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(fake.authToken);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(basic(fake.accountSid, fake.authToken));
  });

  it('gives up after timeoutMs when Twilio accepts the connection but never answers', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = new TwilioProvider({
        accountSid: fake.accountSid,
        authToken: fake.authToken,
        apiBaseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        timeoutMs: 300,
      });
      const started = Date.now();
      const error = await rejection(slow.createCall({ to: CLIENT, from: HOTLINE, twiml: '<Response/>', statusCallbackUrl: 'https://hotline.example.org/s' }));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(error.status).toBeUndefined();
      expect(error.message).toMatch(/300 ?ms/);
      expect(error.message).not.toContain(CLIENT);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

const WEBHOOK_URL = 'https://hotline.example.org/api/v1/telephony/voice/incoming?office=almaty';
const WEBHOOK_PARAMS = {
  AccountSid: `AC${'a'.repeat(32)}`,
  ApiVersion: '2010-04-01',
  CallSid: `CA${'b'.repeat(32)}`,
  CallStatus: 'ringing',
  Direction: 'inbound',
  From: CLIENT,
  To: HOTLINE,
};

describe.each([
  [
    'TwilioProvider',
    (token: string): TelephonyProvider => new TwilioProvider({ accountSid: `AC${'a'.repeat(32)}`, authToken: token, apiBaseUrl: 'http://127.0.0.1:9' }),
  ],
  ['LocalProvider', (token: string): TelephonyProvider => new LocalProvider({ authToken: token })],
])('%s webhook signatures', (_name, make) => {
  const token = '0123456789abcdef0123456789abcdef';
  const provider = make(token);
  const signature = twilio.getExpectedTwilioSignature(token, WEBHOOK_URL, WEBHOOK_PARAMS);

  it('accepts the signature Twilio computes for the URL and the form', () => {
    expect(provider.validateSignature(signature, WEBHOOK_URL, { ...WEBHOOK_PARAMS })).toBe(true);
  });

  it('rejects a tampered, added or removed parameter', () => {
    expect(provider.validateSignature(signature, WEBHOOK_URL, { ...WEBHOOK_PARAMS, From: '+77015550999' })).toBe(false);
    expect(provider.validateSignature(signature, WEBHOOK_URL, { ...WEBHOOK_PARAMS, Digits: '1' })).toBe(false);
    const { CallStatus: _dropped, ...fewer } = WEBHOOK_PARAMS;
    expect(provider.validateSignature(signature, WEBHOOK_URL, fewer)).toBe(false);
  });

  it('rejects the same request at another URL: PUBLIC_URL (scheme, host), path and query all count', () => {
    for (const url of [
      'http://hotline.example.org/api/v1/telephony/voice/incoming?office=almaty',
      'https://other.example.org/api/v1/telephony/voice/incoming?office=almaty',
      'https://hotline.example.org/api/v1/telephony/voice/status?office=almaty',
      'https://hotline.example.org/api/v1/telephony/voice/incoming?office=astana',
      'https://hotline.example.org/api/v1/telephony/voice/incoming',
    ]) {
      expect([url, provider.validateSignature(signature, url, { ...WEBHOOK_PARAMS })]).toEqual([url, false]);
    }
    // The port is not: Twilio signs some requests with it and some without, so the library
    // tries both (a reverse proxy on another port still validates).
    expect(provider.validateSignature(signature, 'https://hotline.example.org:8443/api/v1/telephony/voice/incoming?office=almaty', { ...WEBHOOK_PARAMS })).toBe(
      true,
    );
  });

  it('rejects a missing, empty or garbage signature and never throws on a malformed URL', () => {
    expect(provider.validateSignature(undefined, WEBHOOK_URL, { ...WEBHOOK_PARAMS })).toBe(false);
    expect(provider.validateSignature('', WEBHOOK_URL, { ...WEBHOOK_PARAMS })).toBe(false);
    expect(provider.validateSignature('not-a-signature', WEBHOOK_URL, { ...WEBHOOK_PARAMS })).toBe(false);
    expect(provider.validateSignature(signature, 'not a url', { ...WEBHOOK_PARAMS })).toBe(false);
  });

  it('rejects a signature made with another auth token', () => {
    const other = twilio.getExpectedTwilioSignature('fedcba9876543210fedcba9876543210', WEBHOOK_URL, WEBHOOK_PARAMS);
    expect(provider.validateSignature(other, WEBHOOK_URL, { ...WEBHOOK_PARAMS })).toBe(false);
  });
});

describe('LocalProvider', () => {
  let debug: jest.SpyInstance;
  beforeEach(() => {
    debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => debug.mockRestore());

  it('records what it would have sent, newest last, with Twilio-shaped sids, and logs without numbers or text', async () => {
    const local = new LocalProvider({ authToken: 'dev-token' });
    expect(local.name).toBe('local');
    const call = await local.createCall({
      to: CLIENT,
      from: HOTLINE,
      twiml: `<Response><Dial>${CLIENT}</Dial></Response>`,
      statusCallbackUrl: 'https://hotline.example.org/c',
    });
    await local.updateCall(call.sid, '<Response><Enqueue>almaty</Enqueue></Response>');
    await local.hangUp(call.sid);
    const message = await local.sendMessage({
      to: CLIENT,
      from: HOTLINE,
      body: 'Ваше обращение №42 принято',
      statusCallbackUrl: 'https://hotline.example.org/m',
    });

    expect(call.sid).toMatch(SID);
    expect(message.sid).toMatch(MESSAGE_SID);
    expect(message.status).toBe('queued');
    const ops = local.operations();
    expect(ops).toEqual([
      {
        kind: 'createCall',
        sid: call.sid,
        to: CLIENT,
        from: HOTLINE,
        twiml: `<Response><Dial>${CLIENT}</Dial></Response>`,
        statusCallbackUrl: 'https://hotline.example.org/c',
        at: expect.any(String),
      },
      { kind: 'updateCall', callSid: call.sid, twiml: '<Response><Enqueue>almaty</Enqueue></Response>', at: expect.any(String) },
      { kind: 'hangUp', callSid: call.sid, at: expect.any(String) },
      {
        kind: 'sendMessage',
        sid: message.sid,
        to: CLIENT,
        from: HOTLINE,
        body: 'Ваше обращение №42 принято',
        statusCallbackUrl: 'https://hotline.example.org/m',
        at: expect.any(String),
      },
    ]);
    for (const op of ops) expect(new Date(op.at).toISOString()).toBe(op.at);

    expect(debug).toHaveBeenCalledTimes(4);
    const logged = debug.mock.calls.map((args) => args.map(String).join(' ')).join('\n');
    expect(logged).toContain(call.sid);
    expect(logged).toContain(message.sid);
    for (const secret of [CLIENT, HOTLINE, 'обращение', 'Enqueue', 'dev-token']) expect(logged).not.toContain(secret);
  });

  it('hands out snapshots, keeps only the newest `keep` operations, and clears', async () => {
    const local = new LocalProvider({ authToken: 'dev-token', keep: 3 });
    const sids: string[] = [];
    for (let i = 0; i < 5; i++)
      sids.push(
        (
          await local.createCall({
            to: CLIENT,
            from: HOTLINE,
            twiml: `<Response><Say>${i}</Say></Response>`,
            statusCallbackUrl: 'https://hotline.example.org/c',
          })
        ).sid,
      );
    expect(new Set(sids).size).toBe(5);
    const ops = local.operations();
    expect(ops.map((op) => (op.kind === 'createCall' ? op.sid : undefined))).toEqual(sids.slice(2));

    (ops as unknown[]).length = 0;
    expect(local.operations()).toHaveLength(3);

    local.clear();
    expect(local.operations()).toEqual([]);
    await local.hangUp(sids[0]);
    expect(local.operations()).toEqual([{ kind: 'hangUp', callSid: sids[0], at: expect.any(String) }]);
  });

  it('keeps 200 operations by default', async () => {
    const local = new LocalProvider({ authToken: 'dev-token' });
    for (let i = 0; i < 205; i++) await local.hangUp(`CA${i.toString(16).padStart(32, '0')}`);
    const ops = local.operations();
    expect(ops).toHaveLength(200);
    expect(ops[0]).toMatchObject({ callSid: `CA${(5).toString(16).padStart(32, '0')}` });
    expect(ops[199]).toMatchObject({ callSid: `CA${(204).toString(16).padStart(32, '0')}` });
  });
});
