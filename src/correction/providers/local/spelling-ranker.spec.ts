import { describe, expect, it } from 'vitest';

import { SpellingRanker } from './spelling-ranker.js';
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
    ['suburburban', 'suburban', 'a syllable typed twice is one slip, not three letters added'],
    ['beggining', 'beginning', 'two letters repeated are English’s own ("-ining"), no slip: "begging" loses'],
    [
      'troup',
      'troupe',
      'a silent "e" left out keeps the ending meant, so "troop" (one letter changed) loses',
    ],
    [
      'teached',
      'taught',
      'an irregular verb given the regular ending is a habit: "teacher", one letter off, loses',
    ],
    [
      'lefted',
      'left',
      'the ending added to an irregular past counts as that habit, though the letter model finds "left" far',
    ],
  ])('%s → %s: %s', (misspelled, intended) => {
    expect(ranker.best(misspelled)).toBe(intended);
  });

  it('offers the next likeliest words beside the first, at most two, and none when no other is near as likely', () => {
    // "defiantly" is one swap away, "definitely" two slips but far commoner: a writer who meant it finds it second.
    expect(ranker.rank('definatly')).toEqual({
      candidate: 'defiantly',
      close: true,
      alternatives: ['definitely'],
    });
    expect(ranker.rank('preceed')?.alternatives).toEqual(['precede']);
    expect(ranker.rank('recieve')).toEqual({ candidate: 'receive', close: true, alternatives: [] });
    for (const word of ['fomed', 'diversed', 'gae', 'mear'])
      expect(ranker.rank(word)?.alternatives.length).toBeLessThanOrEqual(2);
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

describe('SpellingRanker.likeliestFar (when no candidate is near)', () => {
  const ranker = new SpellingRanker();

  it('picks the suggestion that sounds like what was typed over Harper’s first', () => {
    expect(ranker.likeliestFar('beaurocracy', ['autocracy', 'bureaucracy'])).toBe('bureaucracy');
  });

  it('finds a word that sounds like what was typed when Harper does not offer it', () => {
    expect(ranker.likeliestFar('beaurocracy', ['autocracy'])).toBe('bureaucracy');
  });

  it('never picks a possessive for a word typed without an apostrophe', () => {
    expect(ranker.likeliestFar('vibrazomyn', ["vibrancy's"])).toBeUndefined();
  });
});
