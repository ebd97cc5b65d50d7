// Fake of the Gemini API (`generativelanguage.googleapis.com`) for integration/e2e tests and benchmarks:
// `POST /{apiVersion}/models/{model}:generateContent` and `:streamGenerateContent` in the real wire format
// (see /work/shared/fixtures/gemini/README.md). Replies are scripted with a one-shot queue and a default
// handler; reply helpers live in gemini.replies.ts and are re-exported here.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  apiError,
  echoCorrector,
  estimateTokens,
  extractSystemText,
  extractUserText,
  type FakeReply,
  type GeminiHandler,
  type GeminiRequest,
  type GeminiRequestBody,
  type RawReply,
} from './gemini.replies.js';

export * from './gemini.replies.js';

export interface FakeGeminiOptions {
  latencyMs?: number;
  port?: number;
  /** Expected `x-goog-api-key`; default 'test-key'. */
  apiKey?: string;
}

/** A request answered by the fake itself (404 route, 403 key, 400 body) without reaching the handler. */
export interface GeminiRejection {
  status: number;
  method: string;
  rawUrl: string;
  headers: IncomingHttpHeaders;
  message: string;
}

// `{model}` is `models/<name>` (or another resource path such as `tunedModels/<name>`).
const ROUTE = /^\/([^/]+)\/(.+):(generateContent|streamGenerateContent)$/;
// Top-level fields of GenerateContentRequest (JSON names; the API also accepts snake_case).
const KNOWN_FIELDS = new Set([
  'contents',
  'systemInstruction',
  'generationConfig',
  'safetySettings',
  'tools',
  'toolConfig',
  'cachedContent',
  'labels',
  'serviceTier',
  'model',
]);
const snakeToCamel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export class FakeGeminiServer {
  /** Base URL for `GEMINI_BASE_URL`, e.g. `http://127.0.0.1:PORT`. */
  public readonly url: string;
  public latencyMs: number;
  public apiKey: string;
  public readonly calls: GeminiRequest[] = [];
  public readonly rejections: GeminiRejection[] = [];
  private handler: GeminiHandler = echoCorrector;
  private readonly queue: FakeReply[] = [];
  private readonly closing = new AbortController();
  private responseSeq = 0;

  private constructor(
    private readonly server: Server,
    private readonly initial: { latencyMs: number; apiKey: string },
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.latencyMs = initial.latencyMs;
    this.apiKey = initial.apiKey;
  }

  public static async start(opts: FakeGeminiOptions = {}): Promise<FakeGeminiServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const fake = new FakeGeminiServer(server, {
      latencyMs: opts.latencyMs ?? 0,
      apiKey: opts.apiKey ?? 'test-key',
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res));
    return fake;
  }

  public get callCount(): number {
    return this.calls.length;
  }

  /** Sets the default handler, used whenever the queue is empty. */
  public respondWith(handler: GeminiHandler): void {
    this.handler = handler;
  }

  /** One-shot replies, consumed in order before the default handler is asked. */
  public enqueue(...replies: FakeReply[]): void {
    this.queue.push(...replies);
  }

  public get pending(): number {
    return this.queue.length;
  }

  /** Back to the state right after `start()`: no calls, empty queue, echo corrector, initial options. */
  public reset(): void {
    this.calls.length = 0;
    this.rejections.length = 0;
    this.queue.length = 0;
    this.handler = echoCorrector;
    this.latencyMs = this.initial.latencyMs;
    this.apiKey = this.initial.apiKey;
    this.responseSeq = 0;
  }

  /** Stops listening and destroys open connections, which ends any hanging or delayed call. */
  public async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async wait(ms: number): Promise<boolean> {
    if (ms <= 0) return !this.closing.signal.aborted;
    try {
      await sleep(ms, undefined, { signal: this.closing.signal });
      return true;
    } catch {
      return false;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    let raw: string;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      raw = Buffer.concat(chunks).toString('utf8');
    } catch {
      return; // client went away mid-body
    }
    if (!(await this.wait(this.latencyMs))) return;

    const rawUrl = req.url ?? '/';
    const [path = '', query = ''] = rawUrl.split('?', 2);
    const match = ROUTE.exec(path);
    const reject = (reply: RawReply, message: string): void => {
      this.rejections.push({
        status: reply.status,
        method: req.method ?? '',
        rawUrl,
        headers: req.headers,
        message,
      });
      this.send(res, reply);
    };
    if (!match || req.method !== 'POST') {
      const message = `The requested URL ${path} was not found on this server.`;
      return reject(apiError(404, 'NOT_FOUND', message), message);
    }
    const key = req.headers['x-goog-api-key'];
    if (key !== this.apiKey) {
      const message =
        key === undefined
          ? "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
          : 'API key not valid. Please pass a valid API key.';
      return reject(apiError(403, 'PERMISSION_DENIED', message), message);
    }
    const invalid = (message: string): void => reject(apiError(400, 'INVALID_ARGUMENT', message), message);
    let body: GeminiRequestBody;
    try {
      body = JSON.parse(raw) as GeminiRequestBody;
    } catch {
      return invalid(`Invalid JSON payload received. Unexpected token.\n${raw.slice(0, 40)}\n^`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return invalid('Invalid JSON payload received. Expected an object.');
    }
    const unknown = Object.keys(body).find((k) => !KNOWN_FIELDS.has(snakeToCamel(k)));
    if (unknown !== undefined) {
      return invalid(`Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`);
    }
    if (!Array.isArray(body.contents) || body.contents.length === 0) {
      return invalid('* GenerateContentRequest.contents: contents is not specified\n');
    }

    const request: GeminiRequest = {
      model: decodeURIComponent(match[2]!).replace(/^models\//, ''),
      apiVersion: match[1]!,
      stream: match[3] === 'streamGenerateContent',
      rawUrl,
      body,
      headers: req.headers,
      userText: extractUserText(body),
      systemText: extractSystemText(body),
    };
    this.calls.push(request);
    let reply: FakeReply;
    try {
      reply = this.queue.shift() ?? (await this.handler(request));
    } catch (err) {
      reply = apiError(500, 'INTERNAL', `FakeGeminiServer handler threw: ${String(err)}`);
    }
    const sse = new URLSearchParams(query).get('alt') === 'sse';
    await this.reply(res, request, reply, sse);
  }

  private async reply(
    res: ServerResponse,
    req: GeminiRequest,
    reply: FakeReply,
    sse: boolean,
  ): Promise<void> {
    switch (reply.kind) {
      case 'delay':
        if (await this.wait(reply.ms)) await this.reply(res, req, reply.reply, sse);
        return;
      case 'hang':
        return;
      case 'drop':
        res.socket?.destroy();
        return;
      case 'raw':
        return this.send(res, reply);
      case 'blocked':
      case 'answer':
        return this.sendAnswer(res, req, reply, sse);
    }
  }

  private sendAnswer(
    res: ServerResponse,
    req: GeminiRequest,
    reply: FakeReply & { kind: 'answer' | 'blocked' },
    sse: boolean,
  ): void {
    const responseId = `fake-response-${String(++this.responseSeq).padStart(4, '0')}`;
    const promptTokenCount = Math.max(1, estimateTokens(`${req.systemText}${req.userText}`));
    const tail = { modelVersion: req.model, responseId };
    if (reply.kind === 'blocked') {
      const usageMetadata = { promptTokenCount, totalTokenCount: promptTokenCount };
      return this.sendChunks(res, req.stream, sse, [
        { promptFeedback: { blockReason: reply.blockReason }, usageMetadata, ...tail },
      ]);
    }
    const candidatesTokenCount = estimateTokens(reply.text);
    const usageMetadata = reply.usage ?? {
      promptTokenCount,
      candidatesTokenCount,
      totalTokenCount: promptTokenCount + candidatesTokenCount,
    };
    // Streaming sends the answer in up to three chunks; only the last has finishReason and usageMetadata.
    const size = Math.max(1, Math.ceil(reply.text.length / (req.stream ? 3 : 1)));
    const count = Math.max(1, Math.ceil(reply.text.length / size));
    const pieces = Array.from({ length: count }, (_, i) => reply.text.slice(i * size, (i + 1) * size));
    const chunks = pieces.map((text, i) => {
      const last = i === pieces.length - 1;
      const candidate = {
        content: { parts: [{ text }], role: 'model' },
        ...(last ? { finishReason: reply.finishReason } : {}),
        index: 0,
      };
      return { candidates: [candidate], ...(last ? { usageMetadata } : {}), ...tail };
    });
    return this.sendChunks(res, req.stream, sse, chunks);
  }

  /** Unary: the single chunk as JSON. Stream: SSE events with `alt=sse`, else a JSON array of chunks. */
  private sendChunks(res: ServerResponse, stream: boolean, sse: boolean, chunks: object[]): void {
    const body =
      stream && sse
        ? chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join('')
        : JSON.stringify(stream ? chunks : chunks[0], null, 2);
    const contentType = stream && sse ? 'text/event-stream' : 'application/json; charset=UTF-8';
    this.send(res, { kind: 'raw', status: 200, body, contentType });
  }

  private send(res: ServerResponse, reply: RawReply): void {
    if (res.destroyed || res.headersSent) return;
    const bytes = Buffer.from(reply.body);
    res.writeHead(reply.status, {
      'Content-Type': reply.contentType ?? 'application/json; charset=UTF-8',
      'Content-Length': String(bytes.length),
      ...reply.headers,
    });
    res.end(bytes);
  }
}
