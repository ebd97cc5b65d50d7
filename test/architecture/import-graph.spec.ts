import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

/**
 * The import graph of `src/`, read from the sources: shared infrastructure knows no feature, features
 * depend on each other without cycles, and a feature reaches another only through its public surface —
 * its module, the providers that module exports, and the types and decorators of their API.
 */
const SRC = resolve(import.meta.dirname, '../../src');
const FEATURES = ['admin', 'auth', 'compat', 'correction', 'dictionary', 'personal-dictionary', 'settings'];
/** Files of a feature other features may import besides its module and exported providers: its API's types and decorators. */
const API_FILES = [
  /^auth\/auth-user\.ts$/,
  /^auth\/decorators\//,
  /\.model\.ts$/,
  /\/dto\/[^/]+\.schemas\.ts$/,
  /^correction\/edits\/text-edit\.ts$/,
];

interface Import {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = relative(SRC, file);
  return [...text.matchAll(/^(?:import|export)[^;]*?from '([^']+)';/gms)].flatMap(([, spec]) => {
    let target: string;
    if (spec.startsWith('#src/')) target = spec.slice(5);
    else if (spec.startsWith('.')) target = relative(SRC, resolve(dirname(file), spec));
    else return [];
    return [{ from, to: target.replace(/\.js$/, '.ts') }];
  });
}

const featureOf = (path: string) => FEATURES.find((f) => path.startsWith(`${f}/`));
const files = sourceFiles(SRC);
const imports = files.flatMap(importsOf);

/** Each feature's public surface: its module files and the files of the providers they export. */
function publicSurface(feature: string): Set<string> {
  const surface = new Set<string>();
  for (const file of files.filter(
    (f) => relative(SRC, f).startsWith(`${feature}/`) && f.endsWith('.module.ts'),
  )) {
    const path = relative(SRC, file);
    surface.add(path);
    const text = readFileSync(file, 'utf8');
    const exported =
      /exports:\s*\[([^\]]*)\]/
        .exec(text)?.[1]
        .split(',')
        .map((s) => s.trim()) ?? [];
    for (const { to } of importsOf(file)) {
      const imported = new RegExp(
        `import \\{[^}]*\\b(${exported.join('|')})\\b[^}]*\\} from '[^']*${to.split('/').at(-1)!.replace('.ts', '')}`,
      );
      if (exported.length > 0 && imported.test(text)) surface.add(to);
    }
  }
  return surface;
}

describe('the import graph of src/', () => {
  it('shared infrastructure and configuration import no feature', () => {
    const leaks = imports.filter(
      (i) => (i.from.startsWith('infra/') || i.from.startsWith('config/')) && featureOf(i.to),
    );
    expect(leaks).toEqual([]);
  });

  it('features reach each other only through the module, its exported providers and their API types', () => {
    const surfaces = new Map(FEATURES.map((f) => [f, publicSurface(f)]));
    const reaches = imports.filter((i) => {
      const [a, b] = [featureOf(i.from), featureOf(i.to)];
      if (!a || !b || a === b) return false;
      return !surfaces.get(b)!.has(i.to) && !API_FILES.some((p) => p.test(i.to));
    });
    expect(reaches).toEqual([]);
  });

  it('features depend on each other without cycles', () => {
    const edges = new Map<string, Set<string>>(FEATURES.map((f) => [f, new Set()]));
    for (const i of imports) {
      const [a, b] = [featureOf(i.from), featureOf(i.to)];
      if (a && b && a !== b) edges.get(a)!.add(b);
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) return void cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
      for (const next of edges.get(node)!) visit(next, [...path, node]);
    };
    for (const f of FEATURES) visit(f, []);
    expect(cycles).toEqual([]);
    // For the record (and the README): who depends on whom.
    console.info(
      [...edges].map(([f, to]) => `${f} → ${[...to].sort().join(', ') || '(infra only)'}`).join('\n'),
    );
  });
});
