import { describe, expect, it } from 'vitest';

import { MalformedAnswerError, parseCorrectionAnswer } from './correction-answer.js';

const e = { original: 'teh', replacement: 'the', message: 'Typo.', category: 'spelling' };

describe('parseCorrectionAnswer', () => {
  it('reads edits per piece id (also out of order, or wrapped in a Markdown fence)', () => {
    const raw =
      '```json\n' +
      JSON.stringify({
        results: [
          { id: 2, edits: [] },
          { id: 1, edits: [e] },
        ],
      }) +
      '\n```';
    const byId = parseCorrectionAnswer(raw);
    expect(byId.get(1)).toEqual([e]);
    expect(byId.get(2)).toEqual([]);
  });

  it.each([
    ['not JSON', '{"results": ['],
    ['another shape', '{"corrected": "x"}'],
    ['prose', 'Here you go!'],
  ])('rejects %s', (_n, raw) => {
    expect(() => parseCorrectionAnswer(raw)).toThrow(MalformedAnswerError);
  });

  it('drops pieces answered twice or with malformed edits, keeping the rest', () => {
    const byId = parseCorrectionAnswer(
      JSON.stringify({
        results: [
          { id: 1, edits: [e] },
          { id: 1, edits: [] },
          { id: 2, edits: [{ original: 3 }] },
          { id: 3, edits: [e] },
        ],
      }),
    );
    expect([...byId.keys()]).toEqual([3]);
  });
});
