import type { TestApp } from '../../helpers/test-app.js';

/** The settings API as the editor calls it. */

export const SETTINGS_PATH = '/api/v1/settings';

export interface SettingsBody {
  language: string;
  tone: string;
  correctionMode: string;
  disabledRules: string[];
  autoLookup: boolean;
  theme: string;
  llmEnabled: boolean;
  version: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export const DEFAULTS = {
  language: 'en-US',
  tone: 'neutral',
  correctionMode: 'grammar',
  disabledRules: [],
  autoLookup: true,
  theme: 'system',
  llmEnabled: true,
} as const;

export interface SettingsResponse<T = SettingsBody> {
  status: number;
  etag: string | null;
  headers: Headers;
  body: T;
}

async function call<T>(
  app: TestApp,
  token: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<SettingsResponse<T>> {
  const res = await app.request(SETTINGS_PATH, { ...init, token });
  const text = await res.text();
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
  };
}

export function getSettings(
  app: TestApp,
  token: string,
  headers: Record<string, string> = {},
): Promise<SettingsResponse> {
  return call<SettingsBody>(app, token, { headers });
}

export function putSettings<T = SettingsBody>(
  app: TestApp,
  token: string,
  json: unknown,
  ifMatch?: string,
): Promise<SettingsResponse<T>> {
  return call<T>(app, token, { method: 'PUT', json, headers: ifMatch ? { 'if-match': ifMatch } : {} });
}

export function patchSettings<T = SettingsBody>(
  app: TestApp,
  token: string,
  json: unknown,
  ifMatch?: string,
): Promise<SettingsResponse<T>> {
  return call<T>(app, token, { method: 'PATCH', json, headers: ifMatch ? { 'if-match': ifMatch } : {} });
}
