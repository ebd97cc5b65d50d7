import { isAbbreviation } from './correct-usage.js';
import {
  asSpelling,
  IRREGULAR_VERB_RULE,
  misspelledHalf,
  SPELL_CHECK_RULE,
  SPELLING_KINDS,
  spellingMessage,
  variantMessage,
} from './harper-findings.js';
import type { HarperDialect, LocalFinding } from './harper-linter.js';
import { isAffixed, isKnownForm } from './known-forms.js';
import {
  isInForeignPhrase,
  isInKnownPhrase,
  knownPhrases,
  wordnetNouns,
  wordnetWords,
} from './known-phrases.js';
import { knownWords, standardWords } from './known-words.js';
import { MAX_ACCEPTED_SLIP_COST, RepeatedWords, VERY_COMMON_COUNT } from './repeated-words.js';
import { SpellingRanker } from './spelling-ranker.js';
import { shorthandFor } from './texting-shorthand.js';
import { isListed, isWord } from './word-standing.js';
import {
  inCaseOf,
  isNameOrForeign,
  isPluralOf,
  isVariantOf,
  startsSentence,
  withAVowel,
} from './words-in-text.js';

const WORD = /^[A-Za-z][A-Za-z']*$/;
/**
 * A lower-case word of four letters or more standing alone in prose: not part of a name, a number, an
 * address, an identifier or a hyphenated word ("e-mail", "example.com", "user_id").
 */
const PLAIN_WORD = /(?<![\p{L}\p{N}_@/.'’-])[a-z]{4,}(?![\p{L}\p{N}_@/'’]|[.-][\p{L}\p{N}])/gu;

/**
 * Makes Harper's spelling findings trustworthy, since writers accept the first suggestion:
 * - the suggestion is re-ranked by how likely the writer meant it (`SpellingRanker`), in the writer's case;
 * - a capitalised word that does not start a sentence is taken for a name and left alone, and so is a
 *   word with a capital inside it (WordNet, iPhone); one that starts a sentence is flagged only when a
 *   word about one slip away is what the writer likely meant, and so is a word WordNet defines;
 * - a word the writer uses more than once in the text is taken as intended, unless it is a cheap slip
 *   the writer repeats ("teh", "recieve": `RepeatedWords`);
 * - a word in common use, or in the dialect's default spell-checker dictionary (`standardWords`), or in
 *   its larger one (`knownWords`) and defined by WordNet, or made from one of those by a rule of English
 *   (`isKnownForm`), is not a mistake — unless the finding is the variant's rule (colour in en-US) —, and
 *   neither is a word inside a phrase WordNet lists ("de facto") or of a phrase quoted from another
 *   language ("C'est merveilleux"); a rarer word of the larger dictionary is one when no much commoner
 *   word is about one slip away ("heathy" is "healthy");
 * - a word-choice finding on a word that is none of those is ranked as a misspelling.
 */
export class SpellingRefiner {
  private loadedRanker: SpellingRanker | undefined;
  private loadedRepeated: RepeatedWords | undefined;

  /** Built on first use: it loads the word lists and indexes them (~1.4 s). */
  private get ranker(): SpellingRanker {
    return (this.loadedRanker ??= new SpellingRanker());
  }

  private get repeated(): RepeatedWords {
    return (this.loadedRepeated ??= new RepeatedWords(this.ranker, (word, dialect) =>
      this.rank(word, [], dialect),
    ));
  }

  /** Loads what refining in `dialect` reads, so the first `refine` does not pay for it. */
  public load(dialect: HarperDialect): void {
    void this.ranker;
    knownWords(dialect);
    standardWords(dialect);
    knownPhrases();
  }

  /**
   * Per `refine` call: each word's ranking. A pasted text can hold the same slip a hundred times ("teh");
   * ranking the word once is enough.
   */
  private readonly rankings = new Map<string, ReturnType<SpellingRanker['rank']>>();

  public refine(findings: LocalFinding[], text: string, dialect: HarperDialect = 'American'): LocalFinding[] {
    this.repeated.clear();
    this.rankings.clear();
    const refined = this.refineHarpers(findings, text, dialect);
    const missed = this.slipsHarperAccepted(text, findings, dialect);
    return missed.length === 0 ? refined : [...refined, ...missed].sort((a, b) => a.offset - b.offset);
  }

  /**
   * Lower-case words Harper's dictionary accepts but no list holds and writers hardly use
   * ("polysaccaride", "strat", "quizes"), flagged only for a likelier word one cheap slip away, unless they
   * are a listed word with a regular prefix or ending ("linting"): words of today's prose ("repo",
   * "backend") are in no list either.
   */
  private slipsHarperAccepted(
    text: string,
    findings: LocalFinding[],
    dialect: HarperDialect,
  ): LocalFinding[] {
    const slips: LocalFinding[] = [];
    for (const match of text.matchAll(PLAIN_WORD)) {
      const word = match[0];
      const offset = match.index;
      if (findings.some((f) => f.offset < offset + word.length && offset < f.offset + f.length)) continue;
      if (isListed(this.ranker, word, dialect) || this.repeated.isOnPurpose(text, word, dialect)) continue;
      if (isInKnownPhrase(text, offset, word.length) || isInForeignPhrase(text, offset, word.length))
        continue;
      // Harper's affix rules build real words from listed ones ("linting", "serializer", "untrusted").
      if (isAffixed(word, (stem) => isListed(this.ranker, stem, dialect))) continue;
      const ranked = this.rank(word, [], dialect);
      if (!ranked?.close || ranked.candidate.includes(' ') || !this.ranker.isLikelier(ranked.candidate, word))
        continue;
      if (this.ranker.slipCost(word, ranked.candidate) > MAX_ACCEPTED_SLIP_COST) continue;
      const replacement = this.inWritersCase(word, ranked.candidate, [], dialect);
      slips.push({
        offset,
        length: word.length,
        original: word,
        replacement,
        message: spellingMessage(replacement),
        kind: 'Spelling',
        rule: SPELL_CHECK_RULE,
        alternatives: ranked.alternatives.map((a) => this.inWritersCase(word, a, [], dialect)),
      });
    }
    return slips;
  }

  /** `SpellingRanker.rank`, once per word and Harper's suggestions in a `refine` call. */
  private rank(word: string, harper: readonly string[], dialect: HarperDialect) {
    const key = `${word.toLowerCase()}\u0000${harper.join('\u0000')}`;
    if (!this.rankings.has(key)) this.rankings.set(key, this.ranker.rank(word, harper, dialect));
    return this.rankings.get(key);
  }

  private refineHarpers(findings: LocalFinding[], text: string, dialect: HarperDialect): LocalFinding[] {
    return findings.flatMap((harpers) => {
      if (harpers.original.includes('’')) return this.withStraightApostrophes(harpers, text, dialect);
      if (harpers.rule === IRREGULAR_VERB_RULE) return [this.commonestFormFirst(harpers)];
      const found = misspelledHalf(harpers, this.ranker, dialect) ?? harpers;
      // An initial with its full stop ("E. B. White") is no misspelling, and neither is a word with a digit
      // in it: a code or a name ("CRC32", "MP3"), which Harper "corrected" to "CRC's".
      if (SPELLING_KINDS.has(found.kind) && (/^[A-Z]\.$/.test(found.original) || /\d/.test(found.original)))
        return [];
      if (SPELLING_KINDS.has(found.kind) && isNameOrForeign(found.original, text, found.offset)) return [];
      if (!WORD.test(found.original))
        return [SPELLING_KINDS.has(found.kind) ? withSuggestion(found, found.replacement, []) : found];
      const finding = asSpelling(found, this.ranker, dialect);
      if (!finding) return [found];
      const word = finding.original;
      // A single letter is an initial ("E. B. White") or a variable, never a slip to correct.
      if (word.length === 1) return [];
      // "Sen." and "Gov." open sentences in the news: an abbreviation, not "Seen".
      if (isAbbreviation(text, finding.offset, word.length)) return [];
      if (/^[A-Z]/.test(word) && !startsSentence(text, finding.offset)) return [];
      // A capital inside a word is a brand or a name, never a slip (WordNet, iPhone); a short word in
      // capitals is an acronym (MDMA), a long one a word in a heading (MORTAGE).
      if (/.[A-Z]/.test(word) && (word !== word.toUpperCase() || word.length <= 5)) return [];
      // Texting shorthand has one meaning, which no slip of the letters finds ("tmrw" is not "threw").
      const expansion = shorthandFor(word);
      if (expansion)
        return [
          {
            ...finding,
            replacement: inCaseOf(word, expansion),
            message: `“${word}” is shorthand for “${expansion}”.`,
            alternatives: [],
          },
        ];
      // Two or three letters and no vowel: an abbreviation ("fn", "ctx", "tls"), unless one of the
      // commonest words with its vowel left out ("thn", "whn", "ws").
      if (
        /^[b-df-hj-np-tv-xz]{2,3}$/.test(word) &&
        !withAVowel(word).some((w) => this.ranker.isCommon(w, VERY_COMMON_COUNT))
      )
        return [];
      if (this.repeated.isOnPurpose(text, word, dialect)) return [];
      // A real variant spelling is one a variant's dictionary holds ("colour"); "idaes" (ae → e) and
      // "flourescent" (our → or) only look like one.
      if (isVariantOf(word, finding.replacement) && this.ranker.isVariantSpelling(word))
        return [{ ...finding, message: variantMessage(finding.replacement, dialect), alternatives: [] }];
      if (isWord(this.ranker, word, dialect)) return [];
      // "facto" in "de facto", "terre" in "pied-a-terre": a word of a phrase English borrowed whole.
      if (isInKnownPhrase(text, finding.offset, word.length)) return [];
      // "C'est merveilleux", "Sic semper tyrannis": a phrase quoted from another language.
      if (isInForeignPhrase(text, finding.offset, word.length)) return [];
      // Harper's suggestions (none for the misspelled half of a merge, `misspelledHalf`).
      const harper = [finding.replacement, ...finding.alternatives].filter((s) => s !== '');
      const ranked = this.rank(word, harper, dialect);
      // A capitalised word opening a sentence may be a name as well ("Schley County", "Annisberg was"), and
      // a word WordNet defines is one the dictionary looks up ("clawback", "tsuris"): flag either only with
      // strong evidence, a word about one slip away ("cannister" is in WordNet too, and still "canister").
      const lower = word.toLowerCase();
      const defined = isKnownForm(lower, wordnetWords(), wordnetNouns());
      // A rare word of the larger dictionary that WordNet does not define either ("heathy", "curch") is
      // flagged only for a much commoner word about one slip away ("healthy", "church").
      const rare = !defined && isKnownForm(lower, knownWords(dialect), wordnetNouns());
      if ((/^[A-Z][a-z]/.test(word) || defined || rare) && !ranked?.close) return [];
      if (!ranked) return this.harperFallback(finding, harper, dialect);
      if (rare && !this.ranker.isMuchCommoner(ranked.candidate, lower)) return [];
      // ... and a word WordNet defines only for a likelier one: "tsuris" is no slip for WordNet's "tsoris".
      if (defined && !this.ranker.isLikelier(ranked.candidate, lower)) return [];
      // The plural of a word WordNet defines is no slip for that word ("etceteras" → "etcetera").
      if (defined && isPluralOf(lower, ranked.candidate)) return [];
      return [
        withSuggestion(
          finding,
          this.inWritersCase(word, ranked.candidate, harper, dialect),
          ranked.alternatives.map((a) => this.inWritersCase(word, a, harper, dialect)),
        ),
      ];
    });
  }

  /** `candidate` (lower case) in the case the writer typed `word` in, a name keeping its capital. */
  private inWritersCase(word: string, candidate: string, harper: readonly string[], dialect: HarperDialect) {
    // Harper's dictionary knows which words are names ("Britain"); the frequency list only knows how
    // often subtitles capitalise a word, which is mostly at the start of a line ("According").
    const usual =
      harper.find((s) => s.toLowerCase() === candidate) ??
      this.ranker.nameCase(candidate, knownWords(dialect)) ??
      candidate;
    return inCaseOf(word, candidate, usual);
  }

  /**
   * A word with a typographic apostrophe ("Recieve’s", "Fastify’s") is refined as the lists spell it,
   * with a straight one, and the writer's apostrophe put back: passed through as it was, it had kept
   * Harper's "Recife's" and "Mastiff's".
   */
  private withStraightApostrophes(
    finding: LocalFinding,
    text: string,
    dialect: HarperDialect,
  ): LocalFinding[] {
    const straight = (s: string) => s.replaceAll('’', "'");
    const refined = this.refineHarpers(
      [
        {
          ...finding,
          original: straight(finding.original),
          replacement: straight(finding.replacement),
          alternatives: finding.alternatives.map(straight),
        },
      ],
      straight(text),
      dialect,
    );
    return refined.map((r) => ({
      ...r,
      original: text.slice(r.offset, r.offset + r.length),
      replacement: r.replacement.replaceAll("'", '’'),
      message: r.message.replaceAll("'", '’'),
      alternatives: r.alternatives.map((a) => a.replaceAll("'", '’')),
    }));
  }

  /**
   * Harper offers an irregular verb's forms ("arised": "arose", "arisen") in an order that varies from run
   * to run; the same text must always get the same answer (answers are cached and compared across
   * instances), so the form writers use most comes first.
   */
  private commonestFormFirst(finding: LocalFinding): LocalFinding {
    const [replacement, ...alternatives] = this.ranker.commonestFirst([
      finding.replacement,
      ...finding.alternatives,
    ]);
    return { ...finding, replacement, alternatives };
  }

  /**
   * When the ranker found no candidate near enough, the likeliest of Harper's suggestions (one is sometimes
   * right, "maintainence" → "maintenance") and the words that sound like the typed one ("beaurocracy" →
   * "bureaucracy", which Harper does not offer), and only one the ranker would accept ("vibrazomyn" →
   * "vibrancy", not "vibrancy's"); none, and the finding is dropped, if there is no such word.
   */
  private harperFallback(
    finding: LocalFinding,
    harper: readonly string[],
    dialect: HarperDialect,
  ): LocalFinding[] {
    const likeliest = this.ranker.likeliestFar(finding.original, harper, dialect);
    return likeliest === undefined ? [] : [withSuggestion(finding, likeliest, [])];
  }
}

/**
 * A spelling finding with the suggestion the refiner chose. Its message names that suggestion, unless the
 * suggestion is Harper's own and so is a message more specific than a spelling check's ("teh": "Did you
 * mean the definite article?").
 */
function withSuggestion(finding: LocalFinding, replacement: string, alternatives: string[]): LocalFinding {
  const harpersStands = finding.rule !== SPELL_CHECK_RULE && replacement === finding.replacement;
  const message = harpersStands ? finding.message : spellingMessage(replacement);
  return { ...finding, replacement, alternatives, message };
}
