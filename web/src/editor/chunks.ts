/**
 * The longest text `POST /api/v1/llm/correct` accepts (the service's `MAX_TEXT_LENGTH`, UTF-16 code units;
 * longer is a 413). A longer document is checked in parts of at most this length.
 */
export const MAX_CHECK_LENGTH = 10_000;

/** Parts of one request are joined by a blank line, so no sentence runs from one part into the next. */
const JOIN = '\n\n';

/** One line of the document (or a piece of a line longer than a request), where it starts. */
export interface Chunk {
  from: number;
  text: string;
}

/** The texts of one request, and where each starts inside it. */
export interface Batch {
  text: string;
  parts: { text: string; start: number }[];
}

/**
 * The document's non-blank lines, each a unit that is checked, and remembered, on its own: typing in one
 * paragraph re-checks that paragraph, not the whole document. A line longer than `max` is cut after its
 * last sentence that fits, else at a space, else at `max`.
 */
export function chunksOf(doc: string, max = MAX_CHECK_LENGTH): Chunk[] {
  const chunks: Chunk[] = [];
  let from = 0;
  for (const line of doc.split('\n')) {
    let start = from;
    let rest = line;
    while (rest.length > max) {
      const cut = cutPoint(rest, max);
      pushIfText(chunks, start, rest.slice(0, cut));
      start += cut;
      rest = rest.slice(cut);
    }
    pushIfText(chunks, start, rest);
    from += line.length + 1;
  }
  return chunks;
}

function pushIfText(chunks: Chunk[], from: number, text: string): void {
  if (text.trim() !== '') chunks.push({ from, text });
}

/** Where to cut a line longer than `max`: after a sentence, else after a space, never inside a surrogate pair. */
function cutPoint(line: string, max: number): number {
  const head = line.slice(0, max);
  let sentenceEnd = -1;
  for (const m of head.matchAll(/[.!?…]["'”’)\]]*\s+/g)) sentenceEnd = m.index + m[0].length;
  if (sentenceEnd > 0) return sentenceEnd;
  const space = head.lastIndexOf(' ');
  if (space > 0) return space + 1;
  const code = line.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** Distinct texts, in order, grouped into requests of at most `max` code units. */
export function batchesOf(texts: readonly string[], max = MAX_CHECK_LENGTH): Batch[] {
  const batches: Batch[] = [];
  let current: Batch | undefined;
  for (const text of new Set(texts)) {
    const start = current ? current.text.length + JOIN.length : 0;
    if (!current || start + text.length > max) {
      current = { text, parts: [{ text, start: 0 }] };
      batches.push(current);
    } else {
      current.text += JOIN + text;
      current.parts.push({ text, start });
    }
  }
  return batches;
}

/** A request's edits, handed to the part each falls in, with offsets relative to that part. */
export function editsByPart<E extends { offset: number; length: number }>(
  batch: Batch,
  edits: readonly E[],
): Map<string, E[]> {
  const byPart = new Map(batch.parts.map((part) => [part.text, [] as E[]]));
  for (const edit of edits) {
    const part = batch.parts.find(
      ({ text, start }) => edit.offset >= start && edit.offset + edit.length <= start + text.length,
    );
    // An edit across the blank line between two parts belongs to neither: it would change the join.
    if (part) byPart.get(part.text)!.push({ ...edit, offset: edit.offset - part.start });
  }
  return byPart;
}
