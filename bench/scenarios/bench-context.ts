// Everything the scenarios share: the two app instances, the accounts, the fakes and the word sets.
import type { Account, ApiClient } from '../lib/api-client.js';
import type { BenchConfig } from '../lib/bench-config.js';
import type { BenchEnvironment } from '../lib/bench-environment.js';
import type { ChildServer } from '../lib/child-server.js';
import type { PayloadName } from '../lib/scenario.js';
import type { FakeFreeDictionaryServer } from '../../test/fakes/free-dictionary.server.js';
import type { FakeGeminiServer } from '../../test/fakes/gemini.server.js';

export interface CapturedPayload {
  method: 'GET' | 'POST';
  /** The response JSON the app gave (what the baselines return from memory). */
  response: unknown;
  /** The request JSON (POST), so the baselines parse the same body. */
  request?: unknown;
}

export interface BenchContext {
  config: BenchConfig;
  env: BenchEnvironment;
  /** The instance with L1 on (production default). */
  l1App: ChildServer;
  /** A second instance, same database and key prefix, with CACHE_L1_ENABLED=false. */
  redisApp: ChildServer;
  api: ApiClient;
  apiNoL1: ApiClient;
  user: Account;
  admin: Account;
  dictionary: FakeFreeDictionaryServer;
  gemini: FakeGeminiServer;
  /** Words stored in PostgreSQL (not in Redis) before the first scenario; the Zipf population. */
  words: string[];
  /** The word every single-key dictionary scenario reads. */
  hotWord: string;
  /** Filled by the scenarios as they warm up; the baselines serve these. */
  payloads: Partial<Record<PayloadName, CapturedPayload>>;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };
