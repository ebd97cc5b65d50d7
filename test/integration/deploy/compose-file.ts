import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const COMPOSE_FILE = `${REPO_ROOT}docker-compose.yml`;

/** docker-compose.yml as Compose reads it: YAML 1.2 core schema plus merge keys (`<<: *anchor`). */
export function readComposeFile(): Record<string, unknown> {
  return load(readFileSync(COMPOSE_FILE, 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as Record<
    string,
    unknown
  >;
}

/** One `${…}` reference: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`. */
export interface VariableReference {
  name: string;
  operator: ':-' | '-' | ':?' | '?' | null;
  argument: string;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?)([^}]*))?\}/g;

/** Every variable reference in the strings of a (parsed) compose document. */
export function variableReferences(node: unknown): VariableReference[] {
  const found: VariableReference[] = [];
  for (const text of strings(node)) {
    for (const m of text.matchAll(REFERENCE)) {
      if (m[1])
        found.push({
          name: m[1],
          operator: (m[2] as VariableReference['operator']) ?? null,
          argument: m[3] ?? '',
        });
    }
  }
  return found;
}

/**
 * Compose's interpolation (the subset of the spec this file uses), applied before validation as Compose
 * does: unset or empty with `:-` takes the default, `:?` fails with its message, `$$` is a literal `$`.
 */
export function interpolate<T>(node: T, env: Record<string, string | undefined>): T {
  if (typeof node === 'string') {
    return node.replace(
      REFERENCE,
      (whole, name: string | undefined, operator: string | undefined, argument = '') => {
        if (!name) return '$';
        const value = env[name];
        const unset = value === undefined || (operator?.startsWith(':') && value === '');
        if (!unset) return value;
        if (operator === ':-' || operator === '-') return argument;
        if (operator === ':?' || operator === '?')
          throw new Error(`required variable ${name} is missing a value: ${argument}`);
        return '';
      },
    ) as T;
  }
  if (Array.isArray(node)) return node.map((item: unknown) => interpolate(item, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, env)])) as T;
  }
  return node;
}

function* strings(node: unknown): Generator<string> {
  if (typeof node === 'string') yield node;
  else if (Array.isArray(node)) for (const item of node) yield* strings(item);
  else if (node && typeof node === 'object') for (const value of Object.values(node)) yield* strings(value);
}

/** Variable names in a dotenv file (`NAME=value  # comment`). */
export function dotenvNames(path: string): Set<string> {
  const names = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name));
  return new Set(names);
}
