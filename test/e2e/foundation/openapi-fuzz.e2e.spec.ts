import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeFreeDictionaryServer } from '../../fakes/free-dictionary.server.js';
import { createAdmin, type RegisteredUser, registerUser } from '../../helpers/auth.js';
import { rawRequest } from '../../helpers/raw-request.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

interface Operation {
  method: string;
  path: string;
  /** The documented JSON body's fields; for LanguageTool's form-encoded routes, the parameters it reads. */
  fields: string[];
  form: boolean;
}

type OpenApiSchema = { $ref?: string; properties?: Record<string, unknown> };
interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> } }>
  >;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/** The parameters LanguageTool's routes read from their form bodies (undocumented in OpenAPI, as LanguageTool's are). */
const LANGUAGETOOL_PARAMETERS = [
  'text',
  'data',
  'language',
  'username',
  'apiKey',
  'word',
  'enabledRules',
  'level',
  'mode',
];

/** Operations that end the caller's own session(s): fuzzing them would only prove logout works. */
const ENDS_OWN_SESSION = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all']);
/**
 * 40 runs per operation from fixed seeds keep `npm test` bounded and repeatable. For a longer hunt:
 * `FUZZ_RUNS=400 FUZZ_SEED=<n> npx vitest run test/e2e/foundation/openapi-fuzz.e2e.spec.ts`.
 */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 40);
const SEED_OFFSET = Number(process.env.FUZZ_SEED ?? 0);
/** A minute at the default runs, growing with them. */
const FUZZ_TIMEOUT_MS = Math.max(60_000, RUNS_PER_OPERATION * 1_500);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../../etc/passwd',
    '%',
    '%E0%A4%A',
    '\u0000',
    '\uD800',
    '💥'.repeat(50),
    'a'.repeat(2_000),
  ),
  fc.integer().map(String),
);
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(
    '['.repeat(5_000) + ']'.repeat(5_000),
    '{"a":',
    'null',
    '"x"',
    '{"__proto__":{"admin":true}}',
  ),
);
/**
 * What a documented field may hold: a plausible value (so the request gets past the other fields'
 * validation), the same with a control character inside (PostgreSQL refuses NUL in text and in jsonb), or
 * anything hostile.
 */
const PLAUSIBLE = [
  'someone@example.com',
  'correct horse battery staple 9',
  'VS Code',
  'en-US',
  'colour',
  'grammar',
  'dict',
  'SpellCheck',
  'This are a example.',
];
const fieldValue = fc.oneof(
  fc.constantFrom(...PLAUSIBLE),
  fc
    .tuple(fc.constantFrom(...PLAUSIBLE), fc.constantFrom('\u0000', '\n', '\u001b', '\u202e', '\uD800'))
    .map(([value, control]) => value.slice(0, 3) + control + value.slice(3)),
  fc.constantFrom(...PLAUSIBLE).map((value) => [value]),
  hostileString,
  fc.jsonValue({ maxDepth: 2 }),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
);
const extraHeaders = fc.dictionary(
  fc.constantFrom(
    'if-match',
    'if-none-match',
    'accept',
    'accept-language',
    'x-request-id',
    'range',
    'origin',
  ),
  fc.string({ maxLength: 60 }).filter((v) => /^[\x20-\x7e]*$/.test(v)),
);

/**
 * Errors are problem documents, except on the two compatibility APIs, which speak their originals' formats:
 * LanguageTool's plain `Error: …` (/v2) and the Free Dictionary API's JSON (/api/v2/entries).
 */
function inItsErrorFormat(path: string, res: { contentType: string; body: string }): boolean {
  if (path.startsWith('/v2/'))
    return res.contentType.startsWith('text/plain') && res.body.startsWith('Error: ');
  // (A path the mirror's route does not match, e.g. an empty language, is the service's own 404 problem.)
  if (path.startsWith('/api/v2/entries/') && res.contentType.startsWith('application/json'))
    return res.body.includes('"title"');
  return /^application\/problem\+json/.test(res.contentType);
}

/** An answer the service may give to anything: no 5xx, and an error in the route's own error format. */
function isWellAnswered(path: string, res: { status: number; contentType: string; body: string }): boolean {
  return res.status < 500 && (res.status < 400 || inItsErrorFormat(path, res));
}

/**
 * Checks `propertyOf(operation)` on each operation, `RUNS_PER_OPERATION` times from `seed`, and returns one
 * line per operation that failed: what the property recorded in `failures`, or fast-check's own report.
 */
async function fuzzEach<Ts>(
  operations: Operation[],
  seed: number,
  propertyOf: (operation: Operation, failures: string[]) => fc.IAsyncProperty<Ts>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const operation of operations)
    await fc
      .assert(propertyOf(operation, failures), {
        numRuns: RUNS_PER_OPERATION,
        seed: seed + SEED_OFFSET,
        endOnFailure: true,
      })
      .catch((err: Error) =>
        failures.push(`${operation.method} ${operation.path}: ${err.message.slice(0, 300)}`),
      );
  return failures;
}

