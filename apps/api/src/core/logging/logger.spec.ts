import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoNestLogger, REDACTED_PATHS } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream);
  return { logger, lines };
}

describe('logging', () => {
  it('redacts credentials, tokens, e-mails and phone fields', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: 'hunter2-long',
        body: { password: 'x', phone: '+77011234567', email: 'a@b.kz' },
        csrfToken: 't',
        req: { headers: { cookie: 'mayak_session=abc' } },
      },
      'event',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['hunter2-long', '+77011234567', 'a@b.kz', 'mayak_session=abc']) expect(text).not.toContain(secret);
  });

  it('maps Nest calls to message, context and stack', () => {
    const { logger, lines } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('started', 'Api');
    nest.warn({ job: 'audit.seal' }, 'job failed', 'Worker');
    nest.error('boom', 'Error: boom\n    at x', 'Errors');
    expect(lines[0]).toMatchObject({ msg: 'started', context: 'Api' });
    expect(lines[1]).toMatchObject({ msg: 'job failed', context: 'Worker', job: 'audit.seal' });
    expect(lines[2]).toMatchObject({ msg: 'boom', context: 'Errors', stack: expect.stringContaining('at x') });
  });
});
