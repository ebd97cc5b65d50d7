// Types, reply helpers and the default "echo corrector" for FakeGeminiServer (see gemini.server.ts).
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

import { fixturesRoot } from './free-dictionary.server.js';

export interface GeminiPart {
  text?: string;
  [field: string]: unknown;
}
export interface GeminiContent {
  role?: string;
  parts: GeminiPart[];
}
/** The request body as the client sent it (only `contents` is checked to exist). */
export interface GeminiRequestBody {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
  generationConfig?: {
    responseMimeType?: string;
    responseSchema?: unknown;
    responseJsonSchema?: unknown;
    temperature?: number;
    maxOutputTokens?: number;
    [field: string]: unknown;
  };
  safetySettings?: unknown[];
  [field: string]: unknown;
}

/** One accepted call (right API key, valid body), as handed to the reply handler and kept in `calls`. */
export interface GeminiRequest {
  model: string;
  apiVersion: string;
  stream: boolean;
  rawUrl: string;
  body: GeminiRequestBody;
  headers: IncomingHttpHeaders;
  /** Text parts of the `user` (or role-less) contents, joined with '\n'. */
  userText: string;
  /** Text parts of `systemInstruction`, joined with '\n'. */
  systemText: string;
}

export interface GeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}
export type GeminiFinishReason = 'STOP' | 'MAX_TOKENS' | 'SAFETY' | 'RECITATION' | 'LANGUAGE' | 'OTHER';

export type FakeReply =
  /** 200 with a candidate whose text is `text`; usage computed from the request unless given. */
  | { kind: 'answer'; text: string; finishReason: GeminiFinishReason; usage?: GeminiUsage }
  /** 200 with `promptFeedback.blockReason` and no candidates. */
  | { kind: 'blocked'; blockReason: string }
  /** Any status with these exact body bytes. */
  | { kind: 'raw'; status: number; body: string; contentType?: string; headers?: Record<string, string> }
  /** Never answers; the socket is destroyed by `close()` (or by the client giving up). */
  | { kind: 'hang' }
  /** Destroys the connection without any response (a network error for the client). */
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number; reply: FakeReply };

export type RawReply = Extract<FakeReply, { kind: 'raw' }>;
export type GeminiHandler = (req: GeminiRequest) => FakeReply | Promise<FakeReply>;

const fixtureCache = new Map<string, string>();
/** Raw text of a file in the shared `gemini/` fixtures. */
export function geminiFixture(name: string): string {
  let text = fixtureCache.get(name);
  if (text === undefined) {
    text = readFileSync(join(fixturesRoot(), 'gemini', name), 'utf8');
    fixtureCache.set(name, text);
  }
  return text;
}

const GOOGLE_JSON = 'application/json; charset=UTF-8';

export function okJson(obj: unknown, usage?: GeminiUsage): FakeReply {
  return { kind: 'answer', text: JSON.stringify(obj), finishReason: 'STOP', usage };
}

/** 200 whose answer text is `rawText` verbatim (malformed JSON, prose, truncated output...). */
export function okText(
  rawText: string,
  opts: { usage?: GeminiUsage; finishReason?: GeminiFinishReason } = {},
): FakeReply {
  return { kind: 'answer', text: rawText, finishReason: opts.finishReason ?? 'STOP', usage: opts.usage };
}

/** Any Google error body `{ error: { code, message, status, details? } }`. */
export function apiError(code: number, status: string, message: string, details?: unknown[]): RawReply {
  const error = details ? { code, message, status, details } : { code, message, status };
  return { kind: 'raw', status: code, body: JSON.stringify({ error }), contentType: GOOGLE_JSON };
}

export function error400(): FakeReply {
  return { kind: 'raw', status: 400, body: geminiFixture('error-400.json'), contentType: GOOGLE_JSON };
}

