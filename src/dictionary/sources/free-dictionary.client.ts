import { Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { NOT_FOUND, type NotFound } from '#src/infra/cache/cache.types.js';
import { UpstreamUnavailableError } from '#src/infra/http/errors.js';
import { type CircuitBreaker, CircuitOpenError } from '#src/infra/resilience/circuit-breaker.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';

import { DICTIONARY_LANGUAGE, type DictionaryEntries, dictionaryEntriesSchema } from '../dictionary-entry.js';
import { NO_DEFINITIONS } from '../errors/word-not-found.error.js';
import { BodyTooLargeError, readBoundedText } from './bounded-body.js';
import { DictionarySource } from './dictionary-source.js';

/**
 * The exact response body behind each entry list this client returned (for the Free Dictionary mirror,
 * which must answer byte for byte what the API sent). Keyed by the array itself, so nothing leaks.
 */
const rawBodies = new WeakMap<DictionaryEntries, string>();

/** The API's own bytes for `entries`, when they came from it in this process. */
export function rawBodyOf(entries: DictionaryEntries): string | undefined {
  return rawBodies.get(entries);
}

/** Largest body we read: the biggest real entries (e.g. "set") are ~150 KB. */
export const MAX_BODY_BYTES = 1024 * 1024;
const UPSTREAM = 'free-dictionary';

/**
 * Client of the Free Dictionary API (`GET {DICTIONARY_API_URL}/en/{word}`) with global `fetch`.
 *
 * The word is one percent-encoded path segment and the built URL is checked to still have the
 * configured origin and path prefix; redirects are not followed (a redirect means "unavailable"), the
 * body is capped, every call has a timeout, and a circuit breaker stops paying that timeout while the
 * service is down. A 404 carrying the service's own "No Definitions Found" body is a definitive miss;
 * anything else that is not a valid entry list (429, 5xx, timeout, redirect, garbage, another 404)
 * throws `UpstreamUnavailableError`, which is never cached as "not found".
 */
@Injectable()
export class FreeDictionaryClient extends DictionarySource {
  public readonly name = UPSTREAM;
  private readonly logger = new Logger(FreeDictionaryClient.name);
  private readonly base: URL;
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly config: AppConfig,
    breakers: CircuitBreakerRegistry,
  ) {
    super();
    this.base = new URL(config.dictionary.apiUrl);
    this.base.pathname = this.base.pathname.replace(/\/+$/, '');
    this.base.search = '';
    this.base.hash = '';
    this.breaker = breakers.create({ name: UPSTREAM, failureThreshold: 5, openMs: 15_000 });
  }

  /** The request URL for `word`; throws if any input could make it leave the configured prefix. */
  public urlFor(word: string): URL {
    const prefix = `${this.base.pathname}/${DICTIONARY_LANGUAGE}/`;
    const segment = encodeURIComponent(word);
    const url = new URL(`${this.base.origin}${prefix}${segment}`);
    if (url.origin !== this.base.origin || url.pathname !== prefix + segment || url.search || url.hash) {
      throw new Error(`refusing to build a dictionary URL for ${JSON.stringify(word)}`);
    }
    return url;
  }

  public async lookup(word: string): Promise<DictionaryEntries | NotFound> {
    const url = this.urlFor(word);
    try {
      return await this.breaker.execute(() => this.fetchEntries(url, word));
    } catch (err) {
      if (err instanceof CircuitOpenError) {
        // Whole seconds, at least one: a client that retries at once would be refused again.
        const retryAfterSeconds = Math.max(1, Math.ceil(err.retryInMs / 1000));
        const detail = `The Free Dictionary API is not answering; it is tried again in ${retryAfterSeconds} s.`;
        throw new UpstreamUnavailableError(UPSTREAM, detail, { cause: err, retryAfterSeconds });
      }
      throw err;
    }
  }

  private async fetchEntries(url: URL, word: string): Promise<DictionaryEntries | NotFound> {
    const started = performance.now();
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.dictionary.timeoutMs),
      });
      body = await readBoundedText(response, MAX_BODY_BYTES);
    } catch (err) {
      throw this.unavailable(word, started, describeFetchError(err, this.config.dictionary.timeoutMs), err);
    }
    if (response.status === 404 && parseJson(body)?.title === NO_DEFINITIONS.title) return NOT_FOUND;
    if (response.status !== 200) throw this.unavailable(word, started, `answered HTTP ${response.status}`);
    const parsed = dictionaryEntriesSchema.safeParse(parseJson(body));
    if (!parsed.success)
      throw this.unavailable(word, started, 'answered a body that is not a list of entries');
    if (parsed.data.length === 0) return NOT_FOUND;
    rawBodies.set(parsed.data, body);
    return parsed.data;
  }

  private unavailable(word: string, started: number, why: string, cause?: unknown): UpstreamUnavailableError {
    const latencyMs = Math.round(performance.now() - started);
    this.logger.warn({ upstream: UPSTREAM, word, latencyMs, why }, 'free dictionary unavailable');
    return new UpstreamUnavailableError(UPSTREAM, `The Free Dictionary API ${why}.`, { cause });
  }
}

function parseJson(text: string): { title?: unknown } | undefined {
  try {
    return JSON.parse(text) as { title?: unknown };
  } catch {
    return undefined;
  }
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof BodyTooLargeError) return `sent more than ${err.limitBytes} bytes`;
  if ((err as Error)?.name === 'TimeoutError') return `did not answer within ${timeoutMs} ms`;
  return `could not be reached (${(err as Error)?.message ?? String(err)})`;
}
