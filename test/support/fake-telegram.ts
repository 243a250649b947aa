// A stand-in for Telegram's Bot API on loopback, for the methods Mayak calls: sendMessage
// (as JSON or form, as clients send it), sendDocument (a file uploaded as multipart/form-data), setWebhook, deleteWebhook, getWebhookInfo and getUpdates (answering updates queued by the
// test, with long polling cut short). It checks the bot token in the path like Telegram
// (401 {"ok":false,"error_code":401,"description":"Unauthorized"}), answers Telegram-shaped
// results and errors, and records every call.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_BOT_TOKEN = '123456789:AAFakeTokenForMayakTestsOnly_abcdefghij';

/** A file uploaded with a call (multipart/form-data), as Telegram received it. */
export type FakeTelegramUpload = { field: string; name: string; bytes: Buffer };

export type FakeTelegramCall = { method: string; params: Record<string, unknown>; uploads: FakeTelegramUpload[] };

export interface FakeTelegram {
  /** The apiRoot to give the client (TELEGRAM_API_ROOT). */
  url: string;
  token: string;
  calls: FakeTelegramCall[];
  /** Makes a file known (getFile, then its download address); returns its file_id. */
  addFile(bytes: Buffer): string;
  /** Queues an update for the next getUpdates. */
  queueUpdate(update: Record<string, unknown>): void;
  /** The next call is answered with this Telegram error instead (e.g. 403 "Forbidden: bot was blocked by the user"). */
  failNext(errorCode: number, description: string): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/** multipart/form-data as RFC 7578 puts it: parts between boundary lines, each with its headers and then its bytes. */
function readMultipart(bytes: Buffer, contentType: string): { params: Record<string, unknown>; uploads: FakeTelegramUpload[] } {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const params: Record<string, unknown> = {};
  const uploads: FakeTelegramUpload[] = [];
  let at = bytes.indexOf(delimiter);
  for (let parts = 0; at !== -1 && parts < 100; parts++) {
    const start = at + delimiter.length;
    if (bytes.subarray(start, start + 2).toString() === '--') break;
    const next = bytes.indexOf(delimiter, start);
    if (next === -1) throw new Error('multipart body without its closing boundary');
    const part = bytes.subarray(start + 2, next - 2); // after the CRLF that ends the boundary line, before the CRLF that precedes the next
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const body = part.subarray(split + 4);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '';
    // Quoted as RFC 7578 shows it, or bare as some clients (grammY) send it.
    const filenameMatch = /;\s*filename=(?:"([^"]*)"|([^;]*))/.exec(disposition);
    const filename = filenameMatch ? (filenameMatch[1] ?? filenameMatch[2]).trim() : undefined;
    if (filename !== undefined) uploads.push({ field: name, name: filename, bytes: Buffer.from(body) });
    else params[name] = body.toString('utf8');
    at = next;
  }
  return { params, uploads };
}

async function bodyOf(request: IncomingMessage): Promise<{ params: Record<string, unknown>; uploads: FakeTelegramUpload[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (!bytes.length) return { params: {}, uploads: [] };
  const type = request.headers['content-type'] ?? '';
  if (type.includes('multipart/form-data')) return readMultipart(bytes, type);
  const raw = bytes.toString('utf8');
  if (type.includes('application/json')) return { params: JSON.parse(raw) as Record<string, unknown>, uploads: [] };
  return { params: Object.fromEntries(new URLSearchParams(raw)), uploads: [] };
}

export async function startFakeTelegram(token = FAKE_BOT_TOKEN): Promise<FakeTelegram> {
  const calls: FakeTelegramCall[] = [];
  const updates: Json[] = [];
  const failures: { errorCode: number; description: string }[] = [];
  let nextMessageId = 1000;
  let webhookUrl = '';
  const files = new Map<string, { bytes: Buffer; path: string }>();
  const send = (response: ServerResponse, status: number, body: Json) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    void (async () => {
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(request.url ?? '');
      if (download) {
        if (download[1] !== token) return send(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
        const file = [...files.values()].find((f) => f.path === download[2]);
        if (!file) return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) });
        return response.end(file.bytes);
      }
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
      if (!match) return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, given, method] = match;
      const { params, uploads } = await bodyOf(request);
      calls.push({ method, params, uploads });
      if (given !== token) return send(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const failure = failures.shift();
      if (failure) return send(response, failure.errorCode, { ok: false, error_code: failure.errorCode, description: failure.description });
      if (method === 'sendMessage') {
        const chatId = Number(params.chat_id);
        if (!Number.isSafeInteger(chatId)) return send(response, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        return send(response, 200, {
          ok: true,
          result: {
            message_id: nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: chatId, type: 'private' },
            from: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Mayak' },
            text: params.text,
          },
        });
      }
      if (method === 'sendDocument') {
        const chatId = Number(params.chat_id);
        if (!Number.isSafeInteger(chatId)) return send(response, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        // The document is a file_id, a URL, or a file attached under the name "attach://<field>" points to.
        const ref = String(params.document ?? '');
        const upload = ref.startsWith('attach://')
          ? uploads.find((u) => u.field === ref.slice('attach://'.length))
          : uploads.find((u) => u.field === 'document');
        if (!upload && !ref) return send(response, 400, { ok: false, error_code: 400, description: 'Bad Request: there is no document in the request' });
        return send(response, 200, {
          ok: true,
          result: {
            message_id: nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: chatId, type: 'private' },
            from: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Mayak' },
            document: {
              file_id: `BQAC${nextMessageId}`,
              file_unique_id: `d${nextMessageId}`,
              file_name: upload?.name ?? 'file',
              file_size: upload?.bytes.length ?? 0,
            },
            ...(params.caption ? { caption: params.caption } : {}),
          },
        });
      }
      if (method === 'getUpdates') {
        const offset = Number(params.offset ?? 0);
        const due = updates.filter((u) => Number(u.update_id) >= offset);
        // Updates before the offset are confirmed: Telegram forgets them.
        for (let i = updates.length - 1; i >= 0; i--) if (Number(updates[i].update_id) < offset) updates.splice(i, 1);
        // Long polling cut short: answer at once when something waits, else after a moment.
        if (!due.length) await new Promise((resolve) => setTimeout(resolve, 200));
        return send(response, 200, { ok: true, result: due });
      }
      if (method === 'getFile') {
        const file = files.get(String(params.file_id));
        if (!file) return send(response, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return send(response, 200, {
          ok: true,
          result: { file_id: params.file_id, file_unique_id: `u${String(params.file_id)}`, file_size: file.bytes.length, file_path: file.path },
        });
      }
      if (method === 'setWebhook') {
        webhookUrl = String(params.url ?? '');
        return send(response, 200, { ok: true, result: true, description: 'Webhook was set' });
      }
      if (method === 'deleteWebhook') {
        webhookUrl = '';
        return send(response, 200, { ok: true, result: true, description: 'Webhook was deleted' });
      }
      if (method === 'getWebhookInfo')
        return send(response, 200, { ok: true, result: { url: webhookUrl, has_custom_certificate: false, pending_update_count: updates.length } });
      return send(response, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    })().catch((error: unknown) => send(response, 500, { ok: false, error_code: 500, description: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    calls,
    queueUpdate: (update) => updates.push(update),
    addFile: (bytes) => {
      const id = `AgAC${files.size + 1}${Date.now().toString(36)}`;
      files.set(id, { bytes, path: `photos/file_${files.size + 1}.jpg` });
      return id;
    },
    failNext: (errorCode, description) => failures.push({ errorCode, description }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
