import { fileURLToPath } from 'node:url';

/**
 * The path of a worker script given relative to the calling module (`new URL('./x.worker.js',
 * import.meta.url)`): beside it in dist/. Run from the sources (Vitest), the build's copy is used, which
 * `npm test` refreshes first (scripts/bootstrap.sh rebuilds whenever src/ changed): worker threads load
 * plain JavaScript.
 */
export function compiledWorkerFile(url: URL): string {
  const path = fileURLToPath(url);
  const at = path.lastIndexOf('/src/');
  return at === -1 ? path : `${path.slice(0, at)}/dist/${path.slice(at + '/src/'.length)}`;
}
