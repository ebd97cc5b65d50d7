// A scenario = a name, a server under test, and a load; measured `runs` times, median reported.
import type { Generator, RunResult } from './load-types.js';
import { type Spread, spread } from './stats.js';

/** Which baseline payload a scenario's ratio is taken against (same method, same response JSON). */
export type PayloadName = 'entry' | 'batch' | 'correct' | 'settings' | 'auth';

export interface ScenarioResult {
  id: string;
  title: string;
  /** Which process answered (for the table). */
  server: string;
  connections: number;
  generator: Generator;
  runs: RunResult[];
  /** Compared with the bare servers returning this payload (measured by the same generator). */
  payload?: PayloadName;
  /** Facts measured alongside (upstream calls, hit rates, …), one line each. */
  notes: string[];
  /**
   * When each measured run ran, in µs of the monotonic clock (the one `--cpu-prof` timestamps use): the
   * runs alone, not the set-up between them, so a profile's busy share is the server's under load.
   */
  windows?: { startUs: number; endUs: number }[];
}

export interface ScenarioSummary {
  rps: Spread;
  p50: number;
  p99: Spread;
  p999: number;
  errors: number;
  rssPeakMb: number;
  ok: number;
}

function maxOrNaN(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? Math.max(...finite) : Number.NaN;
}

export function summarize(result: ScenarioResult): ScenarioSummary {
  const runs = result.runs;
  return {
    rps: spread(runs.map((r) => r.rps)),
    p50: spread(runs.map((r) => r.p50)).median,
    p99: spread(runs.map((r) => r.p99)),
    p999: spread(runs.map((r) => r.p999)).median,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    rssPeakMb: maxOrNaN(runs.map((r) => r.rssPeakMb)),
    ok: runs.reduce((sum, r) => sum + r.ok, 0),
  };
}

interface CpuReader {
  cpuSeconds(): { process: number; mainThread: number };
}

/**
 * A server's CPU time over the runs it served, per request answered: what a request costs it, whatever the
 * load generator's start-up and the idle moments in a run (which cost no CPU). The main thread's share is
 * the one that caps a Node server's throughput.
 */
export class CpuDuringRuns {
  private process = 0;
  private mainThread = 0;
  private requests = 0;

  public async around(server: Partial<CpuReader>, load: () => Promise<RunResult>): Promise<RunResult> {
    const before = server.cpuSeconds?.();
    const outcome = await load();
    const after = server.cpuSeconds?.();
    if (before && after) {
      this.process += after.process - before.process;
      this.mainThread += after.mainThread - before.mainThread;
      this.requests += outcome.ok + outcome.errors;
    }
    return outcome;
  }

  public note(server: string): string | undefined {
    if (!(this.requests > 0) || !Number.isFinite(this.process)) return undefined;
    const us = (seconds: number) => Math.round((1e6 * seconds) / this.requests);
    return `${server}'s CPU per request: ${us(this.mainThread)} µs on its main thread, ${us(this.process)} µs in all (/proc, ${this.requests.toLocaleString('en')} requests)`;
  }
}

export interface MeasureOptions {
  id: string;
  title: string;
  /** A child process's CPU time is read around each run (`cpuSeconds`), the table's note says how busy it was. */
  server: { name: string } & Partial<CpuReader>;
  connections: number;
  generator: Generator;
  runs: number;
  payload?: PayloadName;
  /** Unmeasured load first, so the JIT and the pools are warm. */
  warmup?: () => Promise<unknown>;
  before?: (run: number) => Promise<void>;
  /** Run `i` (0-based), after `before(i)`. */
  load: (run: number) => Promise<RunResult>;
  after?: (run: number, result: RunResult) => Promise<void> | void;
}

export async function measure(options: MeasureOptions): Promise<ScenarioResult> {
  const result: ScenarioResult = {
    id: options.id,
    title: options.title,
    server: options.server.name,
    connections: options.connections,
    generator: options.generator,
    runs: [],
    payload: options.payload,
    notes: [],
  };
  const windows: { startUs: number; endUs: number }[] = (result.windows = []);
  const cpu = new CpuDuringRuns();
  await options.warmup?.();
  for (let run = 0; run < options.runs; run++) {
    await options.before?.(run);
    const startUs = monotonicUs();
    const outcome = await cpu.around(options.server, () => options.load(run));
    windows.push({ startUs, endUs: monotonicUs() });
    result.runs.push(outcome);
    await options.after?.(run, outcome);
    log(
      `${options.id} run ${run + 1}/${options.runs} (${outcome.generator}): ${Math.round(outcome.rps)} req/s, p50 ${outcome.p50.toFixed(2)} ms, ` +
        `p99 ${outcome.p99.toFixed(2)} ms, errors ${outcome.errors}${outcome.errors ? ` ${JSON.stringify(outcome.statusCodes)}` : ''}`,
    );
  }
  const note = cpu.note(options.server.name);
  if (note) result.notes.push(note);
  return result;
}

/** CLOCK_MONOTONIC in µs: the same clock in every process on the machine, V8's profiler included. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

const t0 = Date.now();

export function log(message: string): void {
  process.stderr.write(`[bench +${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}\n`);
}
