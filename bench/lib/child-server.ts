// A server under test running as a child process (the production app or a baseline): started on a free
// port, polled until it answers, sampled for RSS while loaded, stopped with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** USER_HZ: 100 on every Linux build Node supports (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ChildServerOptions {
  /** Shown in messages and the results. */
  name: string;
  /** Node arguments: flags then the script. */
  args: string[];
  env: Record<string, string>;
  /** Path that answers 200 once the server is ready, e.g. `/health/ready`. */
  readyPath: string;
  readyTimeoutMs?: number;
}

/** A free loopback port (asked of the OS, then released for the child to take). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class ChildServer {
  public readonly name: string;
  public readonly url: string;
  private readonly child: ChildProcess;
  private readonly stderrTail: string[] = [];
  private exited: Promise<number | null>;

  private constructor(name: string, url: string, child: ChildProcess) {
    this.name = name;
    this.url = url;
    this.child = child;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (process.env.BENCH_LOG_DIR) process.stderr.write(`[${name}] ${chunk}`);
      this.stderrTail.push(chunk);
      if (this.stderrTail.length > 40) this.stderrTail.shift();
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  public static async start(options: ChildServerOptions): Promise<ChildServer> {
    const port = await freePort();
    // stdout carries the app's request log in production: read by nobody, as in a container with no log
    // shipper attached, but still written (its cost is part of what is measured). BENCH_LOG_DIR keeps it.
    const logDir = process.env.BENCH_LOG_DIR;
    const stdout = logDir
      ? openSync(join(logDir, `${options.name.replace(/\W+/g, '-')}-${port}.log`), 'a')
      : 'ignore';
    const child = spawn(process.execPath, options.args, {
      env: { ...options.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', stdout, 'pipe'],
    });
    if (typeof stdout === 'number') closeSync(stdout);
    const server = new ChildServer(options.name, `http://127.0.0.1:${port}`, child);
    await server.waitUntilReady(options.readyPath, options.readyTimeoutMs ?? 60_000);
    return server;
  }

  public get pid(): number {
    return this.child.pid!;
  }

  /** Resident set size now, in MiB (Linux /proc); NaN once the process is gone. */
  public rssMb(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
      return kb / 1024;
    } catch {
      return Number.NaN;
    }
  }

  /**
   * CPU time used so far, in seconds (Linux /proc): the whole process (every thread: V8's GC helpers, libuv's
   * pool, the checker's worker) and its main thread alone; NaN once the process is gone.
   */
  public cpuSeconds(): { process: number; mainThread: number } {
    const ticks = (file: string): number => {
      // utime and stime are fields 14 and 15; the command name before them may hold spaces.
      const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    };
    try {
      return {
        process: ticks(`/proc/${this.pid}/stat`),
        mainThread: ticks(`/proc/${this.pid}/task/${this.pid}/stat`),
      };
    } catch {
      return { process: Number.NaN, mainThread: Number.NaN };
    }
  }

  /** SIGTERM (the app drains and flushes its write-behind buffers), SIGKILL if it takes too long. */
  public async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  private async waitUntilReady(path: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) break;
      try {
        const res = await fetch(this.url + path, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await this.stop(2_000);
    const why =
      exitCode !== undefined
        ? `exited with code ${exitCode}`
        : `did not answer ${path} within ${timeoutMs} ms`;
    throw new Error(`${this.name} ${why}. Its stderr ended with:\n${this.stderrTail.join('').slice(-4_000)}`);
  }
}
