// A worker thread of the local-checker pool (piscina): Harper and the spelling refiner live here, so a
// 10 KB text's ~0.4–0.5 s of linting (new text; `npm run bench:quality`) never blocks the event loop that serves everyone else.
import { constants, setPriority } from 'node:os';

import { checkPieces, type LocalCheckTask } from './local-check.js';

/**
 * The checker's thread yields the CPU to the event loop, Redis and the database when they compete for it: a
 * 10 KB check waits a few milliseconds more, a cached lookup behind it does not. On Linux a nice value
 * belongs to the thread that sets it (pid 0 here is this worker's thread, not the process); elsewhere this
 * is best effort.
 */
const CHECKER_THREAD_PRIORITY = constants.priority.PRIORITY_BELOW_NORMAL;
try {
  setPriority(0, CHECKER_THREAD_PRIORITY);
} catch {
  // A platform or sandbox that refuses: the checker still runs, at the normal priority.
}

export default function run(task: LocalCheckTask) {
  return checkPieces(task);
}

/** Piscina's task `warmUp` (`LocalCheckerPool`): Harper's one-time state, after a new thread's first check. */
export { warmUpHarper as warmUp } from './harper-linter.js';
