// Fake of https://api.dictionaryapi.dev (Free Dictionary API) for integration/e2e tests and benchmarks.
// Speaks the live wire format: fixture words are served byte-for-byte from the shared fixtures, unknown
// words get the exact 404 body, and the failure modes the real service (an Express app) shows are scriptable.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export type FreeDictionaryMode = 'ok' | 'down' | 'hang' | 'rate-limited' | 'redirect' | 'huge';

export interface RecordedDictionaryRequest {
  method: string;
  /** The request target exactly as received (still percent-encoded, query included). */
  rawUrl: string;
  /** `rawUrl` without the query string, still percent-encoded. */
  path: string;
  /** The `<word>` path segment percent-decoded once; null if the route did not match or decoding failed. */
  decodedWord: string | null;
  headers: IncomingHttpHeaders;
}

export interface FreeDictionaryEntry {
  word: string;
  phonetic?: string;
  phonetics: { text?: string; audio?: string; sourceUrl?: string; license?: { name: string; url: string } }[];
  meanings: {
    partOfSpeech: string;
    definitions: { definition: string; synonyms: string[]; antonyms: string[]; example?: string }[];
    synonyms: string[];
    antonyms: string[];
  }[];
  license?: { name: string; url: string };
  sourceUrls?: string[];
}

export interface FakeFreeDictionaryOptions {
  latencyMs?: number;
  port?: number;
  /** Answer unknown English words with a synthetic entry (see `generateWord`) instead of 404. */
  synthesizeUnknown?: boolean | ((word: string) => boolean);
  /** Size of the 200 body in 'huge' mode; default 5 MiB. */
  hugeBytes?: number;
}

/**
 * Root of the captured fixtures: `$FIXTURES_DIR`, else `test/fixtures` — an unedited copy of the real
 * captures handed to the team (see test/fixtures/README.md), vendored so a fresh clone can run the tests.
 */
export function fixturesRoot(): string {
  return process.env.FIXTURES_DIR ?? fileURLToPath(new URL('../fixtures/', import.meta.url));
}

const JSON_TYPE = 'application/json; charset=utf-8';
const RESOLUTION = 'You can try the search again at later time or head to the web instead.';
/** Body of the live service's 500 (its UnexpectedError; the missing apostrophe is the service's own). */
export const DOWN_BODY = {
  title: 'Something Went Wrong',
  message: 'Sorry pal, something went wrong, and its not your fault.',
  resolution: RESOLUTION,
};
/** Body of the live service's 429. */
export const RATE_LIMITED_BODY = {
  title: 'API Rate Limit Exceeded',
  message: 'Sorry pal, you were just rate limited by the upstream server.',
  resolution: RESOLUTION,
};
// Express route `/api/:version/entries/:language/:word`: case-insensitive, optional trailing slash.
const ROUTE = /^\/api\/([^/]+)\/entries\/([^/]+)\/([^/]+)\/?$/i;

let legionTemplate: FreeDictionaryEntry | undefined;

/** A plausible entry for any word, built from the legion fixture with the word substituted. */
export function generateWord(word: string): FreeDictionaryEntry[] {
  legionTemplate ??= (
    JSON.parse(
      readFileSync(join(fixturesRoot(), 'free-dictionary', 'legion.json'), 'utf8'),
    ) as FreeDictionaryEntry[]
  )[0];
  const entry = JSON.parse(JSON.stringify(legionTemplate), (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(/legion/gi, () => word) : value,
  ) as FreeDictionaryEntry;
  entry.phonetic = `/${word}/`;
  entry.phonetics = [{ text: `/${word}/`, audio: '' }];
  entry.sourceUrls = [`https://en.wiktionary.org/wiki/${encodeURIComponent(word)}`];
  return [entry];
}

/** `count` distinct, deterministic, letters-only words ('synaaa', 'synaab', ...) for benchmarks. */
export function syntheticWords(count = 10_000): string[] {
  let width = 1;
  while (26 ** width < count) width++;
  return Array.from({ length: count }, (_, i) => {
    let suffix = '';
    for (let n = i, k = 0; k < width; k++, n = Math.floor(n / 26))
      suffix = String.fromCharCode(97 + (n % 26)) + suffix;
    return `syn${suffix}`;
  });
}

function normalizeWord(word: string): string {
  return word.trim().toLocaleLowerCase('en');
}

function normalizeLang(lang: string): string {
  return lang === 'en_US' || lang === 'en_GB' ? 'en' : lang.toLowerCase();
}

export class FakeFreeDictionaryServer {
  /** Base URL for `DICTIONARY_API_URL`, e.g. `http://127.0.0.1:PORT/api/v2/entries`. */
  public readonly url: string;
  public latencyMs: number;
  public synthesizeUnknown: boolean | ((word: string) => boolean);
  public hugeBytes: number;
  /** Where 'redirect' mode points (another host); receives the raw request path. */
  public redirectTo: (rawPath: string) => string = (rawPath) => `http://redirect-target.invalid${rawPath}`;
  public readonly requests: RecordedDictionaryRequest[] = [];
  private mode: FreeDictionaryMode = 'ok';
  private readonly words = new Map<string, Buffer>();
  private readonly closing = new AbortController();
  private hugeBody: { bytes: number; body: Buffer } | undefined;

  private constructor(
    private readonly server: Server,
    private readonly fixtureWords: ReadonlyMap<string, Buffer>,
    private readonly notFoundBody: Buffer,
    private readonly initial: Required<Omit<FakeFreeDictionaryOptions, 'port'>>,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/api/v2/entries`;
    this.latencyMs = initial.latencyMs;
    this.synthesizeUnknown = initial.synthesizeUnknown;
    this.hugeBytes = initial.hugeBytes;
    this.restoreWords();
  }

  public static async start(opts: FakeFreeDictionaryOptions = {}): Promise<FakeFreeDictionaryServer> {
    const dir = join(fixturesRoot(), 'free-dictionary');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'not-found.json');
    const fixtureWords = new Map<string, Buffer>();
    for (const file of files)
      fixtureWords.set(`en:${file.slice(0, -'.json'.length)}`, await readFile(join(dir, file)));
    const notFound = await readFile(join(dir, 'not-found.json'));

    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const fake = new FakeFreeDictionaryServer(server, fixtureWords, notFound, {
      latencyMs: opts.latencyMs ?? 0,
      synthesizeUnknown: opts.synthesizeUnknown ?? false,
      hugeBytes: opts.hugeBytes ?? 5 * 1024 * 1024,
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res));
    return fake;
  }

  /** Serve `entries` (JSON-encoded as given, so malformed shapes are possible) with 200 for `word`. */
  public addWord(word: string, entries: unknown, lang = 'en'): void {
    this.words.set(`${normalizeLang(lang)}:${normalizeWord(word)}`, Buffer.from(JSON.stringify(entries)));
  }

  /** Serve these exact bytes with 200 for `word` (e.g. truncated or invalid JSON). */
  public addRawWord(word: string, body: string | Buffer, lang = 'en'): void {
    this.words.set(`${normalizeLang(lang)}:${normalizeWord(word)}`, Buffer.from(body));
  }

  /** Make a word (fixture or added) unknown again. */
  public removeWord(word: string, lang = 'en'): void {
    this.words.delete(`${normalizeLang(lang)}:${normalizeWord(word)}`);
  }

  public setMode(mode: FreeDictionaryMode): void {
    this.mode = mode;
  }

  public getMode(): FreeDictionaryMode {
    return this.mode;
  }

  /** Requests received in total, or for one word (compared trimmed and lower-cased, like the service). */
  public count(word?: string): number {
    if (word === undefined) return this.requests.length;
    const wanted = normalizeWord(word);
    return this.requests.filter((r) => r.decodedWord !== null && normalizeWord(r.decodedWord) === wanted)
      .length;
  }

  /** Back to the state right after `start()`: no requests, mode 'ok', initial options, fixture words only. */
  public reset(): void {
    this.requests.length = 0;
    this.mode = 'ok';
    this.latencyMs = this.initial.latencyMs;
    this.synthesizeUnknown = this.initial.synthesizeUnknown;
    this.hugeBytes = this.initial.hugeBytes;
    this.restoreWords();
  }

  /** Stops listening and destroys open connections, which ends any hanging or delayed request. */
  public async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private restoreWords(): void {
    this.words.clear();
    for (const [key, body] of this.fixtureWords) this.words.set(key, body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    req.resume();
    const rawUrl = req.url ?? '/';
    const path = rawUrl.split('?', 1)[0]!;
    const match = ROUTE.exec(path);
    let decodedWord: string | null = null;
    let badEncoding = false;
    if (match) {
      try {
        decodedWord = decodeURIComponent(match[3]!);
      } catch {
        badEncoding = true;
      }
    }
    this.requests.push({ method: req.method ?? '', rawUrl, path, decodedWord, headers: { ...req.headers } });

    if (this.mode === 'hang') return; // answered by nobody; close() destroys the socket
    if (this.latencyMs > 0) {
      try {
        await sleep(this.latencyMs, undefined, { signal: this.closing.signal });
      } catch {
        return;
      }
    }
    switch (
      this.getMode() // re-read: the mode may have changed during the latency
    ) {
      case 'hang':
        return;
      case 'down':
        return this.send(res, 500, JSON.stringify(DOWN_BODY));
      case 'rate-limited':
        return this.send(res, 429, JSON.stringify(RATE_LIMITED_BODY));
      case 'redirect': {
        const location = this.redirectTo(path);
        return this.send(res, 302, `Found. Redirecting to ${location}`, 'text/plain; charset=utf-8', {
          Location: location,
        });
      }
      case 'huge':
        return this.send(res, 200, this.huge());
      case 'ok':
        break;
    }

    const method = req.method ?? 'GET';
    if (!match || (method !== 'GET' && method !== 'HEAD')) {
      const html = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${method} ${path}</pre>\n</body>\n</html>\n`;
      return this.send(res, 404, html, 'text/html; charset=utf-8');
    }
    if (badEncoding || decodedWord === null) {
      return this.send(
        res,
        400,
        `<pre>URIError: Failed to decode param &#39;${match[3]}&#39;</pre>`,
        'text/html',
      );
    }
    const word = normalizeWord(decodedWord);
    const lang = normalizeLang(match[2]!);
    if (match[1] !== 'v2' || !word) return this.send(res, 404, this.notFoundBody);
    const known = this.words.get(`${lang}:${word}`);
    if (known) return this.send(res, 200, known);
    const synth = this.synthesizeUnknown;
    if (lang === 'en' && (typeof synth === 'function' ? synth(word) : synth)) {
      return this.send(res, 200, JSON.stringify(generateWord(word)));
    }
    return this.send(res, 404, this.notFoundBody);
  }

  private huge(): Buffer {
    if (this.hugeBody?.bytes !== this.hugeBytes) {
      const entry = JSON.stringify(generateWord('legion')[0]);
      const copies = Math.max(1, Math.ceil(this.hugeBytes / (entry.length + 1)));
      const body = Buffer.from(`[${Array.from({ length: copies }, () => entry).join(',')}]`);
      this.hugeBody = { bytes: this.hugeBytes, body };
    }
    return this.hugeBody.body;
  }

  private send(
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    contentType = JSON_TYPE,
    headers: Record<string, string> = {},
  ): void {
    if (res.destroyed) return;
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': String(bytes.length),
      'Access-Control-Allow-Origin': '*',
      ...headers,
    });
    res.end(bytes);
  }
}
