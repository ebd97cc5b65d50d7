import { describe, expect, it } from 'vitest';

import { BadRequestError } from '#src/infra/http/errors.js';

import { ifNoneMatchHits, parseIfMatch, settingsEtag } from './settings-etag.js';

const ALICE = '6f1c2b0e-1d2a-4c55-9d7e-0a1b2c3d4e5f';
const BOB = '0b9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f';

describe('settings ETags', () => {
  it('is a quoted, strong tag that differs per user and per version', () => {
    const tag = settingsEtag(ALICE, 3);
    expect(tag).toMatch(/^"3-[A-Za-z0-9_-]{16}"$/);
    expect(settingsEtag(BOB, 3)).not.toBe(tag);
    expect(settingsEtag(ALICE, 4)).not.toBe(tag);
    expect(settingsEtag(ALICE, 3)).toBe(tag);
  });

  it('treats a missing, empty or "*" If-Match as no precondition', () => {
    for (const header of [undefined, '', '  ', '*'])
      expect(parseIfMatch(header, ALICE)).toEqual({ kind: 'none' });
  });

  it("maps the user's own tags (strong or weakened by a proxy) to versions", () => {
    const header = `${settingsEtag(ALICE, 2)}, W/${settingsEtag(ALICE, 5)}`;
    expect(parseIfMatch(header, ALICE)).toEqual({ kind: 'version-in', versions: [2, 5] });
  });

  it('ignores tags that belong to another user or are not ours, so nothing can match', () => {
    const header = `${settingsEtag(BOB, 2)}, "2-forged0000000000", "xyzzy"`;
    expect(parseIfMatch(header, ALICE)).toEqual({ kind: 'version-in', versions: [] });
  });

  it('rejects an If-Match that is not a list of quoted tags', () => {
    for (const header of ['3', '3-abc', `${settingsEtag(ALICE, 1)} junk`, '"unterminated']) {
      expect(() => parseIfMatch(header, ALICE), header).toThrow(BadRequestError);
    }
  });

  it('answers If-None-Match with weak comparison and tolerates garbage', () => {
    expect(ifNoneMatchHits(settingsEtag(ALICE, 1), ALICE, 1)).toBe(true);
    expect(ifNoneMatchHits(`"other", W/${settingsEtag(ALICE, 1)}`, ALICE, 1)).toBe(true);
    expect(ifNoneMatchHits(settingsEtag(ALICE, 1), ALICE, 2)).toBe(false);
    expect(ifNoneMatchHits(settingsEtag(BOB, 1), ALICE, 1)).toBe(false);
    expect(ifNoneMatchHits('garbage', ALICE, 1)).toBe(false);
    expect(ifNoneMatchHits(undefined, ALICE, 1)).toBe(false);
  });
});
