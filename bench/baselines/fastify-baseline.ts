// Framework ceiling: bare Fastify returning the app's own response JSON from memory (serialised per
// request, as the app does). `GET|POST /p/:name` answers payload `name` of the file in BASELINE_PAYLOADS.
import { readFileSync } from 'node:fs';

import Fastify from 'fastify';

const payloads = JSON.parse(readFileSync(process.env.BASELINE_PAYLOADS!, 'utf8')) as Record<string, unknown>;
const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });

app.get('/ready', async () => ({ ok: true }));
app.get<{ Params: { name: string } }>('/p/:name', async (req) => payloads[req.params.name]);
app.post<{ Params: { name: string } }>('/p/:name', async (req) => payloads[req.params.name]);

await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
