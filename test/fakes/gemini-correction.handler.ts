// FakeGeminiServer handlers that speak the correction module's prompt format (src/correction/prompt):
// the user turn is JSON `{ language, mode, pieces: [{ id, text }] }` and the answer is
// `{ results: [{ id, edits: [{ original, replacement, message, category }] }] }`.
import {
  type FakeReply,
  fixTypos,
  type GeminiHandler,
  type GeminiRequest,
  type GeminiUsage,
  okJson,
} from './gemini.server.js';

export interface CorrectionPiece {
  id: number;
  text: string;
}

export interface ProposedEditJson {
  original: string;
  replacement: string;
  message: string;
  category: string;
}

export interface CorrectionResultJson {
  id: number;
  edits: ProposedEditJson[];
}

/** The pieces a correction call asked about (empty when the user turn is not the correction format). */
export function piecesOf(req: GeminiRequest): CorrectionPiece[] {
  try {
    const body = JSON.parse(req.userText) as { pieces?: CorrectionPiece[] };
    return Array.isArray(body.pieces) ? body.pieces : [];
  } catch {
    return [];
  }
}

/** The answer `fixTypos` gives for one piece ("teh" → "the", "the the" → "the", …). */
export function typoEdits(text: string): ProposedEditJson[] {
  return fixTypos(text).edits;
}

/** A 200 answer carrying these results (usage computed by the fake unless given). */
export function correctionAnswer(results: CorrectionResultJson[], usage?: GeminiUsage): FakeReply {
  return okJson({ results }, usage);
}

export interface CorrectionHandlerOptions {
  /** Edits per piece; default `typoEdits`. Return undefined to leave the piece out of the answer. */
  editsFor?: (text: string, piece: CorrectionPiece) => ProposedEditJson[] | undefined;
  /** Fixed usageMetadata for every answer (else the fake estimates it from the request). */
  usage?: GeminiUsage;
}

/**
 * Answers every correction call like a well-behaved model: one result per piece, edits from `editsFor`.
 * Use with `fake.respondWith(correctionHandler())`; script failures with `fake.enqueue(...)`.
 */
export function correctionHandler(options: CorrectionHandlerOptions = {}): GeminiHandler {
  const editsFor = options.editsFor ?? ((text: string) => typoEdits(text));
  return (req) => {
    const results: CorrectionResultJson[] = [];
    for (const piece of piecesOf(req)) {
      const edits = editsFor(piece.text, piece);
      if (edits) results.push({ id: piece.id, edits });
    }
    return correctionAnswer(results, options.usage);
  };
}
