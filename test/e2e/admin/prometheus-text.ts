/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line must be a
 * comment, `# HELP`, `# TYPE` or a sample; every sample must belong to a declared family (histograms
 * through `_bucket`/`_sum`/`_count`); label values must be correctly quoted and escaped; values must be
 * numbers. Throws on the first violation, naming the line.
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: PromSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const family = (name: string): PromFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', help: '', samples: [] }));
    return f;
  };
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) ?(.*)$`).exec(line);
      if (!meta) return; // a plain comment
      const f = family(meta[2]);
      if (meta[1] === 'HELP') f.help = meta[3];
      else if (TYPES.has(meta[3])) f.type = meta[3] as PromFamily['type'];
      else throw new Error(`unknown metric type: ${where}`);
      return;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample: ${where}`);
    const [, name, rawLabels = '', rawValue] = m;
    const labels: Record<string, string> = {};
    let rest = rawLabels;
    while (rest.length > 0) {
      const l = LABEL.exec(rest);
      if (!l) throw new Error(`bad labels: ${where}`);
      if (l[1] in labels) throw new Error(`duplicate label ${l[1]}: ${where}`);
      labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      rest = rest.slice(l[0].length);
    }
    const value = parseValue(rawValue);
    if (value === undefined) throw new Error(`bad value: ${where}`);
    const base = [name, name.replace(/_(bucket|sum|count)$/, '')].find((n) => families.has(n));
    if (!base) throw new Error(`sample of an undeclared family: ${where}`);
    const f = families.get(base)!;
    if (base !== name && f.type !== 'histogram' && f.type !== 'summary')
      throw new Error(`suffix on a ${f.type}: ${where}`);
    if (name.endsWith('_bucket') && f.type === 'histogram' && !('le' in labels))
      throw new Error(`bucket without le: ${where}`);
    f.samples.push({ name, labels, value });
  });
  return families;
}

/** A sample value as Prometheus reads it (Go's ParseFloat: NaN and Inf in any letter case). */
function parseValue(raw: string): number | undefined {
  if (/^nan$/i.test(raw)) return NaN;
  const inf = /^([+-]?)inf(inity)?$/i.exec(raw);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) return undefined;
  return Number(raw);
}

/** The value of the one sample named `name` whose labels include `labels` (0 when there is none). */
export function sampleValue(
  families: Map<string, PromFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const base = families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, ''));
  const matches = (base?.samples ?? []).filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (matches.length > 1)
    throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]?.value ?? 0;
}
