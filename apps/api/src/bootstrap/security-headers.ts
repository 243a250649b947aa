import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * The browser policy of every answer: the API's, the console's when the API serves it
 * (`npm start`), and, in docker/nginx-security-headers.conf, the console's behind nginx.
 * The production-stack test checks that the two say the same.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // data: for the QR code of the authenticator enrolment.
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  // The Vite build loads every script from a file: no inline script anywhere.
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // Mantine writes its CSS variables into <style> tags at run time and components set style
  // attributes (Swagger UI too), so inline styles are allowed; inline scripts are not.
  'style-src': ["'self'", "'unsafe-inline'"],
};

/** The softphone may use the microphone, from the console's own origin only; nothing else. */
export const PERMISSIONS_POLICY = 'microphone=(self), camera=(), geolocation=(), payment=(), usb=()';

/**
 * The headers of the browser policy, as helmet writes them for these options. They are the same
 * on every answer, so they are worked out once at start-up (helmet only sets headers) and the
 * request pipeline copies them onto each answer.
 */
export function securityHeaders(options: { https: boolean }): [name: string, value: string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  const policy = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CONTENT_SECURITY_POLICY, ...(options.https ? { 'upgrade-insecure-requests': [] } : {}) },
    },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  let done = false;
  policy({} as IncomingMessage, recorder as unknown as ServerResponse, () => (done = true));
  if (!done) throw new Error('helmet did not finish synchronously; the security headers cannot be precomputed');
  headers.push(['Permissions-Policy', PERMISSIONS_POLICY]);
  return headers;
}