/** How many audit rows name `actorId`, read from PostgreSQL itself. */
async function auditRowsOf(db: TestDatabase, actorId: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.directUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM admin_audit_log WHERE actor_id = $1',
      [actorId],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** A body for `fetch`-less sending: JSON values are serialised, raw fragments sent as they are. */
const bodyOf = (value: unknown) =>
  typeof value === 'string' && /^[[{"n]/.test(value) ? value : JSON.stringify(value);

/**
 * Security review, "Hostile input": every operation of the service's own OpenAPI document gets hostile
 * path parameters, queries, bodies, content types and headers, as a user and as an admin. Nothing may be a
 * 5xx, every error must be a problem document, and the service must still be ready and serve the user.
 */
describe('fuzzing every documented operation', () => {
  let db: TestDatabase;
  let app: TestApp;
  let user: RegisteredUser;
  let admin: RegisteredUser;
  let operations: Operation[];
  let dictionaryApi: FakeFreeDictionaryServer;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    // The dictionary's upstream is up: a 503 naming it would be the documented answer, not a finding.
    [db, dictionaryApi] = await Promise.all([createTestDatabase(), FakeFreeDictionaryServer.start()]);
    app = await startTestApp({
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: prefix,
      DICTIONARY_API_URL: dictionaryApi.url,
    });
    [user, admin] = await Promise.all([registerUser(app), createAdmin(app)]);
    const doc = (await (await app.request('/docs-json')).json()) as OpenApiDocument;
    const fieldsOf = (schema: OpenApiSchema | undefined): string[] => {
      const resolved = schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()!] : schema;
      return Object.keys(resolved?.properties ?? {});
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, operation]) => {
          const form = path.startsWith('/v2/') && m === 'post';
          const fields = form
            ? LANGUAGETOOL_PARAMETERS
            : fieldsOf(operation.requestBody?.content?.['application/json']?.schema);
          return { method: m.toUpperCase(), path, fields, form };
        }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await dictionaryApi?.close();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  it('walks a document with operations to fuzz', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it(
    'answers hostile requests to every operation without a 5xx, each error a problem document',
    async () => {
      const fuzzed = operations.filter((o) => !ENDS_OWN_SESSION.has(`${o.method} ${o.path}`));
      const failures = await fuzzEach(fuzzed, 20261202, (operation, found) =>
        fc.asyncProperty(
          fc.array(hostileString, { minLength: 3, maxLength: 3 }),
          fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
          hostileJson,
          contentType,
          extraHeaders,
          fc.boolean(),
          async (params, query, body, type, headers, asAdmin) => {
            let i = 0;
            const path = operation.path.replace(/\{[^}]+\}/g, () =>
              encodeURIComponent(params[i++ % 3].toWellFormed()),
            );
            const search = new URLSearchParams(query).toString();
            const res = await rawRequest(app.url, `${path}${search ? `?${search}` : ''}`, {
              method: operation.method,
              headers: {
                ...headers,
                authorization: `Bearer ${(asAdmin ? admin : user).accessToken}`,
                ...(operation.method === 'GET' || operation.method === 'DELETE' || !type
                  ? {}
                  : { 'content-type': type }),
              },
              body: operation.method === 'GET' ? undefined : bodyOf(body),
            });
            if (isWellAnswered(operation.path, res)) return true;
            found.push(
              `${operation.method} ${path} → ${res.status} ${res.contentType} ${res.body.slice(0, 200)}`,
            );
            return false;
          },
        ),
      );
      expect(failures).toEqual([]);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'answers the documented fields holding hostile values without a 5xx, and audits every admin call',
    async () => {
      let auditedCalls = 0;
      const auditedBefore = await auditRowsOf(db, admin.user.id);
      const fuzzed = operations.filter(
        (o) => o.fields.length > 0 && !ENDS_OWN_SESSION.has(`${o.method} ${o.path}`),
      );
      const failures = await fuzzEach(fuzzed, 20261203, (operation, found) =>
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...operation.fields), fieldValue, { minKeys: 1 }),
          fc.boolean(),
          async (fields, asAdmin) => {
            // A string of the body goes in the query too: an admin call's query is audited whatever its status.
            const note = Object.values(fields).find((v) => typeof v === 'string');
            const path =
              operation.path.replace(/\{[^}]+\}/g, 'x') +
              (note === undefined ? '' : `?note=${encodeURIComponent(note.toWellFormed())}`);
            const body = operation.form
              ? new URLSearchParams(
                  Object.entries(fields).map(([k, v]) => [
                    k,
                    (typeof v === 'string' ? v : JSON.stringify(v)).toWellFormed(),
                  ]),
                ).toString()
              : JSON.stringify(fields);
            const res = await rawRequest(app.url, path, {
              method: operation.method,
              headers: {
                authorization: `Bearer ${(asAdmin ? admin : user).accessToken}`,
                'content-type': operation.form ? 'application/x-www-form-urlencoded' : 'application/json',
              },
              body,
            });
            if (asAdmin && path.startsWith('/api/v1/admin/') && res.status !== 401) auditedCalls++;
            if (isWellAnswered(operation.path, res)) return true;
            found.push(
              `${operation.method} ${path} ${body.slice(0, 120)} → ${res.status} ${res.body.slice(0, 200)}`,
            );
            return false;
          },
        ),
      );
      expect(failures).toEqual([]);
      // An admin call whose audit row PostgreSQL refused would be lost without an error: count them.
      expect(auditedCalls).toBeGreaterThan(0);
      expect((await auditRowsOf(db, admin.user.id)) - auditedBefore).toBe(auditedCalls);
    },
    FUZZ_TIMEOUT_MS,
  );

  it('is still ready afterwards and still serves the fuzzing user and admin', async () => {
    expect((await app.request('/health/ready')).status).toBe(200);
    const me = await app.request('/api/v1/users/me', { token: user.accessToken });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: user.email });
    expect((await app.request('/api/v1/admin/cache/stats', { token: admin.accessToken })).status).toBe(200);
  });
});
