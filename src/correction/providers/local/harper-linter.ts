import type { LocalLinter } from 'harper.js';

/** One finding of the local checker, already in UTF-16 offsets of the text that was linted. */
export interface LocalFinding {
  offset: number;
  length: number;
  original: string;
  /** Harper's suggestion applied to `original` (replace, remove or insert-after). */
  replacement: string;
  message: string;
  /** Harper's lint kind, e.g. `Spelling`, `Repetition`. */
  kind: string;
  /** Harper's rule id, e.g. `SpellCheck`, `RepeatedWords` (what users list in `disabledRules`). */
  rule: string;
  /** Harper's other replacement suggestions, best first (spelling re-ranks them). */
  alternatives: string[];
}

export type HarperDialect = 'American' | 'British' | 'Australian' | 'Canadian';

/**
 * Harper's WASM module is large (~300 MB resident once compiled) and takes ~3 s to set up (`npm run
 * bench:checker-memory`), so it is loaded once per worker thread, on the first local check, and kept.
 * Linters for other dialects reuse the compiled module and cost milliseconds.
 */
const linters = new Map<HarperDialect, Promise<LocalLinter>>();
/** Whether this thread has linted `WARM_UP_TEXT` (`warmUpHarper`). */
let warmedUp = false;

/**
 * Harper rules turned off: on 3,000 clean, edited sentences (`npm run bench:quality`) most of what they
 * flagged was correct English — "common sense → commonsense", "back seat → backseat" (CompoundNouns), "an
 * appreciation of 30%", "a diversity of" (MassNouns), "anti-abortion → antiabortion" (DisjointPrefixes) —
 * 34 of the 55 false alarms that were not spelling, and nothing they flagged was wrong. A writer
 * who sees those stops trusting every underline. The serial comma is a house style, not an error: news
 * style (AP) omits it, and LanguageTool's serial-comma rules are off unless asked for; on the Brown
 * corpus' edited news it was 14 of 55 such alarms.
 */
const RULES_OFF = ['CompoundNouns', 'MassNouns', 'DisjointPrefixes', 'OxfordComma'] as const;

/**
 * Typography, which LanguageTool clients get with `level=picky` only: AP style writes ranges with a hyphen
 * ("the 1961-62 session") and an ellipsis as three full stops, and a score or a vote is no range ("voted
 * through 87-31"). On the Brown corpus they were 4 of the 26 alarms that were not spelling, and 3 of
 * WordNet's 19. With them, two opinions about register rather than mistakes: a comma after an opening
 * "Meanwhile" or "Indeed" (optional in AP and Chicago style), and a curse word starred out (in fiction, and
 * in names: "Dick told me").
 */
const PICKY_RULES: ReadonlySet<string> = new Set([
  'NumericRangeEnDash',
  'Dashes',
  'UseEllipsisCharacter',
  'DiscourseMarkers',
  'AvoidCurses',
  // "Have a look" is as standard as "take a look" (British and American usage): a preference.
  'HaveTakeALook',
  // An abbreviation spelled out: "ASAP", "FYI" and "BTW" are what emails and chat write (and Harper spells
  // "AFAIK" out as "As far as i know"): a preference about register, never a mistake.
  'AsSoonAsPossible',
  'ForYourInformation',
  'ByTheWay',
  'InMyOpinion',
  'InMyHumbleOpinion',
  'AsFarAsIKnow',
  'OhMyGod',
  'ToBeHonest',
]);

/**
 * A finding shown only when the writer asks for more than mistakes (LanguageTool's `level=picky`, or a
 * correction mode other than `grammar`): the typography and register rules above, and every local style
 * suggestion ("and also" → "and", "all of the" → "all the"), which edited prose is full of. They are
 * still found and cached (one cached answer serves every level) and dropped after the cache. The model's
 * edits carry no rule id, so this never hides what Gemini suggested.
 */
export function isPickyOnly(finding: { rule?: string; category?: string }): boolean {
  return finding.rule !== undefined && (PICKY_RULES.has(finding.rule) || finding.category === 'style');
}

/**
 * Linted once per thread, right after its first check is answered (`warmUpHarper`), so that what Harper
 * builds the first time it meets a word unlike any in its dictionary (a name such as "Heitschmidt", seen
 * once per thread: ~1.4–2.3 s of state for its suggestions, `npm run bench:checker-memory`) is paid while
 * no writer waits, rather than by the first check (which waits for the set-up anyway) or by a later
 * writer's name. Linters for other dialects in the same thread share the module and pay it once.
 */
