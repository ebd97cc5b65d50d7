import { sha256 } from '#src/infra/cache/cache-keys.js';

import { type CorrectionStyle, PROMPT_VERSION, toneFor } from '../prompt/correction-prompt.js';

/**
 * Whose answers a cached correction may be served to: one user's (the default), or everyone's
 * (`LLM_CACHE_SCOPE=global`, single-tenant deployments). Per user, neither an answer nor its timing or
 * `X-Cache` depends on anyone else's text, so no one can probe for, or poison, another user's sentences.
 */
export type PieceScope = { user: string } | 'global';

/**
 * The content address of one piece's answer: everything that changes what the model would say, and the
 * scope it may be served in. Same sentence, same settings, same scope → same key, wherever it sits in the
 * document. The piece is hashed as sent (not normalised): NFC and NFD spellings have different offsets.
 */
export function pieceKey(model: string, style: CorrectionStyle, piece: string, scope: PieceScope): string {
  const owner = scope === 'global' ? '*' : `user:${scope.user}`;
  return sha256(
    JSON.stringify([PROMPT_VERSION, model, style.mode, style.language, toneFor(style), owner, piece]),
  );
}
