import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  DOWN_BODY,
  FakeFreeDictionaryServer,
  fixturesRoot,
  RATE_LIMITED_BODY,
  syntheticWords,
} from './free-dictionary.server.js';
import {
  blocked,
  delay,
  error400,
  error429,
  error500,
  error503,
  FakeGeminiServer,
  fixTypos,
  hang,
  okJson,
  okText,
} from './gemini.server.js';

interface Generated {
  candidates?: { content: { parts: { text: string }[] }; finishReason?: string }[];
  promptFeedback?: { blockReason: string };
  usageMetadata: { promptTokenCount: number; candidatesTokenCount?: number; totalTokenCount: number };
  modelVersion: string;
  responseId: string;
}
const answer = (body: Generated): string => body.candidates![0]!.content.parts[0]!.text;
const fixture = (name: string): string => readFileSync(join(fixturesRoot(), name), 'utf8');
const settled = async (p: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
  ]);

describe('FakeFreeDictionaryServer', () => {
  let dict: FakeFreeDictionaryServer;
  beforeAll(async () => (dict = await FakeFreeDictionaryServer.start()));
  afterEach(() => dict.reset());
  afterAll(() => dict.close());

  it.each(['hello', 'test', 'legion', 'cumbersome'])('serves the %s fixture byte-for-byte', async (word) => {
    const res = await fetch(`${dict.url}/en/${word}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe(fixture(`free-dictionary/${word}.json`));
  });

  it('answers unknown words with the exact 404 body and normalises case and spaces like the service', async () => {
    const res = await fetch(`${dict.url}/en/zzyzx`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe(fixture('free-dictionary/not-found.json'));
    expect((await fetch(`${dict.url}/en_US/%20HeLLo%20`)).status).toBe(200);
    expect(dict.count('hello')).toBe(1);
    expect(dict.count()).toBe(2);
  });

  it('records the raw request target, so hostile input is visible as one encoded segment', async () => {
    const hostile = '../admin?x=1#frag';
    const res = await fetch(`${dict.url}/en/${encodeURIComponent(hostile)}`, { headers: { 'x-probe': '1' } });
    expect(res.status).toBe(404);
    expect(dict.requests).toHaveLength(1);
    expect(dict.requests[0]).toMatchObject({
      method: 'GET',
      rawUrl: '/api/v2/entries/en/..%2Fadmin%3Fx%3D1%23frag',
      path: '/api/v2/entries/en/..%2Fadmin%3Fx%3D1%23frag',
      decodedWord: hostile,
    });
    expect(dict.requests[0]!.headers['x-probe']).toBe('1');
  });

  it('serves added words, and reset() forgets them and the counts', async () => {
    dict.addWord('ProsePolish', [{ word: 'prosepolish', meanings: [] }]);
    const res = await fetch(`${dict.url}/en/prosepolish`);
    expect(await res.json()).toEqual([{ word: 'prosepolish', meanings: [] }]);
    dict.reset();
    expect(dict.count()).toBe(0);
    expect((await fetch(`${dict.url}/en/prosepolish`)).status).toBe(404);
  });

  it('scripts down, rate-limited, redirect and huge', async () => {
    dict.setMode('down');
    let res = await fetch(`${dict.url}/en/hello`);
    expect([res.status, await res.json()]).toEqual([500, DOWN_BODY]);
    dict.setMode('rate-limited');
    res = await fetch(`${dict.url}/en/hello`);
    expect([res.status, await res.json()]).toEqual([429, RATE_LIMITED_BODY]);
    expect(RATE_LIMITED_BODY.title).toBe('API Rate Limit Exceeded');
    dict.setMode('redirect');
    res = await fetch(`${dict.url}/en/hello`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).host).not.toBe(new URL(dict.url).host);
    dict.setMode('huge');
    res = await fetch(`${dict.url}/en/hello`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(Array.isArray(JSON.parse(text))).toBe(true);
  });

  it('applies latencyMs', async () => {
    dict.latencyMs = 150;
    const started = performance.now();
    await (await fetch(`${dict.url}/en/hello`)).text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hangs until close()', async () => {
    const own = await FakeFreeDictionaryServer.start();
    own.setMode('hang');
    const pending = fetch(`${own.url}/en/hello`);
    expect(await settled(pending, 300)).toBe(false);
    expect(own.count('hello')).toBe(1);
    await own.close();
    await expect(pending).rejects.toThrow();
  });

  it('synthesizes plausible entries for any of 10,000 words when asked', async () => {
    const words = syntheticWords(10_000);
    expect(new Set(words).size).toBe(10_000);
    expect(words.every((w) => /^[a-z]+$/.test(w))).toBe(true);
    dict.synthesizeUnknown = true;
    const res = await fetch(`${dict.url}/en/${words[9_999]}`);
    const [entry] = (await res.json()) as { word: string; meanings: unknown[] }[];
    expect(entry!.word).toBe(words[9_999]);
    expect(entry!.meanings.length).toBeGreaterThan(0);
  });
});

describe('FakeGeminiServer', () => {
  let gemini: FakeGeminiServer;
  const endpoint = (model = 'gemini-2.5-flash', method = 'generateContent') =>
    `${gemini.url}/v1beta/models/${model}:${method}`;
  const request = {
    contents: [{ role: 'user', parts: [{ text: 'I recieve teh letter and the the stamp.' }] }],
  };
  const post = (body: unknown = request, key: string | null = 'test-key', url = endpoint()) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'x-goog-api-key': key }) },
      body: JSON.stringify(body),
    });
  beforeAll(async () => (gemini = await FakeGeminiServer.start()));
  afterEach(() => gemini.reset());
  afterAll(() => gemini.close());

  it('rejects a missing or wrong API key with 403 PERMISSION_DENIED', async () => {
    for (const key of [null, 'wrong']) {
      const res = await post(request, key);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { status: string } }).error.status).toBe('PERMISSION_DENIED');
    }
    expect(gemini.callCount).toBe(0);
    expect(gemini.rejections.map((r) => r.status)).toEqual([403, 403]);
  });

  it('answers with the echo corrector by default, in the shape of generate-content-ok.json', async () => {
    const res = await post();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Generated;
    const ok = JSON.parse(fixture('gemini/generate-content-ok.json')) as Generated;
    expect(Object.keys(body)).toEqual(Object.keys(ok));
    expect(Object.keys(body.candidates![0]!)).toEqual(Object.keys(ok.candidates![0]!));
    expect(Object.keys(body.usageMetadata)).toEqual(Object.keys(ok.usageMetadata));
    expect(body.candidates![0]!.finishReason).toBe('STOP');
    expect(body.modelVersion).toBe('gemini-2.5-flash');
    const { promptTokenCount, candidatesTokenCount, totalTokenCount } = body.usageMetadata;
    expect(totalTokenCount).toBe(promptTokenCount + candidatesTokenCount!);
    expect(JSON.parse(answer(body))).toEqual({
      corrected: 'I receive the letter and the stamp.',
      edits: [
        { original: 'recieve', replacement: 'receive', message: expect.any(String), category: 'spelling' },
        { original: 'teh', replacement: 'the', message: expect.any(String), category: 'spelling' },
        { original: 'the the', replacement: 'the', message: 'Repeated word.', category: 'repetition' },
      ],
    });
    expect(gemini.calls[0]).toMatchObject({ model: 'gemini-2.5-flash', apiVersion: 'v1beta', body: request });
  });

  it('consumes queued replies first: 429 with RetryInfo, then the default handler', async () => {
    gemini.enqueue(error429(30));
    const limited = await post();
    expect(limited.status).toBe(429);
    const err = ((await limited.json()) as { error: { status: string; details: Record<string, string>[] } })
      .error;
    expect(err.status).toBe('RESOURCE_EXHAUSTED');
    expect(err.details.find((d) => d['@type']!.endsWith('RetryInfo'))!.retryDelay).toBe('30s');
    expect((await post()).status).toBe(200);
    expect(gemini.callCount).toBe(2);
  });

  it('serves the fixture error bodies', async () => {
    gemini.enqueue(error400(), error503(), error500());
    for (const [status, file] of [
      [400, 'error-400.json'],
      [503, 'error-503.json'],
    ] as const) {
      const res = await post();
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual(JSON.parse(fixture(`gemini/${file}`)));
    }
    const res = await post();
    expect([res.status, ((await res.json()) as { error: { status: string } }).error.status]).toEqual([
      500,
      'INTERNAL',
    ]);
  });

  it('validates the body like the API (unknown field, invalid JSON, missing contents)', async () => {
    const unknown = await post({ ...request, foo: 1 });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('"foo"');
    const invalid = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'x-goog-api-key': 'test-key' },
      body: '{',
    });
    expect(invalid.status).toBe(400);
    expect((await post({})).status).toBe(400);
    expect(gemini.callCount).toBe(0);
  });

  it('scripts raw text, blocked prompts, custom handlers and delays', async () => {
    gemini.enqueue(okText('{"corrected": '), blocked(), delay(150, okJson({ a: 1 })));
    const call = async (): Promise<Generated> => (await (await post()).json()) as Generated;
    expect(answer(await call())).toBe('{"corrected": ');
    const refused = await call();
    expect([refused.candidates, refused.promptFeedback!.blockReason]).toEqual([undefined, 'SAFETY']);
    const started = performance.now();
    expect(JSON.parse(answer(await call()))).toEqual({ a: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    gemini.respondWith((req) => okJson({ seen: req.userText }));
    expect(JSON.parse(answer(await call()))).toEqual({
      seen: request.contents[0]!.parts[0]!.text,
    });
  });

  it('hangs until close()', async () => {
    const own = await FakeGeminiServer.start();
    own.enqueue(hang());
    const pending = fetch(`${own.url}/v1beta/models/m:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'test-key' },
      body: JSON.stringify(request),
    });
    expect(await settled(pending, 300)).toBe(false);
    expect(own.callCount).toBe(1);
    await own.close();
    await expect(pending).rejects.toThrow();
  });

  it('streams SSE chunks; the last carries finishReason and usageMetadata', async () => {
    gemini.enqueue(okJson({ corrected: 'A fairly long answer to split.' }));
    const res = await post(
      request,
      'test-key',
      `${endpoint('gemini-2.5-flash', 'streamGenerateContent')}?alt=sse`,
    );
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text())
      .split('\r\n\r\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.replace(/^data: /, '')) as Generated);
    expect(events.length).toBeGreaterThan(1);
    const text = events.map(answer).join('');
    expect(JSON.parse(text)).toEqual({ corrected: 'A fairly long answer to split.' });
    expect(events.at(-1)!.usageMetadata.totalTokenCount).toBeGreaterThan(0);
    expect(events.at(-1)!.candidates![0]!.finishReason).toBe('STOP');
    expect(events[0]!.usageMetadata).toBeUndefined();
  });

  it('works with the real @google/genai SDK (unary, stream, errors)', async () => {
    const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: gemini.url } });
    const config = { responseMimeType: 'application/json', temperature: 0 };
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'teh end', config });
    expect(JSON.parse(res.text!)).toMatchObject({ corrected: 'the end' });
    let streamed = '';
    for await (const chunk of await ai.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'teh',
    })) {
      streamed += chunk.text ?? '';
    }
    expect(JSON.parse(streamed)).toMatchObject({ corrected: 'the' });
    gemini.enqueue(error429(5));
    const failure = await ai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(429);
    expect(gemini.calls[0]!.headers['x-goog-api-key']).toBe('test-key');
  });

  it('fixTypos keeps case and leaves grammatical doubles alone', () => {
    expect(fixTypos('Teh cat had had enough. TEH END').corrected).toBe('The cat had had enough. THE END');
    expect(fixTypos('the theory').edits).toEqual([]);
  });
});
