import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { FileTooLargeError, TelephonyProviderError } from './provider-error';
import { TelephonyProvider, type OutboundMessageInput } from './telephony-provider';

const MAX_RECORDING_BYTES = 20 * 1024 * 1024;

/** The body, refused as soon as its stated or read length passes `maxBytes`. */
export async function readAtMost(response: globalThis.Response, maxBytes: number): Promise<Buffer> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new FileTooLargeError();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new FileTooLargeError();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, total);
}
const DEFAULT_TIMEOUT_MS = 10_000;
/** api.twilio.com, or the same host with an edge/region inserted (TWILIO_EDGE / TWILIO_REGION). */
const TWILIO_API_HOST = /^api(\.[a-z0-9-]+)*\.twilio\.com$/i;
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];

/**
 * Whether `signature` is Twilio's signature of `url` + `params` under `authToken`, checked by
 * the twilio library itself (so production, development and tests share one implementation).
 * Missing, empty or malformed input is simply false, never an exception.
 */
export function isValidTwilioSignature(authToken: string, signature: string | undefined, url: string, params: Record<string, string>): boolean {
  if (typeof signature !== 'string' || signature === '' || !authToken) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params ?? {});
  } catch {
    // e.g. a URL that does not parse
    return false;
  }
}

/**
 * The twilio library sends every REST call through `httpClient.request(...)` with an absolute
 * `https://api.twilio.com/...` URI and the credentials as username/password. This client is
 * the library's own axios-based RequestClient with three changes:
 *  - with a base URL (a fake Twilio on loopback), the scheme+host are replaced by it, and a
 *    request for any other host is refused rather than sent to the real internet;
 *  - every request gets `timeoutMs`, both as axios's socket timeout and as a wall-clock deadline;
 *  - the library's debug logging (TWILIO_LOG_LEVEL=debug) is switched off: it prints requests.
 */
class TwilioHttpClient extends twilio.RequestClient {
  readonly #baseUrl: string | undefined;
  readonly #timeoutMs: number;

  constructor(baseUrl: string | undefined, timeoutMs: number) {
    super({ timeout: timeoutMs });
    this.#timeoutMs = timeoutMs;
    if (baseUrl !== undefined) {
      const parsed = new URL(baseUrl);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`Twilio API base URL must be http(s), got ${parsed.protocol}`);
      this.#baseUrl = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
    }
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.#target(opts.uri);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TelephonyProviderError(`no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      return await Promise.race([super.request<TData>({ ...opts, uri, timeout: this.#timeoutMs, logLevel: undefined }), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  #target(uri: string): string {
    if (this.#baseUrl === undefined) return uri;
    const url = new URL(uri);
    if (url.protocol !== 'https:' || !TWILIO_API_HOST.test(url.hostname)) {
      throw new TelephonyProviderError(`refusing to send a request for ${url.host} to the configured Twilio API base URL`);
    }
    return `${this.#baseUrl}${url.pathname}${url.search}`;
  }
}

/**
 * Twilio's REST API through the official library. Failures become TelephonyProviderError with
 * Twilio's HTTP status and error code; credentials (and the phone numbers and text of the
 * operation) are removed from the message, which callers may log.
 */
export class TwilioProvider extends TelephonyProvider {
  readonly name = 'twilio' as const;
  readonly #authToken: string;
  readonly #accountSid: string;
  readonly #apiBaseUrl: string | undefined;
  readonly #timeoutMs: number;
  readonly #client: twilio.Twilio;
  /** Strings that must never appear in an error message: the token and the Basic credentials. */
  readonly #secrets: string[];

