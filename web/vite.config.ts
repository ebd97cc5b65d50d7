import { defineConfig } from 'vite';

// The editor is served by the API itself (src/infra/http/static-site.ts): same origin, no proxy in
// production. `npm run web:dev` proxies the API routes to a running service on :3000.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline <script> or module preload polyfill: the page's CSP is script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