/** The error-429.json body with its RetryInfo `retryDelay` set to `${retryDelaySeconds}s`. */
export function error429(retryDelaySeconds = 17): FakeReply {
  const body = JSON.parse(geminiFixture('error-429.json')) as {
    error: { details: Record<string, unknown>[] };
  };
  for (const detail of body.error.details) {
    if (detail['@type'] === 'type.googleapis.com/google.rpc.RetryInfo')
      detail.retryDelay = `${retryDelaySeconds}s`;
  }
  return { kind: 'raw', status: 429, body: JSON.stringify(body, null, 2), contentType: GOOGLE_JSON };
}

export function error500(): FakeReply {
  return apiError(
    500,
    'INTERNAL',
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  );
}

export function error503(): FakeReply {
  return { kind: 'raw', status: 503, body: geminiFixture('error-503.json'), contentType: GOOGLE_JSON };
}

export function hang(): FakeReply {
  return { kind: 'hang' };
}

export function dropConnection(): FakeReply {
  return { kind: 'drop' };
}

export function blocked(blockReason = 'SAFETY'): FakeReply {
  return { kind: 'blocked', blockReason };
}

export function delay(ms: number, reply: FakeReply): FakeReply {
  return { kind: 'delay', ms, reply };
}

function partsText(content: GeminiContent | undefined): string[] {
  if (!content || !Array.isArray(content.parts)) return [];
  return content.parts.flatMap((p) => (typeof p?.text === 'string' ? [p.text] : []));
}

export function extractUserText(body: GeminiRequestBody): string {
  const contents = Array.isArray(body.contents) ? body.contents : [];
  return contents
    .filter((c) => c?.role === undefined || c.role === 'user')
    .flatMap(partsText)
    .join('\n');
}

export function extractSystemText(body: GeminiRequestBody): string {
  return partsText(body.systemInstruction).join('\n');
}

/** Rough Gemini token count: characters / 4, at least 1 for non-empty text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface TypoEdit {
  original: string;
  replacement: string;
  message: string;
  category: 'spelling' | 'repetition';
}

const TYPOS: Record<string, string> = {
  teh: 'the',
  recieve: 'receive',
  recieved: 'received',
  seperate: 'separate',
  definately: 'definitely',
  occured: 'occurred',
  untill: 'until',
  wich: 'which',
  thier: 'their',
  becuase: 'because',
};
// Grammatical doubles ("I had had enough", "he said that that was fine") are left alone.
const ALLOWED_REPEATS = new Set(['had', 'that']);
// A word, optionally followed by whitespace-separated repeats of itself (case-insensitive).
const WORD_RUN = /(?<![\p{L}\p{N}'’])([\p{L}'’]+)((?:\s+\1(?![\p{L}\p{N}'’]))*)/giu;

function fixWord(word: string): string {
  const fixed = TYPOS[word.toLowerCase()];
  if (fixed === undefined) return word;
  if (word === word.toUpperCase() && word.length > 1) return fixed.toUpperCase();
  if (word[0] === word[0]!.toUpperCase()) return fixed[0]!.toUpperCase() + fixed.slice(1);
  return fixed;
}

/**
 * Deterministic mini-corrector: fixes a few well-known misspellings ("teh", "recieve", ...) and collapses
 * doubled words ("the the" → "the"). Edits are listed in text order, with the text they replace.
 */
export function fixTypos(text: string): { corrected: string; edits: TypoEdit[] } {
  const edits: TypoEdit[] = [];
  const corrected = text.replace(WORD_RUN, (match: string, word: string, repeats: string) => {
    const fixed = fixWord(word);
    if (repeats && !ALLOWED_REPEATS.has(word.toLowerCase())) {
      edits.push({ original: match, replacement: fixed, message: 'Repeated word.', category: 'repetition' });
      return fixed;
    }
    if (fixed === word) return match;
    edits.push({
      original: word,
      replacement: fixed,
      message: `Possible spelling mistake: did you mean "${fixed}"?`,
      category: 'spelling',
    });
    return fixed + repeats;
  });
  return { corrected, edits };
}

/**
 * Default handler: runs `fixTypos` over the whole user text and answers `{ corrected, edits }` (the shape
 * of generate-content-ok.json). Replace it with `respondWith` once the real prompt format is known.
 */
export const echoCorrector: GeminiHandler = (req) => okJson(fixTypos(req.userText));
