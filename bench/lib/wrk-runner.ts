// One load run with wrk (C, epoll; far less CPU per request than a Node generator, so the bare servers'
// ceilings are theirs, not the generator's). A generated Lua script sets the request, or walks a list of
// paths in order, and prints the results as JSON from done(): microsecond latencies, error counts, and
// how many requests it built (so a walk can continue where the last run stopped).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { HttpLoad, RunResult } from './load-types.js';

const exec = promisify(execFile);

interface WrkJson {
  requests: number;
  durationUs: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  p50: number;
  p99: number;
  p999: number;
  sent: number;
}

const lua = (value: string): string => JSON.stringify(value); // a JSON string literal is a valid Lua string here (no \u escapes in our inputs)

/** The Lua script for one run: fixed request, or `paths` walked from `offset` (wrapping). */
export function wrkScript(load: HttpLoad, pathsFile?: string): string {
  const lines = [`wrk.method = ${lua(load.method)}`];
  if (load.body !== undefined) lines.push(`wrk.body = ${lua(load.body)}`);
  for (const [name, value] of Object.entries(load.headers ?? {}))
    lines.push(`wrk.headers[${lua(name)}] = ${lua(value)}`);
  if (load.path !== undefined) lines.push(`wrk.path = ${lua(load.path)}`);
  lines.push('sent = 0', 'local threads = {}', 'function setup(thread) table.insert(threads, thread) end');
  if (load.thinkMs) {
    // Exponential think time (mean thinkMs): connections drift apart and arrivals look like independent
    // clients. A constant pause keeps all connections in lockstep, and the server sees bursts of N at once.
    lines.push(
      'local seeded = false',
      'function delay()',
      '  if not seeded then math.randomseed(os.time() + sent); seeded = true end',
      `  return math.floor(-${load.thinkMs} * math.log(1 - math.random()))`,
      'end',
    );
  }
  if (pathsFile) {
    lines.push(
      'local paths, n, i = {}, 0, 0',
      `function init(args)`,
      // A line is `path` or `path<TAB>authorization`: then that request carries its own user's token.
      '  local base = {}',
      '  for k, v in pairs(wrk.headers) do base[k] = v end',
      `  for line in io.lines(${lua(pathsFile)}) do`,
      '    n = n + 1',
      '    local p, auth = line:match("^([^\t]*)\t(.*)$")',
      '    if p then',
      '      local h = {}',
      '      for k, v in pairs(base) do h[k] = v end',
      '      h["Authorization"] = auth',
      '      paths[n] = { p, h }',
      '    else',
      '      paths[n] = { line, nil }',
      '    end',
      '  end',
      // wrk calls request() once per thread before connecting and throws that request away: start one
      // early and do not count it.
      `  i = ${load.paths!.offset} - 1`,
      '  sent = -1',
      'end',
      'function request()',
      '  sent = sent + 1',
      '  local p = paths[(i % n) + 1]',
      '  i = i + 1',
      '  return wrk.format(nil, p[1], p[2])',
      'end',
    );
  } else {
    // No request(): wrk builds the request once, the fastest way it can send.
    lines.push('function init(args) sent = -1 end');
  }
  lines.push(
    'function done(summary, latency, requests)',
    '  local built = 0',
    '  for _, t in ipairs(threads) do built = built + t:get("sent") end',
    '  local e = summary.errors',
    '  io.write(string.format(\'\\n@@WRK@@{"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"p50":%.3f,"p99":%.3f,"p999":%.3f,"sent":%d}\\n\',',
    '    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,',
    '    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), built))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

export function parseWrkOutput(stdout: string): WrkJson {
  const marker = stdout.lastIndexOf('@@WRK@@');
  if (marker < 0) throw new Error(`wrk printed no result:\n${stdout.slice(-2_000)}`);
  return JSON.parse(stdout.slice(marker + '@@WRK@@'.length).split('\n', 1)[0]!) as WrkJson;
}

export async function runWrk(load: HttpLoad, rssMb: () => number, threads = 1): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-wrk-'));
  let rssPeakMb = rssMb();
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb())), 200);
  try {
    let pathsFile: string | undefined;
    if (load.paths) {
      pathsFile = join(dir, 'paths.txt');
      const { list, authorizations } = load.paths;
      const lines = authorizations
        ? list.map((p, i) => `${p}\t${authorizations[i % authorizations.length]}`)
        : list;
      writeFileSync(pathsFile, `${lines.join('\n')}\n`);
    }
    const script = join(dir, 'load.lua');
    writeFileSync(script, wrkScript(load, pathsFile));
    const args = [
      '-t',
      String(threads),
      '-c',
      String(Math.max(threads, load.connections)),
      '-d',
      `${load.durationSec}s`,
      '--timeout',
      `${load.timeoutSec ?? 30}s`,
      '-s',
      script,
      load.url,
    ];
    const { stdout } = await exec('wrk', args, {
      timeout: (load.durationSec + 60) * 1000,
      maxBuffer: 4 * 1024 * 1024,
    });
    const r = parseWrkOutput(stdout);
    const errors = r.errors.connect + r.errors.read + r.errors.write + r.errors.status + r.errors.timeout;
    const ok = r.requests - r.errors.status;
    return {
      generator: 'wrk',
      ok,
      rps: ok / (r.durationUs / 1e6),
      p50: r.p50 / 1000,
      p99: r.p99 / 1000,
      p999: r.p999 / 1000,
      errors,
      rssPeakMb: Math.max(rssPeakMb, rssMb()),
      elapsedSec: r.durationUs / 1e6,
      statusCodes: r.errors.status ? { '>399': r.errors.status } : {},
      sent: r.sent < 0 ? r.requests : r.sent,
    };
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}
