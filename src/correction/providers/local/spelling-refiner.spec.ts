import { describe, expect, it } from 'vitest';

import type { LocalFinding } from './harper-linter.js';
import { knownWords } from './known-words.js';
import { SpellingRefiner } from './spelling-refiner.js';

describe('SpellingRefiner', () => {
  const finding = (original: string, offset: number, replacement = 'x'): LocalFinding => ({
    offset,
    length: original.length,
    original,
    replacement,
    message: 'Did you mean?',
    kind: 'Spelling',
    rule: 'SpellCheck',
    alternatives: [],
  });
  /** A finding at each place `word` stands in `text`, as Harper reports a word typed more than once. */
  const everyFinding = (text: string, word: string): LocalFinding[] =>
    [...text.matchAll(new RegExp(`\\b${word}\\b`, 'g'))].map((m) => finding(word, m.index));
  const refiner = new SpellingRefiner();

  it('keeps the writer’s capitals: "Mortage" at the start of a sentence becomes "Mortgage"', () => {
    const text = 'Mortage rates rose.';
    expect(refiner.refine([finding('Mortage', 0, 'Montage')], text)).toMatchObject([
      { replacement: 'Mortgage' },
    ]);
  });

  it('offers the ranker’s runners-up in the writer’s case, never Harper’s own extra suggestions', () => {
    const text = 'Definatly, we recieve it.';
    const harpers = { ...finding('recieve', 14, 'relieve'), alternatives: ['receive', 'recife'] };
    expect(refiner.refine([finding('Definatly', 0, 'Defiantly'), harpers], text)).toMatchObject([
      { replacement: 'Defiantly', alternatives: ['Definitely'] },
      { replacement: 'receive', alternatives: [] },
    ]);
  });

  it('offers no runners-up where it keeps Harper’s suggestion or spells shorthand out', () => {
    const variant = { ...finding('colour', 5, 'color'), alternatives: ['collar'] };
    expect(refiner.refine([variant], 'What colour is it?')).toMatchObject([
      { replacement: 'color', alternatives: [] },
    ]);
    const shorthand = { ...finding('tmrw', 11, 'threw'), alternatives: ['term'] };
    expect(refiner.refine([shorthand], 'See you at tmrw then.')).toMatchObject([
      { replacement: 'tomorrow', alternatives: [] },
    ]);
  });

  it('suggests a common word in lower case inside a sentence, though subtitles often start sentences with it', () => {
    // "According" and "Academy" open many subtitle lines; they are not names.
    const text = 'They went to the acadamy acording to plan.';
    expect(
      refiner.refine([finding('acadamy', 17, 'academy'), finding('acording', 25, 'according')], text),
    ).toMatchObject([{ replacement: 'academy' }, { replacement: 'according' }]);
  });

  it('spells texting shorthand out, in the writer’s case, and leaves a short acronym alone', () => {
    const text = 'Pls come tmrw, ppl are rly keen. PLS matters.';
    const found = refiner.refine(
      [
        finding('Pls', 0, 'Plus'),
        finding('tmrw', 9, 'threw'),
        finding('ppl', 15, 'pol'),
        finding('rly', 23, 'rely'),
        finding('PLS', 33, 'PLUS'),
      ],
      text,
    );
    expect(found.map((f) => [f.original, f.replacement])).toEqual([
      ['Pls', 'Please'],
      ['tmrw', 'tomorrow'],
      ['ppl', 'people'],
      ['rly', 'really'],
    ]);
    expect(found[1].message).toBe('“tmrw” is shorthand for “tomorrow”.');
  });

  it('leaves names and other languages’ words alone, whatever their letters', () => {
    const text = 'Thanks to Kamil Myśliwiec and Fastify’s team. Unnebäck wrote it in Zürich.';
    const at = (word: string, replacement: string) => finding(word, text.indexOf(word), replacement);
    expect(
      refiner.refine(
        [
          at('Myśliwiec', 'Mollified'),
          at('Fastify’s', "Mastiff's"),
          at('Unnebäck', 'Unlock'),
          at('Zürich', 'Zurich'),
        ],
        text,
      ),
    ).toEqual([]);
  });

  it('takes two or three letters with no vowel for an abbreviation, unless a common word lost its vowel', () => {
    const text = 'Pass ctx and fn to tls, thn whn it ws done.';
    const at = (word: string, replacement: string) => finding(word, text.indexOf(word), replacement);
    const found = refiner.refine(
      [
        at('ctx', 'crux'),
        at('fn', 'fun'),
        at('tls', 'tells'),
        at('thn', 'than'),
        at('whn', 'when'),
        at('ws', 'was'),
      ],
      text,
    );
    expect(found.map((f) => [f.original, f.replacement])).toEqual([
      ['thn', 'then'],
      ['whn', 'when'],
      ['ws', 'was'],
    ]);
  });

  it('puts back the apostrophe of a contraction the subtitles often write without it ("dont", "thats")', () => {
    const text = 'I dont think thats right, but I cant say.';
    const at = (word: string, replacement: string) => finding(word, text.indexOf(word), replacement);
    const found = refiner.refine([at('dont', 'dint'), at('thats', 'that'), at('cant', "can't")], text);
    // "cant" is a word of its own (hypocritical talk): no spelling mistake.
    expect(found.map((f) => [f.original, f.replacement])).toEqual([
      ['dont', "don't"],
      ['thats', "that's"],
    ]);
  });

  it('refines a word with a typographic apostrophe as the lists spell it, and keeps the writer’s apostrophe', () => {
    const text = 'Mortage’s rate rose at Fastify’s pace.';
    const at = (word: string, replacement: string) => finding(word, text.indexOf(word), replacement);
    expect(refiner.refine([at('Mortage’s', "Mortgage's"), at('Fastify’s', "Mastiff's")], text)).toEqual([
      expect.objectContaining({ original: 'Mortage’s', replacement: 'Mortgage’s' }),
    ]);
  });

  it('keeps the capital of a name the writer typed in lower case: "britian" becomes "Britain"', () => {
    const text = 'They flew to britian today.';
    expect(refiner.refine([finding('britian', 13, 'Britain')], text)).toMatchObject([
      { replacement: 'Britain' },
    ]);
  });

  it('writes a name found only in the frequency list with its capital: "ghandi" becomes "Gandhi"', () => {
    const text = 'They wrote about ghandi today.';
    expect(refiner.refine([finding('ghandi', 17, 'gland')], text)).toMatchObject([{ replacement: 'Gandhi' }]);
  });

  it('takes a word-choice finding on a word no dictionary holds for a misspelling: "untill" is "until"', () => {
    const text = 'Wait untill noon.';
    const wrongNegative = { ...finding('untill', 5, 'distill'), kind: 'WordChoice', rule: 'WrongNegative' };
    expect(refiner.refine([wrongNegative], text)).toMatchObject([
      { replacement: 'until', kind: 'Spelling', rule: 'SpellCheck' },
    ]);
  });

  it('offers an irregular verb’s commonest form first, whichever order Harper gave', () => {
    const text = 'Problems arised.';
    const irregular = (replacement: string, alternative: string) => ({
      ...finding('arised', 9, replacement),
      kind: 'Grammar',
      rule: 'RegularIrregulars',
      alternatives: [alternative],
    });
    for (const [replacement, alternative] of [
      ['arisen', 'arose'],
      ['arose', 'arisen'],
    ])
      expect(refiner.refine([irregular(replacement, alternative)], text)).toMatchObject([
        { replacement: 'arose', alternatives: ['arisen'] },
      ]);
  });

  it('takes a merge into a rare word, one half no word, for that half misspelled: "ther on" is not "theron"', () => {
    const text = 'They wrote ther on the board.';
    const merge = { ...finding('ther on', 11, 'theron'), kind: 'WordChoice', rule: 'MergeWords' };
    expect(refiner.refine([merge], text)).toMatchObject([
      { offset: 11, length: 4, original: 'ther', kind: 'Spelling', rule: 'SpellCheck' },
    ]);
    expect(refiner.refine([merge], text)[0].replacement).toMatch(/^(the|there|their)$/);
    // A merge into a common word stands: "to gether" is "together".
    const common = { ...finding('to gether', 8, 'together'), kind: 'WordChoice', rule: 'MergeWords' };
    expect(refiner.refine([common], 'We went to gether.')).toEqual([common]);
  });

  it('leaves a word-choice finding on a real word as the rule gave it', () => {
    const text = 'Could of gone.';
    const rule = { ...finding('of', 6, 'have'), kind: 'WordChoice', rule: 'CouldOf' };
    expect(refiner.refine([rule], text)).toEqual([rule]);
  });

  it('keeps Harper’s suggestion when nothing is close, but not a possessive of it', () => {
    // A made-up drug name ("vibramycin" itself is in WordNet, so one slip from it would be close).
    const text = 'The vet gave it vibrazomyn twice.';
    const far = { ...finding('vibrazomyn', 16, "vibrancy's"), alternatives: ['vibrancy'] };
    expect(refiner.refine([far], text)).toMatchObject([{ replacement: 'vibrancy' }]);
  });

  it('flags a word WordNet defines only when a word about one slip away is likely meant', () => {
    const rare = 'The Treasury will find some clawback for it.';
    expect(refiner.refine([finding('clawback', rare.indexOf('clawback'), 'callback')], rare)).toEqual([]);
    const slip = 'Put the tea in the cannister.';
    expect(refiner.refine([finding('cannister', slip.indexOf('cannister'), 'canister')], slip)).toMatchObject(
      [{ replacement: 'canister' }],
    );
    // Nor is a word WordNet defines a slip for another as rare: "tsoris" is one slip away, no likelier.
    const yiddish = 'The frustrating tsuris he subjected himself to.';
    expect(refiner.refine([finding('tsuris', yiddish.indexOf('tsuris'), 'tsoris')], yiddish)).toEqual([]);
    // Its plural is no slip for it either.
    const plural = 'His report was full of etceteras.';
    expect(refiner.refine([finding('etceteras', plural.indexOf('etceteras'), 'etcetera')], plural)).toEqual(
      [],
    );
  });

  it('flags a capitalised word opening a sentence only when a word about one slip away is likely meant', () => {
    // "Schley" may be a name ("Schley County"): "Shelly" is two slips away, no strong evidence.
    const name = 'Schley County will vote on it.';
    expect(refiner.refine([finding('Schley', 0, 'Shelly')], name)).toEqual([]);
    const slip = 'Becuase it rained, we left.';
    expect(refiner.refine([finding('Becuase', 0, 'Because')], slip)).toMatchObject([
      { replacement: 'Because' },
    ]);
  });

  it('leaves a capitalised word inside a sentence alone: a name', () => {
    const text = 'We met Vandiver at noon.';
    expect(refiner.refine([finding('Vandiver', 7, 'Handover')], text)).toEqual([]);
  });

  it('leaves a capitalised word in brackets inside a sentence alone, but not one opening a sentence', () => {
    const inside = 'We met Eligio (Kika) De La Garza.';
    expect(refiner.refine([finding('Kika', 15, 'Kiki')], inside)).toEqual([]);
    const opening = 'It rained. (Mortage rates rose.)';
    expect(refiner.refine([finding('Mortage', 12, 'Montage')], opening)).toMatchObject([
      { replacement: 'Mortgage' },
    ]);
  });

  it('leaves a name after an initial or a title alone: the full stop ends no sentence', () => {
    const text = 'Henry L. Bowden met Gov. Meyner.';
    expect(refiner.refine([finding('Bowden', 9, 'Boden'), finding('Meyner', 25, 'Meyer')], text)).toEqual([]);
  });

  it('leaves a word with a capital inside alone, even at the start of a sentence: a brand', () => {
    const text = 'WordNet gets many hits.';
    expect(refiner.refine([finding('WordNet', 0, 'Worded')], text)).toEqual([]);
  });

  it('flags a lower-case word Harper accepts but no list holds, for a likelier word one cheap slip away', () => {
    // Harper's dictionary holds "polysaccaride"; no dictionary the checker reads does.
    const text = 'Starch is a polysaccaride.';
    expect(refiner.refine([], text)).toMatchObject([
      {
        offset: 12,
        length: 13,
        original: 'polysaccaride',
        replacement: 'polysaccharide',
        kind: 'Spelling',
        rule: 'SpellCheck',
      },
    ]);
  });

  it('leaves such a word alone in a name, an address, an identifier, or when the writer uses it twice', () => {
    for (const text of [
      'Ask Polysaccaride Labs.',
      'See polysaccaride.com today.',
      'Set user_polysaccaride to true.',
      'The pre-polysaccaride value.',
      'A polysaccaride, and polysaccaride more.',
    ])
      expect(refiner.refine([], text)).toEqual([]);
  });

  it('leaves today’s words no list holds alone: a costlier slip from a word ("repo"), or a word with an ending', () => {
    // "repo" is 2.7 from "report", "backend" 2.05 from "backed"; "linting" is "lint" + "-ing".
    const text = 'The repo has a backend, linting, a serializer and untrusted input.';
    expect(refiner.refine([], text)).toEqual([]);
  });

  it('leaves a word the writer uses twice alone: intentional', () => {
    const text = 'The frobnix broke. We fixed the frobnix.';
    expect(refiner.refine([finding('frobnix', 4)], text)).toEqual([]);
  });

  it('flags a word typed twice when it is one cheap slip from one of the commonest words: "teh" is a habit', () => {
    // A writer whose hand swaps "the" does it everywhere; taking that for a deliberate word hid it.
    const text = 'Teh cat sat on teh mat, becuase it could. We knew becuase we saw.';
    expect(
      refiner.refine(
        [finding('Teh', 0), finding('teh', 15), finding('becuase', 24), finding('becuase', 50)],
        text,
      ),
    ).toMatchObject([
      { original: 'Teh', replacement: 'The' },
      { original: 'teh', replacement: 'the' },
      { original: 'becuase', replacement: 'because' },
      { original: 'becuase', replacement: 'because' },
    ]);
    // A word of today's prose used twice stays the writer's choice: "dev" is no common word's slip. (Used
    // once, Harper's finding on it stands: the repetition is what leaves it alone.)
    const dev = 'The dev server and the dev build.';
    expect(refiner.refine([finding('dev', 4), finding('dev', 23)], dev)).toEqual([]);
    expect(refiner.refine([finding('dev', 4)], 'The dev server is up.')).toHaveLength(1);
  });

  it('flags a word the writer misspells the same way each time: "recieve" twice is still "receive"', () => {
    const text = 'We recieve mail daily. Did you recieve it? The seperate boxes are seperate.';
    expect(
      refiner.refine([...everyFinding(text, 'recieve'), ...everyFinding(text, 'seperate')], text),
    ).toMatchObject([
      { original: 'recieve', replacement: 'receive' },
      { original: 'recieve', replacement: 'receive' },
      { original: 'seperate', replacement: 'separate' },
      { original: 'seperate', replacement: 'separate' },
    ]);
    // Opening a sentence too, once the text has it in lower case: a name would not be.
    const opening = 'Recieve it soon. I recieve mail.';
    expect(refiner.refine([finding('Recieve', 0), finding('recieve', 19)], opening)).toMatchObject([
      { original: 'Recieve', replacement: 'Receive' },
      { original: 'recieve', replacement: 'receive' },
    ]);
  });

  it('still leaves repeated jargon and names alone: short words, a slip from a name, a capitalised word', () => {
    // Measured on READMEs: "json" (Jason), "endian" (Indian) and "buf" (buff), each used over and over.
    const readme =
      'Parse the json. The json is little endian, and endian order matters. The buf and the buf.';
    expect(
      refiner.refine(
        ['json', 'endian', 'buf'].flatMap((word) => everyFinding(readme, word)),
        readme,
      ),
    ).toEqual([]);
    // Brown: "Cotten" opening two sentences is a name, not "Cotton".
    const brown = 'Cotten said no. Cotten left.';
    expect(refiner.refine([finding('Cotten', 0), finding('Cotten', 16)], brown)).toEqual([]);
  });

  it('keeps a variant finding as the dialect rule gave it (colour in en-US), saying whose spelling it is', () => {
    const text = 'What colour is it?';
    expect(refiner.refine([finding('colour', 5, 'color')], text)).toMatchObject([
      { replacement: 'color', message: 'American English spells it “color”.' },
    ]);
    expect(refiner.refine([finding('color', 5, 'colour')], 'What color is it?', 'British')).toMatchObject([
      { replacement: 'colour', message: 'British English spells it “colour”.' },
    ]);
  });

  it('names the suggestion it makes in the message, never one of Harper’s it replaced', () => {
    // Harper's spelling message names no word, and its split of "thyat" named "thy at" above "that".
    const split = { ...finding('thyat', 5, 'thy at'), kind: 'Typo', rule: 'SplitWords' };
    split.message = '“thyat” should probably be written as “thy at”.';
    expect(refiner.refine([finding('libary', 8, 'Libra'), split], 'The old libary thyat burned.')).toEqual([
      expect.objectContaining({
        replacement: 'library',
        message: 'Possible spelling mistake: did you mean “library”?',
      }),
      expect.objectContaining({
        replacement: 'that',
        message: 'Possible spelling mistake: did you mean “that”?',
      }),
    ]);
  });

  it('keeps Harper’s own message where it keeps Harper’s own suggestion of another rule: it is more specific', () => {
    const article = { ...finding('teh', 4, 'the'), kind: 'Typo', rule: 'The' };
    article.message = 'Did you mean the definite article?';
    expect(refiner.refine([article], 'Add teh salt.')).toMatchObject([
      { replacement: 'the', message: 'Did you mean the definite article?' },
    ]);
  });

  it('ranks a misspelling that only looks like a variant: "flourescent" (our → or) is no British word', () => {
    const text = 'A flourescent lamp.';
    const looksLikeVariant = { ...finding('flourescent', 2, 'florescent'), alternatives: ['fluorescent'] };
    expect(refiner.refine([looksLikeVariant], text)).toMatchObject([{ replacement: 'fluorescent' }]);
  });

  it('leaves a rare word of the dialect’s spelling dictionary alone: "congener" is not "convener"', () => {
    const text = 'Butter is its congener.';
    expect(refiner.refine([finding('congener', 13, 'convener')], text)).toEqual([]);
  });

  it('flags a rare word only the larger dictionary holds for a much commoner word one slip away: "heathy" is "healthy"', () => {
    const text = 'She looked heathy and we went to curch.';
    expect(
      refiner.refine([finding('heathy', 11, 'heath'), finding('curch', 34, 'crutch')], text),
    ).toMatchObject([{ replacement: 'healthy' }, { replacement: 'church' }]);
  });

  it('catches a "-ness" spelled without the "y" turned "i" and a plural of what is no noun', () => {
    const text = 'Such lazyness. He goes agains the wind.';
    expect(
      refiner.refine([finding('lazyness', 5, 'laziness'), finding('agains', 24, 'again')], text),
    ).toMatchObject([{ replacement: 'laziness' }, { replacement: 'against' }]);
  });

  it('leaves an initial with its full stop alone, and a short word in capitals (an acronym)', () => {
    const text = 'Then E. Smith took MDMA.';
    expect(refiner.refine([finding('E.', 5, 'Eh'), finding('MDMA', 19, 'MAMA')], text)).toEqual([]);
  });

  it('does not take a change of capital for the dialect’s spelling rule: "subversion" is a word', () => {
    const text = 'It was subversion.';
    expect(refiner.refine([finding('subversion', 7, 'Subversion')], text)).toEqual([]);
  });

  it('leaves a word with a digit in it alone: a code or a name, "CRC32" is not "CRC’s"', () => {
    const text = 'Hash it with CRC32 or DJB2.';
    expect(
      refiner.refine([finding('CRC32', 13, "CRC's"), finding('DJB2', text.indexOf('DJB2'), 'Dab')], text),
    ).toEqual([]);
  });

  it('leaves initials alone: "E. B. White" has no misspelling', () => {
    const text = 'We read E. B. White.';
    expect(refiner.refine([finding('E', 8, 'Eh'), finding('B', 11, 'Be')], text)).toEqual([]);
  });

  it('takes a possessive, "-ness" or "-hood" of a dictionary word as a word, but still catches "approachs"', () => {
    const text = 'The ironmonger’s wiggliness and personhood. Two approachs.';
    expect(
      refiner.refine(
        [
          finding('wiggliness', 17, 'wiliness'),
          finding('personhood', 32, 'person hood'),
          finding('approachs', 48, 'approach'),
        ],
        text.replace('’', "'"),
      ),
    ).toMatchObject([{ original: 'approachs' }]);
  });

  it('reads each dialect’s dictionary: "criticised" is a word in en-GB, not in en-US (Harper flags it there)', () => {
    expect(knownWords('British').has('criticised')).toBe(true);
    expect(knownWords('American').has('criticised')).toBe(false);
    expect(knownWords('American').has('criticized')).toBe(true);
  });
});
