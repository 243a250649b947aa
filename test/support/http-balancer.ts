import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A loopback HTTP load balancer, as nginx or a cloud balancer sits in front of several API
 * processes: `url` hands each request to the next upstream in turn (round robin), and
 * `pinned[i]` always to upstream i, so a test can say "this request lands on API B" and
 * still go through the same proxy. Responses are relayed as they arrive, never buffered,
 * so Server-Sent Events pass through.
 */
export interface HttpBalancer {
  /** Round robin over every upstream. */
  url: string;
  /** One address per upstream, in the order given. */
  pinned: string[];
  /** Which upstream served each request, in order (index into the upstreams), with its path. */
  readonly served: { upstream: number; method: string; path: string }[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
  });
}

export async function startHttpBalancer(upstreams: string[]): Promise<HttpBalancer> {
  if (!upstreams.length) throw new Error('a balancer needs at least one upstream');
  const served: HttpBalancer['served'] = [];
  const sockets = new Set<Socket>();
  let next = 0;

  const relay = (choose: () => number) => (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const index = choose();
    const target = new URL(incoming.url ?? '/', upstreams[index]);
    served.push({ upstream: index, method: incoming.method ?? 'GET', path: target.pathname });
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    headers.host = target.host;
    const upstream = forward(target, { method: incoming.method, headers }, (answer) => {
      const answerHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) answerHeaders[name] = value;
      outgoing.writeHead(answer.statusCode ?? 502, answerHeaders);
      outgoing.flushHeaders();
      answer.on('data', (chunk: Buffer) => outgoing.write(chunk));
      answer.on('end', () => outgoing.end());
      answer.on('error', () => outgoing.destroy());
    });
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end('upstream unreachable');
    });
    // A client that goes away (a closed event stream) closes the upstream request too, as a real balancer does.
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  };

  const servers = [createServer(relay(() => next++ % upstreams.length)), ...upstreams.map((_, i) => createServer(relay(() => i)))];
  for (const server of servers) {
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  }
  const [url, ...pinned] = await Promise.all(servers.map(listen));
  return {
    url,
    pinned,
    served,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