  constructor(options: { accountSid: string; authToken: string; apiBaseUrl?: string; timeoutMs?: number }) {
    super();
    if (!options.accountSid || !options.authToken) throw new Error('TwilioProvider needs an account SID and an auth token');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`TwilioProvider timeoutMs must be a positive number, got ${timeoutMs}`);
    this.#authToken = options.authToken;
    this.#accountSid = options.accountSid;
    this.#apiBaseUrl = options.apiBaseUrl?.replace(/\/+$/, '');
    this.#timeoutMs = timeoutMs;
    this.#secrets = [options.authToken, Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')];
    this.#client = twilio(options.accountSid, options.authToken, {
      httpClient: new TwilioHttpClient(options.apiBaseUrl, timeoutMs),
      autoRetry: false,
    });
  }

  validateSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    return isValidTwilioSignature(this.#authToken, signature, url, params);
  }

  async updateCall(callSid: string, twiml: string): Promise<void> {
    await this.#send('updateCall', [], () => this.#client.calls(callSid).update({ twiml }));
  }

  async hangUp(callSid: string): Promise<void> {
    await this.#send('hangUp', [], () => this.#client.calls(callSid).update({ status: 'completed' }));
  }

  async createCall(input: { to: string; from: string; twiml: string; statusCallbackUrl: string }): Promise<{ sid: string }> {
    const call = await this.#send('createCall', [input.to, input.from], () =>
      this.#client.calls.create({
        to: input.to,
        from: input.from,
        twiml: input.twiml,
        statusCallback: input.statusCallbackUrl,
        statusCallbackEvent: CALL_EVENTS,
        statusCallbackMethod: 'POST',
      }),
    );
    return { sid: call.sid };
  }

  async sendMessage(input: OutboundMessageInput): Promise<{ sid: string; status: string }> {
    const personal = [input.to, input.from, input.body, ...Object.values(input.template?.variables ?? {})];
    const message = await this.#send('sendMessage', personal, () =>
      input.template
        ? this.#client.messages.create({
            to: input.to,
            from: input.from,
            contentSid: input.template.contentSid,
            contentVariables: JSON.stringify(input.template.variables),
            statusCallback: input.statusCallbackUrl,
          })
        : this.#client.messages.create({
            to: input.to,
            from: input.from,
            body: input.body,
            statusCallback: input.statusCallbackUrl,
            ...(input.mediaUrl ? { mediaUrl: [input.mediaUrl] } : {}),
          }),
    );
    return { sid: message.sid, status: message.status };
  }

  /**
   * The recording's MP3, fetched with the account's credentials. Only a recording of this
   * account on Twilio's API host is fetched (the URL came in a signed callback, but nothing
   * else may be asked for with these credentials), at most 20 MB, within the timeout.
   */
  async fetchRecording(recordingUrl: string): Promise<{ contentType: string; bytes: Buffer }> {
    const url = new URL(recordingUrl);
    const recordingPath = new RegExp(`^/2010-04-01/Accounts/${this.#accountSid}/Recordings/RE[0-9a-f]{32}$`, 'i');
    if (url.protocol !== 'https:' || !TWILIO_API_HOST.test(url.hostname) || !recordingPath.test(url.pathname)) {
      throw new TelephonyProviderError('refusing to fetch a recording that is not this account’s on Twilio’s API');
    }
    const target = `${this.#apiBaseUrl ?? url.origin}${url.pathname}.mp3`;
    let response: globalThis.Response;
    try {
      response = await fetch(target, {
        headers: { authorization: `Basic ${Buffer.from(`${this.#accountSid}:${this.#authToken}`).toString('base64')}` },
        signal: AbortSignal.timeout(this.#timeoutMs * 3),
        redirect: 'error',
      });
    } catch {
      throw new TelephonyProviderError('the recording could not be fetched');
    }
    if (!response.ok) throw new TelephonyProviderError(`the recording could not be fetched (HTTP ${response.status})`, response.status);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_RECORDING_BYTES) throw new TelephonyProviderError('the recording is larger than Mayak keeps');
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_RECORDING_BYTES) throw new TelephonyProviderError('the recording is larger than Mayak keeps');
    return { contentType: 'audio/mpeg', bytes };
  }

  /**
   * A message's media, fetched with the account's credentials: only this account's media on
   * Twilio's API host. Twilio answers with a redirect to its file storage, which is followed
   * without the credentials. Refused beyond `maxBytes` by its length, or while reading.
   */
  async fetchMedia(mediaUrl: string, _declaredType: string, maxBytes: number): Promise<Buffer> {
    const { url } = this.#mediaUrl(mediaUrl);
    const target = `${this.#apiBaseUrl ?? url.origin}${url.pathname}`;
    let response: globalThis.Response;
    try {
      response = await fetch(target, {
        headers: { authorization: `Basic ${Buffer.from(`${this.#accountSid}:${this.#authToken}`).toString('base64')}` },
        signal: AbortSignal.timeout(this.#timeoutMs * 3),
        redirect: 'manual',
      });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        const next = location ? new URL(location, target) : null;
        if (!next || (next.protocol !== 'https:' && !this.#apiBaseUrl)) throw new TelephonyProviderError('the media redirect was not to an https address');
        response = await fetch(next, { signal: AbortSignal.timeout(this.#timeoutMs * 3), redirect: 'error' });
      }
    } catch (error) {
      if (error instanceof TelephonyProviderError) throw error;
      throw new TelephonyProviderError('the media could not be fetched');
    }
    if (!response.ok) throw new TelephonyProviderError(`the media could not be fetched (HTTP ${response.status})`, response.status);
    return readAtMost(response, maxBytes);
  }

  async deleteMedia(mediaUrl: string): Promise<void> {
    const { messageSid, mediaSid } = this.#mediaUrl(mediaUrl);
    await this.#send('deleteMedia', [], () => this.#client.messages(messageSid).media(mediaSid).remove());
  }

  #mediaUrl(mediaUrl: string): { url: URL; messageSid: string; mediaSid: string } {
    const url = new URL(mediaUrl);
    const match = new RegExp(`^/2010-04-01/Accounts/${this.#accountSid}/Messages/((?:MM|SM)[0-9a-f]{32})/Media/(ME[0-9a-f]{32})$`, 'i').exec(url.pathname);
    if (url.protocol !== 'https:' || !TWILIO_API_HOST.test(url.hostname) || !match) {
      throw new TelephonyProviderError('refusing to fetch media that is not this account’s on Twilio’s API');
    }
    return { url, messageSid: match[1], mediaSid: match[2] };
  }

  async deleteRecording(recordingSid: string): Promise<void> {
    await this.#send('deleteRecording', [], () => this.#client.recordings(recordingSid).remove());
  }

  async #send<T>(operation: string, personal: string[], call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.#translate(operation, error, personal);
    }
  }

  /**
   * RestException / TwilioServiceException carry a numeric `status` and `code`; axios errors
   * (refused, reset, timed out) a string code and no status. Only the message text is kept:
   * axios errors hold the request config, Authorization header included.
   */
  #translate(operation: string, error: unknown, personal: string[]): TelephonyProviderError {
    const e = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; code?: unknown; message?: unknown };
    const status = typeof e.status === 'number' ? e.status : undefined;
    const code = typeof e.code === 'number' ? e.code : undefined;
    const detail = typeof e.message === 'string' && e.message !== '' ? e.message : typeof error === 'string' ? error : 'unknown error';
    const message =
      status !== undefined
        ? `Twilio refused ${operation} (HTTP ${status}${code !== undefined ? `, code ${code}` : ''}): ${detail}`
        : `Twilio ${operation} failed: ${detail}`;
    return new TelephonyProviderError(this.#redact(message, personal), status, code);
  }

  #redact(text: string, personal: string[]): string {
    let out = text;
    for (const secret of this.#secrets) out = out.split(secret).join('[redacted]');
    for (const value of personal) if (value.length >= 4) out = out.split(value).join('[redacted]');
    return out;
  }
}
