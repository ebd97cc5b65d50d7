// Where the app spent its CPU (`--cpu-prof`), as self time per package and per function, for each
// scenario's measured runs. V8 stamps samples with the monotonic clock, the same one `measure()` records
// its runs with, so start-up, warm-ups and the set-up between runs and scenarios stay out of the picture.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A scenario's measured runs: the spans its load ran, set-up between them left out. */
export interface ProfileWindow {
  label: string;
  runs: { startUs: number; endUs: number }[];
}

/** `node_modules/@scope/pkg/...` → `@scope/pkg`; the app's own code by folder; V8's pseudo-frames as is. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm://')) return 'WebAssembly (harper.js)';
  const dist = url.indexOf('/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + '/dist/'.length).split('/');
    return `app: ${parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  return url;
}

/** The profile a process wrote: `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`. */
export function profileOf(dir: string, pid: number): string | undefined {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.split('.')[3] === String(pid))
    .map((f) => join(dir, f))[0];
}

function rank(counts: Map<string, number>, total: number, top: number): string[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => `${name} ${((100 * n) / total).toFixed(0)}%`);
}

export function summarizeProfile(
  name: string,
  file: string | undefined,
  windows: ProfileWindow[],
  top = 8,
): string[] {
  if (!file) return [`No .cpuprofile of ${name}: the app writes it when it exits through SIGTERM.`];
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const lines = [
    `Self time of ${name}'s main thread during each scenario's measured runs (\`--cpu-prof\`, ${file}).`,
    "Busy = share of the runs (the load generator's start-up included, the set-up between runs left out) the thread was not idle; compare the CPU per request under Measured alongside instead. Native work on other threads (argon2, libuv, V8's GC helpers) is not sampled.",
    '',
    '| Scenario | Busy | Top packages / areas | Top functions |',
    '| --- | --- | --- | --- |',
  ];
  for (const w of windows) {
    const owners = new Map<string, number>();
    const functions = new Map<string, number>();
    let t = profile.startTime;
    let inWindow = 0;
    let idle = 0;
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas[i] ?? 0;
      if (!w.runs.some((r) => t >= r.startUs && t <= r.endUs)) return;
      inWindow++;
      const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
      if (functionName === '(idle)') return void idle++;
      const owner = ownerOf(url, functionName);
      owners.set(owner, (owners.get(owner) ?? 0) + 1);
      const fn = `${functionName || '(anonymous)'} (${owner}${url && !url.startsWith('node:') && !url.startsWith('wasm:') ? `:${lineNumber + 1}` : ''})`;
      functions.set(fn, (functions.get(fn) ?? 0) + 1);
    });
    const busy = inWindow - idle;
    if (busy <= 0) continue;
    lines.push(
      `| \`${w.label}\` | ${((100 * busy) / inWindow).toFixed(0)}% | ${rank(owners, busy, top).join(', ')} | ${rank(functions, busy, top).join(', ').replaceAll('|', '\\|')} |`,
    );
  }
  return lines;
}
