import { AsyncLocalStorage } from 'node:async_hooks';

/** What each log line written while a request is handled says about it. */
export interface RequestLogFields {
  id: string;
  method: string;
  /** The path, without the query string (see AccessLog). */
  url: string;
}

const current = new AsyncLocalStorage<RequestLogFields>();

/** Runs the rest of a request's handling with its fields, so every line logged meanwhile carries them. */
export function withRequestLogFields(fields: RequestLogFields, next: () => void): void {
  current.run(fields, next);
}

/** pino's `mixin`: `{ req }` on every line written during a request, nothing outside one. */
export function requestLogMixin(): { req?: RequestLogFields } {
  const req = current.getStore();
  return req ? { req } : {};
}
