import type { Response } from 'express';

export const SESSION_COOKIE = 'mayak_session';
export const CSRF_HEADER = 'x-csrf-token';

export function setSessionCookie(response: Response, token: string, secure: boolean): void {
  response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/**
 * Marks a browser an account has signed in from (see LoginThrottle): a random token, sent
 * only to the sign-in routes, never read by scripts.
 */
export const DEVICE_COOKIE = 'mayak_device';
const DEVICE_COOKIE_PATH = '/api/v1/auth';
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function deviceTokenOf(cookies: Record<string, unknown> | undefined): string | null {
  const token = cookies?.[DEVICE_COOKIE];
  return typeof token === 'string' && DEVICE_TOKEN.test(token) ? token : null;
}

export function setDeviceCookie(response: Response, token: string, secure: boolean, maxAgeMs: number): void {
  response.cookie(DEVICE_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: DEVICE_COOKIE_PATH, maxAge: maxAgeMs });
}

export function clearSessionCookie(response: Response, secure: boolean): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}
