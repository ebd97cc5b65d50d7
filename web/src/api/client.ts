import createClient from 'openapi-fetch';

import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type UserProfile = Schemas['UserProfile'];
export type Settings = Schemas['Settings'];
export type CorrectionEdit = Schemas['CorrectionEdit'];

/** The typed client generated from the service's own OpenAPI document (`npm run web:api`). */
export type ApiClient = ReturnType<typeof createClient<paths>>;

export function createApiClient(): ApiClient {
  return createClient<paths>({ baseUrl: location.origin });
}

/** RFC 9457 problem details, as every route but `/v2` answers errors. */
interface Problem {
  title?: string;
  detail?: string;
  dependency?: string;
  retryAfter?: number;
}

/** One sentence a writer can act on, from a failed response: when to retry, what is down. */
export function describeFailure(response: Response, body: unknown): string {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Problem;
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After') ?? problem.retryAfter ?? 0);
    return `Too many requests. Try again in ${seconds > 0 ? `${seconds} s` : 'a moment'}.`;
  }
  if (response.status === 503) {
    const what = problem.dependency ? `${problem.dependency} is unavailable` : 'The service is unavailable';
    return `${what}; your text is kept. ${problem.detail ?? ''}`.trim();
  }
  return problem.detail ?? problem.title ?? `The request failed (HTTP ${response.status}).`;
}
