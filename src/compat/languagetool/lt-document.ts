import { LanguageToolError } from './lt-error.js';

/** One run of the document: text to check, or markup that is skipped (its `interpretAs` checked instead). */
interface Run {
  docStart: number;
  docLength: number;
  plainStart: number;
  plainLength: number;
  markup: boolean;
}

/**
 * The document a client sent (`text`, or `data` with markup) and the plain text that is checked.
 * Offsets found in the plain text map back to the document, markup included, as LanguageTool does.
 */
export class LanguageToolDocument {
  private constructor(
    /** The whole document as the client holds it. */
    public readonly document: string,
    /** What is checked: the text runs, with each markup run replaced by its `interpretAs` (or nothing). */
    public readonly plain: string,
    private readonly runs: Run[],
  ) {}

  public static fromParams(text: string | undefined, data: string | undefined): LanguageToolDocument {
    if ((text === undefined) === (data === undefined))
      throw new LanguageToolError(400, "Set exactly one of the parameters 'text' or 'data'");
    if (text !== undefined)
      return new LanguageToolDocument(text, text, [run(0, text.length, 0, text.length, false)]);
    return LanguageToolDocument.fromData(data!);
  }

  private static fromData(data: string): LanguageToolDocument {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new LanguageToolError(400, "'data' is not valid JSON");
    }
    const root = (parsed ?? {}) as { text?: unknown; annotation?: unknown };
    if (typeof root.text === 'string') return LanguageToolDocument.fromParams(root.text, undefined);
    if (!Array.isArray(root.annotation))
      throw new LanguageToolError(400, "'data' needs an 'annotation' array or a 'text' string");
    let document = '';
    let plain = '';
    const runs: Run[] = [];
    for (const [i, item] of (root.annotation as unknown[]).entries()) {
      const { text, markup, interpretAs } = (item ?? {}) as Record<string, unknown>;
      if (typeof text === 'string' && markup === undefined) {
        runs.push(run(document.length, text.length, plain.length, text.length, false));
        document += text;
        plain += text;
      } else if (typeof markup === 'string' && text === undefined) {
        const stand = typeof interpretAs === 'string' ? interpretAs : '';
        runs.push(run(document.length, markup.length, plain.length, stand.length, true));
        document += markup;
        plain += stand;
      } else {
        throw new LanguageToolError(
          400,
          `'data' annotation ${i} needs either 'text' or 'markup' (with optional 'interpretAs')`,
        );
      }
    }
    return new LanguageToolDocument(document, plain, runs);
  }

  /** The document span of the plain-text span [start, end): a span touching markup covers the whole markup. */
  public toDocument(start: number, end: number): { offset: number; length: number } {
    const from = this.map(start, 'start');
    const to = Math.max(from, this.map(end, 'end'));
    return { offset: from, length: to - from };
  }

  private map(position: number, side: 'start' | 'end'): number {
    for (const r of this.runs) {
      const inside =
        side === 'start'
          ? position >= r.plainStart && position < r.plainStart + r.plainLength
          : position > r.plainStart && position <= r.plainStart + r.plainLength;
      if (!inside) continue;
      if (r.markup) return side === 'start' ? r.docStart : r.docStart + r.docLength;
      return r.docStart + (position - r.plainStart);
    }
    // Past the last run (or an empty run at the position): the end of the document's runs before it.
    const before = this.runs.filter((r) => r.plainStart + r.plainLength <= position).at(-1);
    return before ? before.docStart + before.docLength : 0;
  }
}

function run(
  docStart: number,
  docLength: number,
  plainStart: number,
  plainLength: number,
  markup: boolean,
): Run {
  return { docStart, docLength, plainStart, plainLength, markup };
}
