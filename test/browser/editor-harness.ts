import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import { FakeFreeDictionaryServer } from '../fakes/free-dictionary.server.js';
import { FakeGeminiServer } from '../fakes/gemini.server.js';
import { correctionHandler } from '../fakes/gemini-correction.handler.js';
import { createAdmin, type RegisteredUser } from '../helpers/auth.js';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniqueKeyPrefix } from '../helpers/redis.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** Debian's Chromium, installed by scripts/ensure-services.sh like PostgreSQL and Redis. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of the main states: written for people to look at, never committed. */
export const SCREENSHOT_DIR = new URL('../../test-output/screenshots/', import.meta.url).pathname;

/**
 * The real service (real PostgreSQL and Redis, the built editor at `/`), the two fake upstreams, and headless
 * Chromium driving it. Each test takes a fresh browser context: its own cookies and localStorage.
 */
export interface EditorHarness {
  app: TestApp;
  gemini: FakeGeminiServer;
  browser: Browser;
  newContext(): Promise<BrowserContext>;
  /** A new writer, registered through the page's own form; the editor is showing when this returns. */
  registerInPage(page: Page): Promise<{ email: string; password: string }>;
  signInInPage(page: Page, credentials: { email: string; password: string }): Promise<void>;
  createAdmin(): Promise<RegisteredUser>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

async function startEditorHarness(): Promise<EditorHarness> {
  const [db, gemini, dictionary]: [TestDatabase, FakeGeminiServer, FakeFreeDictionaryServer] =
    await Promise.all([createTestDatabase(), FakeGeminiServer.start(), FakeFreeDictionaryServer.start()]);
  gemini.respondWith(correctionHandler());
  const prefix = uniqueKeyPrefix();
  const app = await startTestApp({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
    DICTIONARY_API_URL: dictionary.url,
    // Per user and minute: far above what one test's checks need, low enough for the 429 test to reach.
    RATE_LIMIT_LLM_LIMIT: '8',
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Root (CI) cannot use Chromium's sandbox.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    app,
    gemini,
    browser,
    newContext: () => browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } }),
    registerInPage: async (page) => {
      const email = `writer-${randomBytes(5).toString('hex')}@example.test`;
      const password = `pw-${randomBytes(9).toString('base64url')}`;
      await page.goto('/');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await editorShown(page);
      return { email, password };
    },
    signInInPage: async (page, { email, password }) => {
      await page.goto('/');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await editorShown(page);
    },
    createAdmin: () => createAdmin(app),
    screenshot: async (page, name) => {
      await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
    },
    close: async () => {
      await browser.close();
      await app.close();
      await Promise.all([gemini.close(), dictionary.close(), db.drop(), deleteKeysWithPrefix(prefix)]);
    },
  };
}

/**
 * The harness as hooks of the calling file: started before its tests, closed after them. The object it
 * returns reaches the harness once its `beforeAll` has run.
 */
export function useEditorHarness(): EditorHarness {
  let harness: EditorHarness | undefined;
  beforeAll(async () => {
    harness = await startEditorHarness();
  });
  afterAll(() => harness?.close());
  const ready = (): EditorHarness => {
    if (!harness) throw new Error('useEditorHarness: used before its beforeAll ran');
    return harness;
  };
  return {
    get app() {
      return ready().app;
    },
    get gemini() {
      return ready().gemini;
    },
    get browser() {
      return ready().browser;
    },
    newContext: () => ready().newContext(),
    registerInPage: (page) => ready().registerInPage(page),
    signInInPage: (page, credentials) => ready().signInInPage(page, credentials),
    createAdmin: () => ready().createAdmin(),
    screenshot: (page, name) => ready().screenshot(page, name),
    close: () => ready().close(),
  };
}

/** Waits until the page shows the signed-in editor (its "Document" area): after sign-in or a reload. */
export async function editorShown(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Document' }).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Types into the "Document" area as a paste would: one insertion, one check after the pause. */
export async function typeInDocument(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Document' }).click();
  await page.keyboard.insertText(text);
}

/** The texts the page sends to be checked (`POST /api/v1/llm/correct`), in order, from now on. */
export function checkedTexts(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v1/llm/correct'))
      sent.push((request.postDataJSON() as { text: string }).text);
  });
  return sent;
}

/** Underlined words, in document order. */
export function underlinedWords(page: Page): Promise<string[]> {
  return page.locator('.cm-content .pp-issue').allTextContents();
}

/**
 * The side list's suggestions ("recieve → receive"), in document order. Unlike the underlines, it holds
 * those outside the lines CodeMirror has drawn (a long document is drawn around the viewport only).
 */
export function listedSuggestions(page: Page): Promise<string[]> {
  return page.locator('.pp-suggestion > button:first-child').allTextContents();
}

/** The document's text as CodeMirror holds it. */
export function documentText(page: Page): Promise<string> {
  return page
    .locator('.cm-content')
    .evaluate((node) => [...node.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\n'));
}

/** The quiet status line under the document. */
export async function statusLine(page: Page): Promise<string> {
  return (await page.locator('.pp-status').textContent()) ?? '';
}
