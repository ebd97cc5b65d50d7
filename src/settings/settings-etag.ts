import { createHash } from 'node:crypto';

import { BadRequestError } from '#src/infra/http/errors.js';

/**
 * ETags of a user's settings: `"<version>-<tag>"`, where `tag` is a hash of (user, version). The version
 * is readable so an `If-Match` maps to the `WHERE version = …` of a conditional UPDATE; the hash ties the
 * tag to its user, so a tag copied from another account never matches.
 *
 * The ETag is strong (RFC 9110 requires strong comparison for If-Match). A weak form (`W/"…"`) of one
 * of our tags is accepted too: compressing proxies weaken ETags in transit, and the tag names a version
 * of the settings, not a byte sequence.
 */
export function settingsEtag(userId: string, version: number): string {
  return `"${version}-${versionTag(userId, version)}"`;
}

function versionTag(userId: string, version: number): string {
  return createHash('sha256').update(`settings:${userId}:${version}`).digest('base64url').slice(0, 16);
}

/** What a write requires of the current version. */
export type WritePrecondition =
  /** No If-Match, or `If-Match: *` (settings always exist — the defaults until the first save). */
  | { kind: 'none' }
  /** The write happens only if the current version is one of these (may be empty: nothing can match). */
  | { kind: 'version-in'; versions: number[] };

/** One element of an entity-tag list (sticky: each match must start where the previous one ended). */
const LIST_ITEM = /\s*(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/y;
const OUR_TAG = /^(\d{1,9})-([A-Za-z0-9_-]{16})$/;

/** Reads an `If-Match` header; 400 when it is not `*` or a comma-separated list of entity tags. */
export function parseIfMatch(header: string | undefined, userId: string): WritePrecondition {
  const value = header?.trim();
  if (!value || value === '*') return { kind: 'none' };
  const versions = new Set<number>();
  for (const opaque of entityTags(value)) {
    const ours = OUR_TAG.exec(opaque);
    if (!ours) continue;
    const version = Number(ours[1]);
    if (ours[2] === versionTag(userId, version)) versions.add(version);
  }
  return { kind: 'version-in', versions: [...versions] };
}

/** The opaque parts of `"a", W/"b"`; 400 on anything else. */
function entityTags(list: string): string[] {
  const tags: string[] = [];
  const item = new RegExp(LIST_ITEM);
  while (item.lastIndex < list.length) {
    const match = item.exec(list);
    if (!match) {
      throw new BadRequestError(
        'If-Match must be "*" or a comma-separated list of entity tags, quotes included (e.g. "3-…").',
      );
    }
    tags.push(match[1]);
  }
  return tags;
}

/** Whether an `If-None-Match` header names this version (for `304 Not Modified`; weak comparison). */
export function ifNoneMatchHits(header: string | undefined, userId: string, version: number): boolean {
  const value = header?.trim();
  if (!value) return false;
  if (value === '*') return true;
  const current = settingsEtag(userId, version).slice(1, -1);
  try {
    return entityTags(value).includes(current);
  } catch {
    return false; // a malformed If-None-Match just means "send the body"
  }
}
