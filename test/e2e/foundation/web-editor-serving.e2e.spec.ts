import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const WEB_DIST = new URL('../../../web/dist/', import.meta.url);

let db: TestDatabase;
let app: TestApp;
beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp({ DATABASE_URL: db.url, DOCS_ENABLED: 'true' });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('the web editor served at /', () => {
  it('serves index.html revalidated every time, with a strict CSP and no inline script', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "script-src 'self'",
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    const html = await res.text();
    expect(html).toContain('<div id="app"');
    // Every script is a file of our own origin: none inline.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
  });

  it('serves the icon the page names, so the browser asks for no /favicon.ico that would 404', async () => {
    const html = await (await app.request('/')).text();
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"');
    const icon = await app.request('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toMatch(/^<svg /);
  });

  it('serves hashed assets as immutable for a year, and no bundle uses eval', async () => {
    const assets = readdirSync(new URL('assets/', WEB_DIST));
    const script = assets.find((f) => f.endsWith('.js'))!;
    const res = await app.request(`/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const body = await res.text();
    expect(body).toBe(readFileSync(new URL(`assets/${script}`, WEB_DIST), 'utf8'));
    expect(body).not.toMatch(/\beval\(|new Function\(/);
  });

  it('keeps the page’s JavaScript within 200 KB gzip, every script the page loads counted', async () => {
    const html = await (await app.request('/')).text();
    const sources = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
      (m) => m[1],
    );
    expect(sources.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const source of sources) {
      const body = Buffer.from(await (await app.request(source)).arrayBuffer());
      gzipped += gzipSync(body, { level: 9 }).length;
    }
    expect(gzipped).toBeLessThanOrEqual(200 * 1024);
  });

  it('leaves the API as it was: an unknown path is still a problem-details 404', async () => {
    const res = await app.request('/no-such-page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe("the editor's typed API client", () => {
  it('is generated from the OpenAPI document this service serves (run `npm run web:api` after an API change)', async () => {
    const served = await (await app.request('/docs-json')).json();
    const committed = JSON.parse(
      readFileSync(new URL('../../../web/src/api/openapi.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(served);
  });
});
