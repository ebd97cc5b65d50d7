import { Inject, Injectable } from '@nestjs/common';

import {
  dropOverlapping,
  type EditCategory,
  isEditCategory,
  type TextEdit,
} from '#src/correction/edits/text-edit.js';
import type { CorrectionStyle } from '#src/correction/prompt/correction-prompt.js';

import { CorrectionProvider, NO_USAGE, type ProviderAnswer } from '../correction-provider.js';
import { type HarperDialect, HarperLinter, type LocalFinding } from './harper-linter.js';
import { SpellingRefiner } from './spelling-refiner.js';

export const LOCAL_MODEL = 'harper';

// Pieces are linted as one text, separated like paragraphs so no rule sees across two of them.
const SEPARATOR = '\n\n';

const DIALECTS: Record<string, HarperDialect> = {
  'en-US': 'American',
  'en-GB': 'British',
  'en-AU': 'Australian',
  'en-CA': 'Canadian',
};

const KIND_TO_CATEGORY: Record<string, EditCategory> = {
  Spelling: 'spelling',
  Typo: 'spelling',
  Repetition: 'repetition',
  Capitalization: 'capitalization',
  Punctuation: 'punctuation',
  Formatting: 'punctuation',
  Agreement: 'grammar',
  Grammar: 'grammar',
  Usage: 'grammar',
  WordOrder: 'grammar',
  Miscellaneous: 'grammar',
  WordChoice: 'word-choice',
  Malapropism: 'word-choice',
  Eggcorn: 'word-choice',
  Nonstandard: 'word-choice',
  Regionalism: 'word-choice',
  Redundancy: 'style',
  Style: 'style',
  Enhancement: 'style',
  Readability: 'clarity',
  BoundaryError: 'spelling',
};

/**
 * Offline corrections from Harper: spelling, repetition, a/an, some agreement. English only — for other
 * languages it reports nothing rather than flag every word. It ignores the mode (it only fixes errors).
 */
@Injectable()
export class LocalCorrectionProvider extends CorrectionProvider {
  public readonly name = 'local' as const;

  public constructor(
    private readonly harper: HarperLinter,
    /** Null: Harper's own suggestions (the quality benchmark's baseline). */
    @Inject(SpellingRefiner) private readonly refiner: SpellingRefiner | null,
  ) {
    super();
  }

  public get available(): boolean {
    return true;
  }

  public get model(): string {
    return LOCAL_MODEL;
  }

  public async correct(pieces: readonly string[], style: CorrectionStyle): Promise<ProviderAnswer> {
    const dialect = dialectOf(style.language);
    if (!dialect || pieces.length === 0)
      return { model: LOCAL_MODEL, corrections: pieces.map(() => []), usage: NO_USAGE };
    // One lint over all pieces is ~4x cheaper than one per piece (Harper's per-call overhead dominates).
    const combined = pieces.join(SEPARATOR);
    const raw = await this.harper.lint(combined, dialect);
    const findings = this.refiner ? this.refiner.refine(raw, combined) : raw;
    const corrections: TextEdit[][] = pieces.map(() => []);
    let start = 0;
    let piece = 0;
    for (const finding of findings) {
      while (piece < pieces.length && finding.offset >= start + pieces[piece].length + SEPARATOR.length) {
        start += pieces[piece].length + SEPARATOR.length;
        piece++;
      }
      if (piece >= pieces.length) break;
      const inside =
        finding.offset >= start && finding.offset + finding.length <= start + pieces[piece].length;
      if (inside) corrections[piece].push(toEdit(finding, start));
    }
    return { model: LOCAL_MODEL, corrections: corrections.map(dropOverlapping), usage: NO_USAGE };
  }
}

function dialectOf(language: string): HarperDialect | null {
  if (DIALECTS[language]) return DIALECTS[language];
  return /^en\b/i.test(language) ? 'American' : null;
}

function toEdit(finding: LocalFinding, pieceStart: number): TextEdit {
  const category =
    KIND_TO_CATEGORY[finding.kind] ??
    (isEditCategory(finding.kind.toLowerCase()) ? (finding.kind.toLowerCase() as EditCategory) : 'other');
  return {
    offset: finding.offset - pieceStart,
    length: finding.length,
    original: finding.original,
    replacement: finding.replacement,
    message: finding.message,
    category,
    rule: finding.rule,
  };
}
