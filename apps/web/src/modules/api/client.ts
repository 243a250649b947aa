import { createApiClient } from '@mayak/api-client';

/** The console's only way to reach the API (same origin, session cookie, CSRF header). */
export const api = createApiClient();
