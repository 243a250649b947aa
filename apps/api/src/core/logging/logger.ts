import pino, { type Logger as PinoLogger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { currentRequestId } from '../context/request-context';

/**
 * Structured JSON logs. Secrets and identifiers never reach them: the redact list covers
 * credentials and tokens, request logs carry the path without its query string, and
 * bodies are never logged.
 */
export const REDACTED_PATHS = [
  'password', '*.password', 'newPassword', '*.newPassword', 'currentPassword', '*.currentPassword',
  'token', '*.token', 'csrfToken', '*.csrfToken', 'secret', '*.secret', 'code', '*.recoveryCode',
  'phone', '*.phone', '*.phoneNumber', 'email', '*.email',
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string): PinoLogger {
  return pino({
    level,
    base: { service: 'mayak' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}

/** Adapts pino to Nest's LoggerService so framework messages are JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string, trace?: string): void {
    if (message && typeof message === 'object') {
      this.logger[level]({ context, ...(trace ? { trace } : {}), ...(message as object) });
    } else {
      this.logger[level]({ context, ...(trace ? { trace } : {}) }, String(message));
    }
  }
}
