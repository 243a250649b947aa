import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * CORS for the web chat widget's API only: pages of the listed origins (the hotline's
 * website, WEBCHAT_ORIGINS, and Mayak's own) may call it and read its answers. No
 * credentials: the widget authenticates with its session's bearer token, never a cookie.
 */
export function webchatCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (request: Request, response: Response, next: NextFunction) => {
    const origin = request.headers.origin;
    response.setHeader('Vary', 'Origin');
    if (typeof origin === 'string' && allowed.has(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE');
      response.setHeader('Access-Control-Max-Age', '600');
      // The widget reads its answers from another site's page.
      response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    }
    if (request.method === 'OPTIONS') {
      response.status(typeof origin === 'string' && allowed.has(origin) ? 204 : 403).end();
      return;
    }
    next();
  };
}
