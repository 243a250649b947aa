import createClient from 'openapi-fetch';
import type { paths } from '../../libs/api-client/src/schema';

export const DEMO_PASSWORD = 'mayak-demo-2026';

/**
 * The generated client with a cookie jar and the CSRF header, as a browser would send them.
 * One instance is one signed-in person.
 */
export function createTestClient(baseUrl: string) {
  const jar = new Map<string, string>();
  let csrfToken: string | undefined;
  const fetchWithCookies = async (input: Request): Promise<Response> => {
    const headers = new Headers(input.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    if (csrfToken && !['GET', 'HEAD'].includes(input.method) && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrfToken);
    const response = await fetch(new Request(input, { headers }));
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  const api = createClient<paths>({ baseUrl, fetch: fetchWithCookies });
  const client = {
    api,
    jar,
    get csrfToken() {
      return csrfToken;
    },
    set csrfToken(value: string | undefined) {
      csrfToken = value;
    },
    async login(email: string, password = DEMO_PASSWORD) {
      const result = await api.POST('/api/v1/auth/login', { body: { email, password } });
      if (result.data) csrfToken = result.data.csrfToken;
      return result;
    },
  };
  return client;
}

export type TestClient = ReturnType<typeof createTestClient>;

export async function signedIn(baseUrl: string, email: string): Promise<TestClient> {
  const client = createTestClient(baseUrl);
  const { data, error } = await client.login(email);
  if (!data) throw new Error(`sign-in as ${email} failed: ${JSON.stringify(error)}`);
  if (data.state !== 'active') throw new Error(`sign-in as ${email} needs a second factor (${data.state})`);
  return client;
}
