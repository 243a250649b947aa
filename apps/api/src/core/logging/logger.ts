import pino, { type Logger as PinoLogger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { isClusteredApiProcess } from '../cluster/api-process';
import { currentRequestId } from '../context/request-context';

/**
 * Structured JSON logs. Secrets and identifiers never reach them: the redact list covers
 * credentials and tokens, request logs carry the path without its query string, and
 * bodies are never logged.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
  'secret',
  '*.secret',
  'code',
  '*.recoveryCode',
  'phone',
  '*.phone',
  '*.phoneNumber',
  'email',
  '*.email',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
];

let standardOutput: pino.DestinationStream | undefined;

/**
 * Standard output, written without blocking: lines are queued while a write is under way
 * and go out together (pino's sonic-boom). Whatever is queued is written synchronously when
 * the process exits. One per process, so lines from several loggers never interleave.
 */
function toStandardOutput(): pino.DestinationStream {
  standardOutput ??= pino.destination({ dest: 1, sync: false });
  return standardOutput;
}

export function createLogger(level: string): PinoLogger {
  return pino(
    {
      level,
      // Several API processes write to one output: each line says which.
      base: isClusteredApiProcess() ? { service: 'mayak', pid: process.pid } : { service: 'mayak' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    toStandardOutput(),
  );
}

/**
 * Adapts pino to Nest's LoggerService so framework messages are JSON too. Nest passes
 * `(message, ...params)` where the last string is the context and, for errors, an
 * earlier string is the stack or a message.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    const strings = params.filter((p): p is string => typeof p === 'string');
    const context = strings.length > 0 ? strings[strings.length - 1] : undefined;
    const text = strings.length > 1 ? strings[0] : undefined;
    if (message && typeof message === 'object') {
      this.logger[level]({ context, ...(message as object) }, text);
    } else if (text && level === 'error') {
      this.logger[level]({ context, stack: text }, String(message));
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
