import { request as httpRequest } from 'node:http';

/** A raw request: `fetch` would normalise the path, and these tests are about paths fetch would not send. */
export function rawRequest(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; contentType: string; body: string }> {
  const url = new URL(base);
  // Every body goes with its length: Node's client sends a DELETE's (or GET's) body with no framing at all,
  // so the server reads it as the start of the next request on that kept-alive socket, and a later
  // request (another test's, even) gets the answer to a garbled one.
  const headers =
    init.body === undefined
      ? init.headers
      : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}
