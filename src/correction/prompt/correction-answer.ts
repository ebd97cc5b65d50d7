import type { ProposedEdit } from '../edits/edit-locator.js';

export class MalformedAnswerError extends Error {
  public constructor(reason: string) {
    super(`malformed model answer: ${reason}`);
    this.name = 'MalformedAnswerError';
  }
}

/**
 * Reads the model's JSON answer into proposed edits per piece id (1-based). The whole answer is rejected
 * when it is not the agreed shape; a missing or duplicated id only costs that piece (the caller treats an
 * absent id as "no answer" and falls back for it).
 */
export function parseCorrectionAnswer(raw: string): Map<number, ProposedEdit[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripFence(raw));
  } catch {
    throw new MalformedAnswerError('not JSON');
  }
  const results = (parsed as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) throw new MalformedAnswerError('no "results" array');
  const byId = new Map<number, ProposedEdit[]>();
  const duplicated = new Set<number>();
  for (const result of results as unknown[]) {
    const id = (result as { id?: unknown })?.id;
    const edits = (result as { edits?: unknown })?.edits;
    if (!Number.isInteger(id) || !Array.isArray(edits) || !edits.every(isProposedEdit)) continue;
    if (byId.has(id as number)) duplicated.add(id as number);
    byId.set(id as number, edits);
  }
  // Two answers for one piece: neither can be trusted.
  for (const id of duplicated) byId.delete(id);
  return byId;
}

function isProposedEdit(value: unknown): value is ProposedEdit {
  const e = value as Partial<ProposedEdit> | null;
  return typeof e?.original === 'string' && typeof e.replacement === 'string';
}

/** Some models wrap JSON in a Markdown fence even in JSON mode. */
function stripFence(raw: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(raw);
  return m ? m[1] : raw;
}
