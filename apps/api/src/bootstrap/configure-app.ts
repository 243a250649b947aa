import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiModule } from '../api.module';
import { Clock } from '../core/clock/clock';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { ProblemDetailsFilter, toProblem, PROBLEM_CONTENT_TYPE } from '../core/errors/problem-details.filter';
import { createValidationPipe } from '../core/errors/validation';
import { answerClientErrorsAsProblems } from '../core/http/client-errors';
import { CASE_ATTACHMENT_TYPES, KNOWLEDGE_FILE_MAX_BYTES, KNOWLEDGE_FILE_TYPES } from '@mayak/domain';
import {
  AUDIO_TYPES,
  isUploadOf,
  limitJsonDepth,
  refuseUnstorableText,
  requireFormBodies,
  requireJsonBodies,
  requireUploadBodies,
  type FileUploadRoute,
  verifyUtf8Json,
} from '../core/http/request-guards';
import { createLogger, PinoNestLogger } from '../core/logging/logger';
import { describeContract } from './openapi-contract';
import { webchatCors } from './webchat-cors';
import { securityHeaders } from './security-headers';
import { inSequence, requestStart } from './request-start';
import { Metrics } from '../core/metrics/metrics';
import { acceptBoardCsrfHeader } from '../core/queue/queue-board';

// Twilio's webhooks only: the console's own telephony routes (presence, transfers, texts) are JSON like the rest.
const FORM_POST_PREFIXES = ['/api/v1/telephony/twilio/'];
/** Uploads that are the file itself: recorded phone prompts, files of knowledge-base articles, and a case's files. */
const PROMPT_UPLOADS: FileUploadRoute = {
  prefix: '/api/v1/telephony/prompts/',
  types: AUDIO_TYPES,
  hint: 'Send the recording as an MP3 (audio/mpeg) or WAV (audio/wav) file',
};
const KNOWLEDGE_FILE_UPLOADS: FileUploadRoute = {
  prefix: '/api/v1/knowledge/files',
  types: KNOWLEDGE_FILE_TYPES,
  hint: 'Send the file itself as the body: a PDF (application/pdf), JPEG (image/jpeg) or PNG (image/png)',
};
/** A case's files: `POST /api/v1/cases/{id}/attachments` (the query names the file). */
const CASE_ATTACHMENT_UPLOADS: FileUploadRoute = {
  prefix: '/api/v1/cases/',
  pattern: /^\/api\/v1\/cases\/[^/?]+\/attachments\/?(?:\?|$)/,
  types: CASE_ATTACHMENT_TYPES,
  hint: 'Send the file itself as the body: a PDF (application/pdf), or a JPEG (image/jpeg), PNG (image/png) or WebP (image/webp) picture',
};
const FILE_UPLOADS = [PROMPT_UPLOADS, KNOWLEDGE_FILE_UPLOADS, CASE_ATTACHMENT_UPLOADS];
const MAX_PROMPT_BYTES = 2 * 1024 * 1024;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Mayak API')
    .setDescription('Case management for anti-trafficking and safe-migration hotlines. Errors are application/problem+json (RFC 9457).')
    .setVersion('1')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'This Mayak installation')
    .addCookieAuth(
      'mayak_session',
      { type: 'apiKey', in: 'cookie', name: 'mayak_session', description: 'The session, set by POST /api/v1/auth/login (httpOnly)' },
      'cookie',
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: "The session's CSRF token (from the sign-in answer), on every write" },
      'csrf',
    )
    .build();
  return describeContract(app, SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method }));
}

