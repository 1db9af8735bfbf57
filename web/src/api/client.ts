// The API client: openapi-fetch typed by schema.d.ts (generated from the server's OpenAPI
// document), with the signed-in token on every request. A 401 signs the session out (the sign-in
// page then says why); any other error becomes an ApiError holding the server's code and message
// exactly as sent.
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export type Api = ReturnType<typeof createClient<paths>>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** at most this many requests in flight: a read key's query budget allows a few questions at once */
const MAX_IN_FLIGHT = 3;

/**
 * fetch with a bound on requests in flight (pages ask several questions at once, the server
 * charges a key's concurrent questions) and one retry of a 429 after its Retry-After (≤ 3 s)
 */
function limitedFetch(): (request: Request) => Promise<Response> {
  let active = 0;
  const waiting: Array<() => void> = [];
  const acquire = (): Promise<void> => {
    if (active < MAX_IN_FLIGHT) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async (request) => {
    await acquire();
    try {
      const retry = request.clone();
      const response = await fetch(request);
      const after = Number(response.headers.get('retry-after'));
      if (response.status !== 429 || !(after > 0 && after <= 3)) return response;
      await new Promise((r) => setTimeout(r, after * 1000));
      return await fetch(retry);
    } finally {
      release();
    }
  };
}

export function createApi(token: string, onUnauthorized: (message: string) => void): Api {
  const api = createClient<paths>({ baseUrl: '', fetch: limitedFetch() });
  api.use({
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.status === 401) {
        const body = (await response.clone().json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
        onUnauthorized(body?.error?.message ?? 'the key was refused');
      }
      return response;
    },
  });
  return api;
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** the answer's data, or an ApiError with the server's code and message */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (err) {
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
  if (answer.data !== undefined && answer.response.ok) return answer.data;
  const detail = (answer.error as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new ApiError(answer.response.status, detail?.code ?? `HTTP_${answer.response.status}`, detail?.message ?? answer.response.statusText);
}

/** the JSON body a route takes, from the generated types */
export type JsonBody<P extends keyof paths, M extends 'post' | 'put'> = paths[P] extends Record<M, { requestBody?: { content: { 'application/json': infer B } } }> ? B : never;
/** the JSON a route answers with 200 */
export type JsonAnswer<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'delete'> = paths[P] extends Record<M, { responses: { 200: { content: { 'application/json': infer A } } } }> ? A : never;
