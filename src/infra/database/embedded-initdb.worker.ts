// Creates a new PGlite data directory (initdb) in a thread of its own: initdb's WebAssembly memory, a few
// hundred MB, goes back to the system when the thread exits instead of staying in the service's heap.
import { workerData } from 'node:worker_threads';

import { PGlite } from '@electric-sql/pglite';

const { dir } = workerData as { dir: string };
await (await PGlite.create(dir)).close();
