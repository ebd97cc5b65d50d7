import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A client's request id is reused when it is a sane token; anything else is replaced. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Fastify `genReqId`: runs once per request, before anything else. The id is also stored on the raw
 * request, which the access line's serializer reads (`AccessLog`).
 */
export function generateRequestId(raw: IncomingMessage): string {
  const incoming = raw.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : randomUUID();
  (raw as IncomingMessage & { id?: string }).id = id;
  return id;
}
