import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '@mayak/domain';
import { PROBLEM_CONTENT_TYPE, problemTitle, type ProblemDetails } from '../errors/problem-details.filter';

/** What Node's HTTP parser refuses, before Express or Nest see the request. */
function problemFor(error: NodeJS.ErrnoException): { status: number; code: ErrorCode; detail: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'payload_too_large', detail: 'The request line and headers are too large; send long input in a body' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'payload_too_large', detail: 'The request body is too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'validation_failed', detail: 'The request took too long to arrive' };
    default:
      return { status: 400, code: 'validation_failed', detail: 'The request is not valid HTTP' };
  }
}

/**
 * Answers requests Node's parser rejects (a 20 kB query string, a broken request line) with
 * problem+json like every other error, instead of Node's bare status line.
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, code, detail } = problemFor(error);
    const title = problemTitle(status);
    const problem: ProblemDetails = { type: `urn:mayak:problem:${code}`, title, status, detail, code };
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
