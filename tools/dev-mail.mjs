#!/usr/bin/env node
// The development mail server: an SMTP server on loopback (the smtp-server package) that keeps
// every mail it receives as an .eml file under var/mail/ and lists them on a small page, so the
// mails Mayak sends can be read without a mail account. `npm start` runs it outside production;
// `node tools/dev-mail.mjs` runs it alone. Never part of a deployment: it accepts anything.
import { createServer } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const escapeHtml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Starts the SMTP server on `smtpPort` and the page on `webPort` (both on 127.0.0.1); mails go to
 * `dir`. Resolves with { smtpUrl, webUrl, dir, close }.
 */
export async function startDevMail({ smtpPort = 2525, webPort = 1080, dir = 'var/mail' } = {}) {
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([import('smtp-server'), import('mailparser')]);
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true });
  let counter = 0;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        counter += 1;
        const to = session.envelope.rcptTo
          .map((r) => r.address)
          .join(',')
          .replace(/[^A-Za-z0-9@._,-]/g, '_');
        writeFileSync(join(folder, `${stamp}-${String(counter).padStart(4, '0')}-${to}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise((resolveListen, reject) => {
    smtp.once('error', reject);
    smtp.listen(smtpPort, '127.0.0.1', resolveListen);
  });

  const page = createServer(async (request, response) => {
    try {
      const files = readdirSync(folder)
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .reverse()
        .slice(0, 200);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/eml/')) {
        const name = decodeURIComponent(url.pathname.slice('/eml/'.length));
        if (!files.includes(name)) {
          response.writeHead(404).end('not found');
          return;
        }
        response
          .writeHead(200, { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${name}"` })
          .end(readFileSync(join(folder, name)));
        return;
      }
      const rows = [];
      for (const name of files) {
        const mail = await simpleParser(readFileSync(join(folder, name)));
        rows.push(
          `<article><h2>${escapeHtml(mail.subject ?? '(no subject)')}</h2><p><b>To:</b> ${escapeHtml(mail.to?.text ?? '')} · <b>Date:</b> ${escapeHtml(mail.date?.toISOString() ?? '')} · <a href="/eml/${encodeURIComponent(name)}">.eml</a></p>` +
            `<pre>${escapeHtml(mail.text ?? '').replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</pre></article>`,
        );
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
      response.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mayak development mail</title><style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #ccc;padding:.5rem 0}pre{white-space:pre-wrap}</style></head>` +
          `<body><h1>Mail sent by Mayak (development)</h1><p>${files.length ? `${files.length} mail(s), newest first; files in ${escapeHtml(folder)}` : `No mail yet. Files will be in ${escapeHtml(folder)}.`}</p>${rows.join('')}</body></html>`,
      );
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolveListen, reject) => {
    page.once('error', reject);
    page.listen(webPort, '127.0.0.1', resolveListen);
  });

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${webPort}`,
    dir: folder,
    close: () => Promise.all([new Promise((r) => smtp.close(r)), new Promise((r) => page.close(r))]),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mail = await startDevMail({ smtpPort: Number(process.env.MAIL_DEV_SMTP_PORT ?? 2525), webPort: Number(process.env.MAIL_DEV_WEB_PORT ?? 1080) });
  console.log(`Development mail: SMTP on ${mail.smtpUrl}; read what arrives at ${mail.webUrl} (files in ${mail.dir})`);
}