const WARM_UP_TEXT = 'Warm up the checker for Zqxjkvbnm.';

async function linterFor(dialect: HarperDialect): Promise<LocalLinter> {
  let linter = linters.get(dialect);
  if (!linter) {
    linter = (async () => {
      // ESM-only package: loaded lazily so nothing pays for it before start-up.
      const { LocalLinter, Dialect } = await import('harper.js');
      // The file-backed slim binary. `binaryInlined`'s base64 copy costs another ~120 MB of heap, and the
      // "full" binary instantiates the slim one as well (harper.js loads its glue from it): two modules'
      // code and memory for the same linter.
      const { slimBinary } = await import('harper.js/slimBinary');
      const created = new LocalLinter({ binary: slimBinary, dialect: Dialect[dialect] });
      await created.setup();
      await created.setLintConfig({
        ...(await created.getLintConfig()),
        ...Object.fromEntries(RULES_OFF.map((rule) => [rule, false])),
      });
      return created;
    })();
    linters.set(dialect, linter);
    linter.catch(() => linters.delete(dialect));
  }
  return linter;
}

/**
 * Builds Harper's state for words unlike any in its dictionary (see `WARM_UP_TEXT`), once per thread.
 * Runs inside the local-checker worker threads, as a task of its own after a new thread's first check.
 */
export async function warmUpHarper(dialect: HarperDialect): Promise<void> {
  if (warmedUp) return;
  const linter = await linterFor(dialect);
  await linter.organizedLints(WARM_UP_TEXT, { language: 'plaintext' });
  warmedUp = true;
}

/** Lints `text` with Harper (~5 ms per sentence of new text once warm). Runs inside the local-checker worker threads. */
export async function lintWithHarper(
  text: string,
  dialect: HarperDialect = 'American',
): Promise<LocalFinding[]> {
  const linter = await linterFor(dialect);
  const byRule = await linter.organizedLints(text, { language: 'plaintext' });
  const findings: LocalFinding[] = [];
  for (const [rule, lints] of Object.entries(byRule)) {
    for (const lint of lints) {
      const finding = toFinding(text, rule, lint);
      lint.free();
      if (finding) findings.push(finding);
    }
  }
  return findings.sort((a, b) => a.offset - b.offset);
}

type HarperLint = Awaited<ReturnType<LocalLinter['lint']>>[number];

function toFinding(text: string, rule: string, lint: HarperLint): LocalFinding | null {
  const suggestion = lint.suggestions()[0];
  if (!suggestion) return null;
  const span = lint.span();
  const problem = lint.get_problem_text();
  const range = utf16Range(text, span.start, span.end, problem);
  if (!range) return null;
  const original = text.slice(range.start, range.end);
  const kind = suggestion.kind();
  const suggested = suggestion.get_replacement_text();
  // SuggestionKind: 0 replace, 1 remove, 2 insert after.
  const replacement = kind === 1 ? '' : kind === 2 ? original + suggested : suggested;
  if (replacement === original) return null;
  return {
    offset: range.start,
    length: range.end - range.start,
    original,
    replacement,
    message: asProse(lint.message()),
    kind: lint.lint_kind(),
    rule,
    alternatives: lint
      .suggestions()
      .slice(1, 6)
      .filter((s) => s.kind() === 0)
      .map((s) => s.get_replacement_text()),
  };
}

/**
 * Harper's JS binding reports UTF-16 offsets (checked: with emoji before a typo, `text.slice(start, end)` is
 * the problem text). Should a future version switch to code points, convert; if neither matches, drop the
 * finding rather than point at the wrong characters.
 */
function utf16Range(
  text: string,
  start: number,
  end: number,
  problem: string,
): { start: number; end: number } | null {
  if (text.slice(start, end) === problem) return { start, end };
  const codePoints = [...text];
  const from = codePoints.slice(0, start).join('').length;
  const to = from + codePoints.slice(start, end).join('').length;
  return text.slice(from, to) === problem ? { start: from, end: to } : null;
}

/** Harper marks words in its messages with Markdown code spans; writers read quotes, like our own messages. */
export function asProse(message: string): string {
  return message.replace(/`([^`]+)`/g, '“$1”');
}
