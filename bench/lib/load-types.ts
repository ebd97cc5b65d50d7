// What a load run is asked to do and what it reports, whichever generator runs it.
import type { AutocannonRequest } from 'autocannon';

export type Generator = 'wrk' | 'autocannon' | 'redis-benchmark';

/** A load either generator can produce: one fixed request, or a walk over a list of paths. */
export interface HttpLoad {
  /** Base URL of the server under test. */
  url: string;
  connections: number;
  durationSec: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** The fixed path (when `paths` is not given). */
  path?: string;
  body?: string;
  /**
   * One path per request, in order from `offset`, wrapping around (a walk over words, a Zipf stream).
   * `authorizations[i]`, when given, is request i's Authorization header (many users, each with a token).
   */
  paths?: { list: string[]; offset: number; authorizations?: string[] };
  /** Pause before each request on a connection (wrk's `delay()`): clients with think time, not a flood. */
  thinkMs?: number;
  timeoutSec?: number;
}

/** A load only autocannon can produce: requests built by callbacks (token chains, one-off bodies). */
export interface AutocannonLoad {
  url: string;
  connections: number;
  /** Seconds to run for (ignored when `amount` is given). */
  durationSec: number;
  /** Exactly this many requests, spread over the connections, then stop. */
  amount?: number;
  /** The requests each connection cycles through (autocannon's `requests`). */
  requests: AutocannonRequest[];
  timeoutSec?: number;
}

export interface RunResult {
  generator: Generator;
  /** 2xx responses. */
  ok: number;
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  /** Non-2xx responses, socket errors and timeouts. */
  errors: number;
  /** Largest RSS of the process under test sampled during the run (MiB). */
  rssPeakMb: number;
  elapsedSec: number;
  statusCodes: Record<string, number>;
  /** Requests built (a walk over `paths` continues from `offset + sent`). */
  sent: number;
}
