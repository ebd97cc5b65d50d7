import { sha256 } from '#src/infra/cache/cache.namespaces.js';

import { PROMPT_VERSION, toneFor, type CorrectionStyle } from '../prompt/correction-prompt.js';

/**
 * The content address of one piece's answer: everything that changes what the model would say. Same
 * sentence, same settings → same key, whoever sends it and wherever it sits in their document. The piece
 * is hashed as sent (not normalised): NFC and NFD spellings have different offsets, so different answers.
 */
export function pieceKey(model: string, style: CorrectionStyle, piece: string): string {
  return sha256(JSON.stringify([PROMPT_VERSION, model, style.mode, style.language, toneFor(style), piece]));
}
