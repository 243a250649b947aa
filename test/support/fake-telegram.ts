// A stand-in for Telegram's Bot API on loopback, for the methods Mayak calls: sendMessage
// (as JSON or form, as clients send it), setWebhook, deleteWebhook, getWebhookInfo and getUpdates (answering updates queued by the
// test, with long polling cut short). It checks the bot token in the path like Telegram
// (401 {"ok":false,"error_code":401,"description":"Unauthorized"}), answers Telegram-shaped
// results and errors, and records every call.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_BOT_TOKEN = '123456789:AAFakeTokenForMayakTestsOnly_abcdefghij';

export type FakeTelegramCall = { method: string; params: Record<string, unknown> };

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

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
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
      const params = await bodyOf(request);
      calls.push({ method, params });
      if (given !== token) return send(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const failure = failures.shift();
      if (failure) return send(response, failure.errorCode, { ok: false, error_code: failure.errorCode, description: failure.description });
      if (method === 'sendMessage') {
        const chatId = Number(params.chat_id);
        if (!Number.isSafeInteger(chatId)) return send(response, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        return send(response, 200, {
          ok: true,
          result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Mayak' }, text: params.text },
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
        return send(response, 200, { ok: true, result: { file_id: params.file_id, file_unique_id: `u${String(params.file_id)}`, file_size: file.bytes.length, file_path: file.path } });
      }
      if (method === 'setWebhook') {
        webhookUrl = String(params.url ?? '');
        return send(response, 200, { ok: true, result: true, description: 'Webhook was set' });
      }
      if (method === 'deleteWebhook') {
        webhookUrl = '';
        return send(response, 200, { ok: true, result: true, description: 'Webhook was deleted' });
      }
      if (method === 'getWebhookInfo') return send(response, 200, { ok: true, result: { url: webhookUrl, has_custom_certificate: false, pending_update_count: updates.length } });
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
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
