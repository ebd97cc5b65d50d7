// What the local checker's worker thread costs the process while it is alive: the process's RSS growth
// once the thread has loaded Harper (and, for the whole checker, the word lists), the peak on the way, and
// after it checked ten 10 KB texts; and how long the thread takes to answer its first check (loading
// included), then the warm-up task the pool runs after that check (Harper's state for words unlike any in
// its dictionary, ~1.5–2.3 s; builds before it paid this inside the load), then its first check of such a
// name ("Heitschmidt"). Each measure
// runs in a fresh process with the service's flags, and the builds given are alternated, so an A/B of two
// builds is one command:
//
//   npm run build && npm run bench:checker-memory                      (this checkout's dist/)
//   npm run bench:checker-memory -- dist /tmp/ab-base/dist             (two builds, alternated)
//
// The thread is measured alive: once it exits, its memory leaves the process (RSS 439 → 208 MB), and a
// growth read after that is what the thread left behind, not what it holds.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const ROUNDS = 3;
const TEXTS = 10;
const KINDS = ['Harper alone', 'whole checker'] as const;
type Kind = (typeof KINDS)[number];

interface Sample {
  loadedMb: number;
  peakMb: number;
  afterTextsMb: number;
  loadMs: number;
  /** The warm-up task after the first check (`warmUpHarper`; 0 for builds that warmed up while loading). */
  warmUpMs: number;
  /** The first check, once warmed up, of a name unlike any dictionary word (Harper's one-time state for them). */
  unseenNameMs: number;
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** The worker's code: load, report, check TEXTS texts of ~10 KB, report, then stay alive until told. */
function workerSource(dist: string, kind: Kind): string {
  const local = pathToFileURL(resolve(dist, 'correction/providers/local')).href;
  return `
const { parentPort } = require('node:worker_threads');
// Listening keeps the thread alive after its last check, until it is terminated.
parentPort.on('message', () => {});
const words = ['the', 'writer', 'recieve', 'quickly', 'paragraph', 'teh', 'report', 'because', 'meeting', 'idea'];
const text = (n) => {
  const out = [];
  for (let s = 0, length = 0; length < 9800; s++) {
    const body = Array.from({ length: 8 + ((n + s) % 9) }, (_, i) => words[(n * 7 + s * 3 + i * 5) % words.length]);
    out.push('Draft ' + n + '-' + s + ': ' + body.join(' ') + '.');
    length += out.at(-1).length + 1;
  }
  return out;
};
(async () => {
  const check = ${kind === 'Harper alone'}
    ? async (pieces) => (await import('${local}/harper-linter.js')).lintWithHarper(pieces.join('\\n\\n'), 'American')
    : async (pieces) => (await import('${local}/local-check.js')).checkPieces({ pieces, dialect: 'American', refine: true });
  await check(['This are a example sentence with a eror.']);
  parentPort.postMessage('loaded');
  const harper = await import('${local}/harper-linter.js');
  const warming = performance.now();
  if (harper.warmUpHarper) await harper.warmUpHarper('American');
  parentPort.postMessage(harper.warmUpHarper ? performance.now() - warming : 0);
  const started = performance.now();
  await check(['Mr. Heitschmidt will chair the meeting.']);
  parentPort.postMessage(performance.now() - started);
  for (let n = 0; n < ${TEXTS}; n++) await check(text(n));
  parentPort.postMessage('checked');
})();`;
}

/** One measure, in this (fresh) process. */
async function measure(dist: string, kind: Kind): Promise<Sample> {
  const base = rssMb();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
  const started = performance.now();
  const worker = new Worker(workerSource(dist, kind), { eval: true });
  const next = () =>
    new Promise<unknown>((done, fail) => {
      worker.once('message', done);
      worker.once('error', fail);
    });
  await next();
  const loadMs = performance.now() - started;
  const loadedMb = rssMb() - base;
  const warmUpMs = (await next()) as number;
  const unseenNameMs = (await next()) as number;
  await next();
  // A moment for the thread's garbage collection to settle before the last reading.
  await new Promise((done) => setTimeout(done, 1_000));
  const afterTextsMb = rssMb() - base;
  clearInterval(sampler);
  await worker.terminate();
  return { loadedMb, peakMb: peak - base, afterTextsMb, loadMs, warmUpMs, unseenNameMs };
}

async function main(): Promise<void> {
  const [mode, dist, kind] = process.argv.slice(2);
  if (mode === '--measure') {
    process.stdout.write(JSON.stringify(await measure(dist, kind as Kind)));
    return;
  }
  const builds = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['dist'];
  const rows: string[] = [];
  for (let round = 1; round <= ROUNDS; round++)
    for (const kind of KINDS)
      for (const build of builds) {
        const out = execFileSync(
          process.execPath,
          [
            '--max-semi-space-size=16',
            '--import',
            './bench/register-ts.mjs',
            '--disable-warning=ExperimentalWarning',
            'bench/checker-memory.ts',
            '--measure',
            build,
            kind,
          ],
          { env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=131072' }, encoding: 'utf8' },
        );
        const s = JSON.parse(out) as Sample;
        const row = `| ${round} | ${build} | ${kind} | +${s.loadedMb.toFixed(0)} MB | +${s.peakMb.toFixed(0)} MB | +${s.afterTextsMb.toFixed(0)} MB | ${(s.loadMs / 1000).toFixed(1)} s | ${(s.warmUpMs / 1000).toFixed(1)} s | ${s.unseenNameMs.toFixed(0)} ms |`;
        console.error(row);
        rows.push(row);
      }
  console.log(
    [
      `| round | build | thread holds | RSS after loading | peak | after ${TEXTS} texts of 10 KB | first check answered (load included) | then the warm-up task | then a name unlike any word |`,
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
}

await main();
