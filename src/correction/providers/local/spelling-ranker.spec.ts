import { describe, expect, it } from 'vitest';

import type { LocalFinding } from './harper-linter.js';
import { knownWords } from './known-words.js';
import { SpellingRanker } from './spelling-ranker.js';
import { SpellingRefiner } from './spelling-refiner.js';
import { WordFrequencies } from './word-frequencies.js';

describe('SpellingRanker (frequency-ranked suggestions)', () => {
  const ranker = new SpellingRanker();

  it.each([
    ['mortage', 'mortgage', 'one letter missing beats a rarer word one substitution away (montage)'],
    ['adresing', 'addressing', 'two doubled letters dropped cost little'],
    ['idaes', 'ideas', 'a transposition is one slip, so "ides" (a deletion) loses on frequency'],
    ['wille', 'will', 'the common word one deletion away beats the rare "wile"'],
    ['thyat', 'that', 'a frequent single word beats the split "thy at"'],
    ['eror', 'error', 'a doubled letter beats the shorter, rarer "err"'],
    ['aready', 'already', 'writers rarely get the first letter wrong, so "ready" costs more'],
    ['soem', 'some', 'swapping the last two letters keeps the ending meant, so "seem" gets no bonus for it'],
    ['tounge', 'tongue', 'a letter moved two places beats "lounge", a first letter changed and a move'],
    [
      'restaraunts',
      'restaurants',
      'a moved "r" is likelier than "restraints", a letter changed and one left out',
    ],
    ['scince', 'science', 'writers leave letters out more often than they add them, so "since" loses'],
    [
      'deside',
      'decide',
      'an "s" for the "c" it sounds like is a speller’s slip, so "desire" (an r for an s) loses',
    ],
    ['approachs', 'approaches', 'the writer meant the ending they typed (a plural)'],
    [
      'didnt',
      "didn't",
      'a missing apostrophe is a small slip, and the subtitles’ half-word "didn" is no word',
    ],
    ['wasnt', "wasn't", 'a contraction weighs what its half-word "wasn" counted, so it beats "want"'],
    ['theyre', "they're", 'a pronoun’s contraction is a candidate, weighed by the pronoun'],
    ['mispelling', 'misspelling', 'a dictionary word the subtitles never used is still a candidate'],
    ['accomadate', 'accommodate', 'the subtitles’ own rare misspelling "accomodate" is never offered'],
    ['decendant', 'descendant', 'the "s" left out before a soft "c" sounds the same; "defendant" does not'],
    ['devide', 'divide', 'a vowel slip that sounds the same beats "decide", a near key that does not'],
    ['syrap', 'syrup', 'a vowel slip that sounds the same beats "strap", one near key away and commoner'],
    ['persue', 'pursue', '"ur" typed as "er" is a habit, so "peruse", two letters swapped, loses'],
    ['layed', 'laid', '"ai" typed as "ay" is a habit, so the commoner "played" loses'],
    ['begginer', 'beginner', 'a doubled letter doubled in the wrong place is a habit, "baggier" is not'],
    ['fysics', 'physics', '"ph" typed as "f" sounds the same, though the first letter changed'],
    ['fenomenon', 'phenomenon', 'the same: the sound index finds what the first-letter scan skips'],
    ['emprove', 'improve', 'a first vowel for another that sounds the same, one slip'],
    ['imploy', 'employ', 'the same, so "imply" (a letter left out) loses to the commoner sound-alike'],
    ['sity', 'city', 'a soft "c" typed as "s" is one slip that sounds the same; "sit" is another word'],
    ['ocasionly', 'occasionally', 'a long word may lose three letters'],
    ['tolkeen', 'tolkien', 'a word only WordNet holds (the dictionary the service serves) is a candidate'],
  ])('%s → %s: %s', (misspelled, intended) => {
    expect(ranker.best(misspelled)).toBe(intended);
  });

  it('suggests the spelling of the variant checked, never another variant’s', () => {
    expect(ranker.best('favorit', [], 'American')).toBe('favorite');
    expect(ranker.best('favorit', [], 'British')).toBe('favourite');
    expect(ranker.best('neighbur', [], 'American')).toBe('neighbor');
    expect(ranker.best('neighbur', [], 'British')).toBe('neighbour');
    expect(ranker.best('colourfull', [], 'American')).toBe('colorful');
  });

  it('offers what subtitles use often if no dictionary lists it, but not speech written as heard', () => {
    const frequencies = WordFrequencies.get();
    expect(frequencies.suggestable('realtor')).toBe(true);
    expect(frequencies.suggestable('givin')).toBe(false);
    expect(frequencies.suggestable('accomodate')).toBe(false);
  });

  it('never suggests a possessive for a word typed without an apostrophe, even Harper’s', () => {
    expect(ranker.best('fightings', ["fighting's"])).toBe('fighting');
  });

  it('splits a missing space only into two common words', () => {
    expect(ranker.best('aboutthe')).toBe('about the');
    // "about" is frequent but two slips away: not close enough to stand for what was meant.
    expect(ranker.best('aboutit')).toBe('about it');
  });

  it('ranks the issue’s "succeds" as "succeeds": a doubled "e" typed once is a common slip, so the commoner "success" loses', () => {
    expect(ranker.best('succeds')).toBe('succeeds');
  });
});

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
  const refiner = new SpellingRefiner();

  it('keeps the writer’s capitals: "Mortage" at the start of a sentence becomes "Mortgage"', () => {
    const text = 'Mortage rates rose.';
    expect(refiner.refine([finding('Mortage', 0, 'Montage')], text)).toMatchObject([
      { replacement: 'Mortgage' },
    ]);
  });

  it('suggests a common word in lower case inside a sentence, though subtitles often start sentences with it', () => {
    // "According" and "Academy" open many subtitle lines; they are not names.
    const text = 'They went to the acadamy acording to plan.';
    expect(
      refiner.refine([finding('acadamy', 17, 'academy'), finding('acording', 25, 'according')], text),
    ).toMatchObject([{ replacement: 'academy' }, { replacement: 'according' }]);
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

  it('leaves a word the writer uses twice alone: intentional', () => {
    const text = 'The frobnix broke. We fixed the frobnix.';
    expect(refiner.refine([finding('frobnix', 4)], text)).toEqual([]);
  });

  it('keeps a variant finding as the dialect rule gave it (colour in en-US)', () => {
    const text = 'What colour is it?';
    expect(refiner.refine([finding('colour', 5, 'color')], text)).toMatchObject([{ replacement: 'color' }]);
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
