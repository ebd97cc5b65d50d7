import { describe, expect, it } from 'vitest';

import { BodyTooLargeError, readBoundedText } from './bounded-body.js';

/** A chunked response without Content-Length, counting how many chunks the reader pulled. */
function streamed(chunks: number, chunkBytes: number): { response: Response; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  return { response: new Response(body), pulled: () => pulled };
}

describe('readBoundedText', () => {
  it('reads a body within the limit', async () => {
    expect(await readBoundedText(new Response('héllo'), 6)).toBe('héllo');
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const response = new Response('x'.repeat(100), { headers: { 'content-length': '100' } });
    await expect(readBoundedText(response, 99)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('stops reading a streamed body as soon as it passes the limit', async () => {
    const { response, pulled } = streamed(1000, 1024);
    await expect(readBoundedText(response, 10 * 1024)).rejects.toThrow('exceeds 10240 bytes');
    expect(pulled()).toBeLessThanOrEqual(12);
  });
});
