import { createApiClient } from '@mayak/api-client';
import { learnServerTime } from '../clock/console-clock';

/** The console's only way to reach the API (same origin, session cookie, CSRF header); every answer sets the console's clock. */
export const api = createApiClient({
  middleware: [{ onResponse: ({ response }) => void learnServerTime(response.headers.get('date')) }],
});
