// Where the app spent its CPU (`--cpu-prof`), summarised as self time per package and per function.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** `node_modules/@scope/pkg/...` → `@scope/pkg`; the app's own code by top folder; V8's pseudo-frames as is. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node internals';
  const dist = url.indexOf('/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + '/dist/'.length).split('/');
    return `app: ${parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  return url;
}

function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

export function summarizeProfile(dir: string, top = 15): string[] {
  const file = newestProfile(dir);
  if (!file) return [`No .cpuprofile found in ${dir} (the app must exit through SIGTERM to write one).`];
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.samples.length || 1;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + hits);
    const fn = `${functionName || '(anonymous)'} — ${owner}${url && !url.startsWith('node:') ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  // Percentages of the time the process was busy: the app idles between scenarios and during the baselines.
  const idle = byOwner.get('(idle)') ?? 0;
  byOwner.delete('(idle)');
  for (const key of byFunction.keys()) if (key.startsWith('(idle)')) byFunction.delete(key);
  const busy = Math.max(1, total - idle);
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const rank = (m: Map<string, number>): string[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => `| ${name.replaceAll('|', '\\|')} | ${((100 * hits) / busy).toFixed(1)}% |`);
  return [
    `CPU profile of the L1 instance over the whole run (${seconds.toFixed(0)} s, busy ${((100 * busy) / total).toFixed(0)}% of it; \`${file}\`). Self time as a share of busy time:`,
    '',
    '| Package / area | Self time |',
    '| --- | --- |',
    ...rank(byOwner),
    '',
    '| Function | Self time |',
    '| --- | --- |',
    ...rank(byFunction),
  ];
}
