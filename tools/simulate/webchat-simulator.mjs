// Plays a web chat visitor against a running Mayak API, as the widget does: opens a session,
// sends a message (optionally with a number to call back), then reads the line's answers for
// a while. The token lives in this process only, like the widget's in the page.
import { randomUUID } from 'node:crypto';
import { SimulationError } from './twilio-simulator.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(baseUrl, method, path, { token, body, timeoutMs = 15_000 } = {}) {
  let response;
  try {
    response = await fetch(`${baseUrl}/api/v1/webchat${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new SimulationError(`${method} /api/v1/webchat${path}: ${error.message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new SimulationError(`${method} /api/v1/webchat${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Options: baseUrl, language, body, phone, waitSeconds (read the line's answers this long,
 * at most 600), end (quick exit afterwards), log (a function given each answer as it arrives).
 */
export async function simulateWebchat(options) {
  const baseUrl = String(options.baseUrl).replace(/\/+$/, '');
  const session = await call(baseUrl, 'POST', '/sessions', { body: { language: options.language ?? 'ru' } });
  await call(baseUrl, 'POST', '/messages', {
    token: session.token,
    body: { clientMessageId: randomUUID(), text: String(options.body), ...(options.phone ? { phone: options.phone } : {}) },
  });
  const answers = [];
  let after = null;
  const until = Date.now() + Math.min(Number(options.waitSeconds ?? 0), 600) * 1000;
  do {
    const page = await call(baseUrl, 'GET', `/messages${after ? `?after=${after}` : ''}`, { token: session.token });
    after = page.after;
    for (const item of page.items.filter((i) => i.from === 'line')) {
      answers.push(item);
      options.log?.(item);
    }
    if (Date.now() < until) await sleep(3000);
  } while (Date.now() < until);
  if (options.end) await call(baseUrl, 'DELETE', '/sessions/current', { token: session.token });
  return { answers, exitUrl: session.exitUrl };
}
