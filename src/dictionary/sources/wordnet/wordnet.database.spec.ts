import { describe, expect, it } from 'vitest';

import { findIndexLine, WordNetDatabase } from './wordnet.database.js';

const INDEX = Buffer.from(
  [
    '  1 This software and database is being provided to you, the LICENSEE, by',
    '  2 Princeton University under the following license.',
    'a_cappella n 1 1 @ 1 0 07047955',
    'leg n 9 3 @ ~ %p 9 3 05560787 04099429 08582837 03227716 13674535 05564114 04099675 02661769 03226624',
    'legion n 3 3 @ ~ #m 3 1 08376807 08289169 08057633',
    'legion_of_honour n 1 2 @ #m 1 0 08377203',
    'legionary n 1 2 @ #m 1 0 10252800',
    'zymurgy n 1 2 @ ;c 1 0 06063099',
    '',
  ].join('\n'),
  'latin1',
);

describe('findIndexLine (binary search over a WordNet index file)', () => {
  it.each(['a_cappella', 'leg', 'legion', 'legion_of_honour', 'legionary', 'zymurgy'])(
    'finds %s',
    (lemma) => {
      expect(findIndexLine(INDEX, lemma)?.split(' ')[0]).toBe(lemma);
    },
  );

  it.each(['', 'a', 'lego', 'legio', 'legions', 'zzz', '1', 'This'])('finds no line for "%s"', (lemma) => {
    expect(findIndexLine(INDEX, lemma)).toBeUndefined();
  });

  it('answers from the real WordNet 3.1 index files, first and last lemmas included', async () => {
    const db = new WordNetDatabase();
    expect((await db.offsets('legion')).map((o) => o.file)).toEqual(['noun', 'adj']);
    expect(await db.has("'hood")).toBe(true); // the first noun
    expect(await db.has('zymurgy')).toBe(true);
    expect(await db.has('legionx')).toBe(false);
    await db.onApplicationShutdown();
  });
});
