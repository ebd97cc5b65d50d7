import { beforeAll, describe, expect, it } from 'vitest';

import { type RegisteredUser, registerUser } from '../../helpers/auth.js';
import { useTestApp } from '../../helpers/use-test-app.js';

interface Edit {
  original: string;
  replacement: string;
  category: string;
  message: string;
  alternatives?: string[];
}

/** The offline checker's answers through `POST /api/v1/llm/correct` (Gemini unconfigured). */
describe('the local path of /llm/correct suggests the right word first', () => {
  const e2e = useTestApp();
  let user: RegisteredUser;

  beforeAll(async () => {
    user = await registerUser(e2e.app);
  });

  const correct = async (text: string, mode?: string) => {
    const res = await e2e.app.request('/api/v1/llm/correct', {
      method: 'POST',
      token: user.accessToken,
      json: { text, mode },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-llm-fallback')).toBe('unconfigured');
    return (await res.json()) as { edits: Edit[]; corrected: string; source: string };
  };

  it('"a eror" becomes "an error", not "err", and "This are" "This is"', async () => {
    const body = await correct('This are a example sentence with a eror.');
    expect(body.source).toBe('local');
    expect(body.edits.find((e) => e.original === 'eror')).toMatchObject({
      replacement: 'error',
      category: 'spelling',
    });
    expect(body.edits.find((e) => e.original === 'are')).toMatchObject({
      replacement: 'is',
      category: 'grammar',
    });
    expect(body.corrected).toBe('This is an example sentence with an error.');
  });

  it('offers the next likeliest words beside a first suggestion, in the writer’s case, from the cache too', async () => {
    const text = 'Definatly, I will recieve it.';
    const first = await correct(text);
    expect(
      first.edits.map(({ original, replacement, alternatives }) => ({ original, replacement, alternatives })),
    ).toEqual([
      { original: 'Definatly', replacement: 'Defiantly', alternatives: ['Definitely'] },
      // No other word is near as likely: no alternatives field at all.
      { original: 'recieve', replacement: 'receive', alternatives: undefined },
    ]);
    const again = await e2e.app.request('/api/v1/llm/correct', {
      method: 'POST',
      token: user.accessToken,
      json: { text },
    });
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(((await again.json()) as { edits: Edit[] }).edits).toEqual(first.edits);
  });

  it('flags a word the writer misspells the same way every time, and still leaves repeated jargon alone', async () => {
    const body = await correct(
      'Did you recieve my note? I recieve mail daily. The json file and the json schema.',
    );
    expect(body.edits.map((e) => [e.original, e.replacement])).toEqual([
      ['recieve', 'receive'],
      ['recieve', 'receive'],
    ]);
  });

  it('reads accents written as combining marks as part of their word, and places the edits after them', async () => {
    // As macOS file names and some PDFs write them: "naïve" was linted as "nai" + "ve", "corrected" to "nail̈we".
    const text = 'Her re\u0301sume\u0301 was nai\u0308ve, but the entre\u0301e was a sucess.';
    const body = await correct(text);
    expect(body.edits.map((e) => [e.original, e.replacement])).toEqual([['sucess', 'success']]);
    expect(body.corrected).toBe(text.replace('sucess', 'success'));
  });

  it('words in messages are quoted as prose, not as Markdown code', async () => {
    const body = await correct('We could of gone, but the eror stayed.');
    const messages = Object.fromEntries(body.edits.map((e) => [e.original, e.message]));
    expect(messages).toEqual({
      'could of': 'Use “have” rather than “of” here.',
      eror: 'Possible spelling mistake: did you mean “error”?',
    });
  });

  it('ranks by what writers mean, keeping their capitals', async () => {
    const body = await correct('Mortage rates rose while we were adresing the idaes.');
    const byOriginal = Object.fromEntries(body.edits.map((e) => [e.original, e.replacement]));
    expect(byOriginal).toMatchObject({ Mortage: 'Mortgage', adresing: 'addressing', idaes: 'ideas' });
  });

  it('puts back a missing apostrophe and a name’s capital, and reads "untill" as a misspelling', async () => {
    const body = await correct('They didnt wait untill ghandi spoke.');
    const byOriginal = Object.fromEntries(body.edits.map((e) => [e.original, e.replacement]));
    expect(byOriginal).toMatchObject({ didnt: "didn't", untill: 'until', ghandi: 'Gandhi' });
    expect(body.corrected).toBe("They didn't wait until Gandhi spoke.");
  });

  it('leaves everyday writing alone: a contraction or "Wi-Fi" opening a sentence, file names', async () => {
    // Harper recased "Who's" to "who's" and took "json" for "Jason"; the refiner took "Wi" for "We".
    const body = await correct(
      "Who's there? Who\u2019s coming tonight? Wi-Fi is free for customers. Edit package.json and app.tsx.",
    );
    expect(body.edits).toEqual([]);
  });

  it('puts back the apostrophe the subtitles often leave out ("dont" and "thats" passed as words in use)', async () => {
    const body = await correct('I dont think thats right.');
    expect(body.corrected).toBe("I don't think that's right.");
  });

  it('spells texting shorthand out rather than offering the nearest word ("tmrw" was "threw")', async () => {
    const body = await correct('Pls send it tmrw.');
    expect(body.corrected).toBe('Please send it tomorrow.');
  });

  it('catches everyday mistakes Harper lets through', async () => {
    const body = await correct(
      'Thank you! Your welcome. Irregardless, there was many people, and between you and I, its not fair.',
    );
    expect(body.corrected).toBe(
      "Thank you! You're welcome. Regardless, there were many people, and between you and me, it's not fair.",
    );
    expect(body.edits.map((e) => [e.original, e.replacement, e.category])).toEqual([
      ['Your', "You're", 'word-choice'],
      ['Irregardless', 'Regardless', 'word-choice'],
      ['was', 'were', 'grammar'],
      ['I', 'me', 'grammar'],
      ['its', "it's", 'word-choice'],
    ]);
  });

  it('flags a slip of a common word the writer repeats, but not a word of their own used twice', async () => {
    // "teh" twice was taken for a word the writer chose; "frobnix" twice still is one (once, it is flagged).
    const body = await correct('Teh cat sat on teh mat. We ship the frobnix today. The frobnix works.');
    expect(body.corrected).toBe('The cat sat on the mat. We ship the frobnix today. The frobnix works.');
    const once = await correct('We ship a frobnix today.');
    expect(once.edits.map((e) => e.original)).toEqual(['frobnix']);
  });

  it('reads "its", "your" and "lets" by the words after them', async () => {
    // Harper offered "Your best" for "Your the best"; "Lets you" describes and stays.
    const body = await correct('Lets meet on Friday, its going to be fun. Your the best. It lets you in.');
    expect(body.corrected).toBe(
      "Let's meet on Friday, it's going to be fun. You're the best. It lets you in.",
    );
  });

  it('reads a sentence-ending "their" as "there", and "loose" before "weight" as "lose"', async () => {
    const body = await correct('We went their. I want to loose weight, and their plan helps.');
    expect(body.corrected).toBe('We went there. I want to lose weight, and their plan helps.');
    const before = await correct('Their is a problem: we went their yesterday.');
    expect(before.corrected).toBe('There is a problem: we went there yesterday.');
    expect(body.edits.find((e) => e.original === 'their')?.message).toBe(
      'Did you mean “there” (a place), or “theirs”? “Their” needs a noun after it.',
    );
  });

  it('reads "your going to" as "you’re going to", and "I seen" as "I saw", but not "Have you seen"', async () => {
    const body = await correct('Your going to love it. I seen it. Have you seen it?');
    expect(body.corrected).toBe("You're going to love it. I saw it. Have you seen it?");
  });

  it('leaves names inside a sentence alone', async () => {
    const body = await correct('Yesterday we met Vandiver and Hartsfield in Pelham.');
    expect(body.edits.filter((e) => e.category === 'spelling')).toEqual([]);
  });

  it('counts a moved or left-out letter as one slip, and leaves correct English of edited prose alone', async () => {
    const body = await correct(
      'The soup burnt my tounge, so I wasnt fond of the scince fair. Sen. A. M. Aikin had had enough, and Henry L. Bowden agreed.',
    );
    const byOriginal = Object.fromEntries(body.edits.map((e) => [e.original, e.replacement]));
    expect(byOriginal).toEqual({ tounge: 'tongue', wasnt: "wasn't", scince: 'science' });
  });

  it('ranks with slips learned from real misspellings, and leaves a name opening a sentence alone', async () => {
    // The "succeds" (not "success"); "ommited" (not "committed"); "Schley" may be a name.
    const body = await correct(
      'Schley County succeds where the clerk ommited a line. Becuase it rained, we left.',
    );
    const byOriginal = Object.fromEntries(body.edits.map((e) => [e.original, e.replacement]));
    expect(byOriginal).toEqual({ succeds: 'succeeds', ommited: 'omitted', Becuase: 'Because' });
  });

  it('leaves phrases English borrowed whole alone: "de facto", "South Viet Nam"', async () => {
    const body = await correct('They accepted a de facto truce in South Viet Nam, but the eror stayed.');
    expect(body.edits.map((e) => [e.original, e.replacement])).toEqual([['eror', 'error']]);
  });

  it('prefers the word that sounds like the misspelling: "devide" is "divide", not "decide"', async () => {
    const body = await correct('They devide the syrap between them.');
    const byOriginal = Object.fromEntries(body.edits.map((e) => [e.original, e.replacement]));
    expect(byOriginal).toMatchObject({ devide: 'divide', syrap: 'syrup' });
  });

  it('catches what Harper’s dictionary lets through, regularised irregular verbs and far sound-alikes', async () => {
    // Harper accepts "polysaccaride"; "seeked" and "lefted" are irregular verbs given the regular ending;
    // "beaurocracy" is many slips from "bureaucracy" but sounds the same (Harper offers "autocracy"); the
    // repo's backend is today's prose, no slip.
    const body = await correct(
      'Starch is a polysaccaride, she seeked help, the beaurocracy lefted early, and the repo has a backend.',
    );
    const byOriginal = Object.fromEntries(body.edits.map((e) => [e.original, e.replacement]));
    expect(byOriginal).toEqual({
      polysaccaride: 'polysaccharide',
      seeked: 'sought',
      beaurocracy: 'bureaucracy',
      lefted: 'left',
    });
    expect(body.corrected).toBe(
      'Starch is a polysaccharide, she sought help, the bureaucracy left early, and the repo has a backend.',
    );
  });

  it('keeps style opinions for the modes that ask for them: the default grammar mode shows mistakes only', async () => {
    const text = 'The rain came, and also the wind.';
    const grammar = await correct(text);
    expect(grammar.edits).toEqual([]);
    expect(grammar.corrected).toBe(text);
    const concise = await correct(text, 'concise');
    expect(concise.edits).toEqual([
      expect.objectContaining({ original: 'and also', replacement: 'and', category: 'style' }),
    ]);
    expect(concise.corrected).toBe('The rain came, and the wind.');
  });
});
