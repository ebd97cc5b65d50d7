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
  /** A 503's own dependency that is down (`postgresql`, `redis`). */
  dependency?: string;
  /** A 503's upstream that is down (`free-dictionary`, `gemini`). */
  upstream?: string;
  retryAfter?: number;
  /** A 400's invalid fields: the detail only points at them ("see `errors` for each field"). */
  errors?: { field?: unknown; message?: unknown }[];
}

/** What a 503 names, as a writer knows it. */
const SERVICE_NAMES: Record<string, string> = {
  postgresql: 'The database (PostgreSQL)',
  redis: 'Redis',
  'free-dictionary': 'The Free Dictionary API',
  gemini: 'Gemini',
};

/** One sentence a writer can act on, from a failed response: when to retry, what is down. */
export function describeFailure(response: Response, body: unknown): string {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Problem;
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After') ?? problem.retryAfter ?? 0);
    return `Too many requests. Try again in ${seconds > 0 ? `${seconds} s` : 'a moment'}.`;
  }
  if (response.status === 503) {
    const down = problem.dependency ?? problem.upstream;
    const what = down === undefined ? 'The service' : (SERVICE_NAMES[down] ?? down);
    return `${what} is unavailable right now; your text is kept.`;
  }
  const fields = Array.isArray(problem.errors) ? problem.errors.flatMap(fieldSentence) : [];
  if (fields.length > 0) return fields.join(' ');
  return problem.detail ?? problem.title ?? `The request failed (HTTP ${response.status}).`;
}

/** `{field: "displayName", message: "must be at most 80 characters"}` → "Display name must be at most 80 characters." */
function fieldSentence({ field, message }: { field?: unknown; message?: unknown }): string[] {
  if (typeof field !== 'string' || typeof message !== 'string' || message === '') return [];
  const name =
    field === '(body)' ? 'The request' : field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]/g, ' ');
  const sentence = `${name.charAt(0).toUpperCase()}${name.slice(1).toLowerCase()} ${message}`;
  return [/[.!?]$/.test(sentence) ? sentence : `${sentence}.`];
}
