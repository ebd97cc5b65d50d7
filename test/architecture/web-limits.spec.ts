import { describe, expect, it } from 'vitest';

import { MAX_TEXT_LENGTH } from '#src/correction/dto/correction.schemas.js';

import { MAX_CHECK_LENGTH } from '../../web/src/editor/chunks.js';

describe('the web editor and the service agree', () => {
  // The editor cuts a long document into requests of at most this many code units; a longer one is a 413.
  it('on the longest text one correction request may carry', () => {
    expect(MAX_CHECK_LENGTH).toBe(MAX_TEXT_LENGTH);
  });
});