/** Creates the HTTP application exactly as production runs it; tests use the same function. */
export async function createApiApp(): Promise<NestExpressApplication> {
  const bootLogger = createLogger(process.env.LOG_LEVEL ?? 'info');
  // abortOnError false: a configuration error reaches main(), which prints it and exits 1 (Nest would abort with a core dump).
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
    logger: new PinoNestLogger(bootLogger),
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  const logger = createLogger(config.logLevel);
  app.useLogger(new PinoNestLogger(logger));
  answerClientErrorsAsProblems(app.getHttpServer());
  keepIdleConnectionsLonger(app.getHttpServer());
  // Only the configured proxy hops: X-Forwarded-For from anyone else is ignored (see TRUST_PROXY).
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  // Nothing below sets ETags: API answers hold personal data and are sent `no-store`, and
  // without ETags a conditional request cannot tell that an answer is unchanged. The console's
  // files are served by express.static/sendFile, which keep their own validators.
  app.set('etag', false);
  const metrics = app.get(Metrics);
  app.use(
    requestStart({
      clock: app.get(Clock),
      // The request line is built field by field from what cannot hold a secret (method, path
      // without its query, status, duration, request id), so it skips the redaction pass.
      logger: logger.child({}, { redact: [] }),
      headers: securityHeaders({ https: config.cookieSecure }),
      startTimer: (request, response) => metrics.startRequestTimer(request, response),
    }),
  );
  app.use('/api/v1/webchat', webchatCors(config.webchat.origins));
  app.use(
    inSequence([
      cookieParser(),
      acceptBoardCsrfHeader,
      requireJsonBodies(FORM_POST_PREFIXES, FILE_UPLOADS),
      requireFormBodies(FORM_POST_PREFIXES),
      requireUploadBodies(FILE_UPLOADS),
      // Compressed bodies are refused (415) rather than inflated: nothing sends them, and it closes the door on decompression bombs.
      express.json({ limit: '100kb', type: 'application/json', inflate: false, verify: verifyUtf8Json }),
      express.urlencoded({
        extended: false,
        limit: '64kb',
        type: (req) => FORM_POST_PREFIXES.some((p) => (req.url ?? '').startsWith(p)) && /urlencoded/.test(String(req.headers['content-type'])),
      }),
      express.raw({ limit: MAX_PROMPT_BYTES, inflate: false, type: (req) => isUploadOf([PROMPT_UPLOADS], req) }),
      express.raw({ limit: KNOWLEDGE_FILE_MAX_BYTES, inflate: false, type: (req) => isUploadOf([KNOWLEDGE_FILE_UPLOADS], req) }),
      express.raw({ limit: config.caseAttachmentMaxBytes, inflate: false, type: (req) => isUploadOf([CASE_ATTACHMENT_UPLOADS], req) }),
      limitJsonDepth,
      refuseUnstorableText(FORM_POST_PREFIXES),
    ]),
  );
  // Errors thrown before Nest's router (body parsing, content type) still answer as problem+json.
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (!error) return next();
    const { problem, headers } = toProblem(error, request.path);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  });

  app.setGlobalPrefix('api');
  app.enableVersioning();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', swaggerOptions: { persistAuthorization: false } });

  serveConsole(app, config);
  return app;
}

/**
 * Node closes an idle keep-alive connection after 5 s, the moment a client may be sending the
 * next request down it (the client sees a reset). Kept longer than the idle timeout of what sits
 * in front (nginx and load balancers use 60 s), the client or proxy closes first.
 */
function keepIdleConnectionsLonger(server: HttpServer): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

/** The built console, with every non-API path falling back to index.html for client routing. */
function serveConsole(app: NestExpressApplication, config: AppConfig): void {
  const root = config.webDistPath ?? join(__dirname, '..', '..', 'web');
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    new PinoNestLogger(createLogger(config.logLevel)).warn(`console not built at ${root}; serving the API only`, 'Console');
    return;
  }
  // As nginx serves them (docker/nginx.conf): hashed assets kept a year, the rest checked on each visit.
  const assets = join(root, 'assets');
  const webchat = join(root, 'webchat');
  // Compressed as nginx compresses them (gzip, text types, over 1 KB); never the API (its event stream must not be buffered).
  const compress = compression({ threshold: 1024, level: 5 });
  const files = express.static(root, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      // The web chat widget is loaded by the hotline's own website.
      if (path.startsWith(webchat)) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    },
  });
  const clientRoute = (request: Request, response: Response, next: NextFunction) => {
    // A missing hashed asset is a 404 (as from nginx), not index.html under a script's name.
    if ((request.method !== 'GET' && request.method !== 'HEAD') || request.path.startsWith('/assets/') || request.path.startsWith('/webchat/')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  };
  const consoleFiles = inSequence([compress, files, clientRoute]);
  // One step for the console, passed at once by API requests (no file lookup on their way to the API's routes).
  app.use((request: Request, response: Response, next: NextFunction) => (request.path.startsWith('/api') ? next() : consoleFiles(request, response, next)));
}
