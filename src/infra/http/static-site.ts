import { existsSync } from 'node:fs';
import { basename } from 'node:path';

import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * No inline script, no eval, nothing from other origins. Styles allow 'unsafe-inline' only because the editor
 * component (CodeMirror) injects its theme as style elements; scripts stay strictly 'self'.
 */
export const STATIC_SITE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names every bundled asset `<name>-<content hash>.<ext>` under `assets/`. */
const HASHED_ASSET = /\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * Serves a built single-page site (the web editor) at `/`: hashed assets cached for a year, `index.html`
 * revalidated every time, each with a strict Content-Security-Policy. Routes are registered per file at
 * start-up (no wildcard), so unknown paths still get the API's problem-details 404.
 * Returns false, serving nothing, when the site has not been built (an API-only build).
 */
export async function serveStaticSite(app: NestFastifyApplication, root: string): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header(
        'Cache-Control',
        HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      reply.header('Content-Security-Policy', STATIC_SITE_CSP);
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('Referrer-Policy', 'no-referrer');
      if (basename(path) === 'index.html') reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    },
  });
  return true;
}
