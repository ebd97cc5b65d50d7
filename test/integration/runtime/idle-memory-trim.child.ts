// A process that serves a burst and then goes idle, with the service's IdleMemoryTrim running:
// prints what the trim returned as one JSON line. Run by idle-memory-trim.int.spec.ts under `node --expose-gc`.
import { IdleMemoryTrim } from '../../../src/infra/runtime/idle-memory-trim.js';

const trim = new IdleMemoryTrim(300, (trimmed) => {
  process.stdout.write(`${JSON.stringify({ rssAfterBurst, ...trimmed })}\n`);
  process.exit(0);
});
trim.start();

// The burst: ~300 MB of short-lived objects held for a moment, as a batch of lookups would.
const held: object[] = [];
for (let i = 0; i < 2_500_000; i++) held.push({ word: `word-${i}`, rank: i });
held.length = 0;
// A regular full collection, as V8 runs under load: the heap shrinks and its pages go to V8's pool.
(globalThis as unknown as { gc: () => void }).gc();
const rssAfterBurst = process.memoryUsage().rss;

// The trim's timer does not hold the process open (the service's must not delay shutdown): this does.
setTimeout(() => {
  process.stdout.write('{"trimmed":false}\n');
  process.exit(1);
}, 15_000);
