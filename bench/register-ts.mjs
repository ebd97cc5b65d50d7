// Lets Node 24 run the benchmark's TypeScript (and the fake upstreams in test/fakes/) with no build step:
// `node --import ./bench/register-ts.mjs bench/run.ts`.
//
// Node strips erasable TypeScript on its own, but two things in this repository need more:
// - the fakes use constructor parameter properties, which type *stripping* refuses; `transform` mode
//   rewrites them (Node's own amaro/swc, no dependency);
// - imports spell the compiled name (`./gemini.replies.js`, as tsc's NodeNext wants) while only the
//   `.ts` file exists; a missing relative `.js` imported from a `.ts` file is retried as `.ts`.
// `#src/*` imports resolve to `dist/*` (package.json "imports"), i.e. the production build.
import { readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const { registerHooks, stripTypeScriptTypes } = nodeModule;
if (typeof registerHooks !== 'function' || typeof stripTypeScriptTypes !== 'function') {
  process.stderr.write(
    `The benchmark needs Node 24 (this is ${process.version}): run it through \`npm run bench\`, which uses node_modules/.bin/node.\n`,
  );
  process.exit(1);
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (err) {
      const retry =
        err?.code === 'ERR_MODULE_NOT_FOUND' &&
        specifier.startsWith('.') &&
        specifier.endsWith('.js') &&
        context.parentURL?.endsWith('.ts');
      if (!retry) throw err;
      return nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context);
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) {
      return nextLoad(url, context);
    }
    const source = stripTypeScriptTypes(readFileSync(fileURLToPath(url), 'utf8'), {
      mode: 'transform',
      sourceUrl: url,
    });
    return { format: 'module', source, shortCircuit: true };
  },
});
