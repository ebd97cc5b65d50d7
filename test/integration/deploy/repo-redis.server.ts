import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Redis } from 'ioredis';

import { freePort } from '../../helpers/redis-server.js';

/** The repository's redis.conf — the file docker-compose.yml mounts into the redis container. */
export const REPO_REDIS_CONF = fileURLToPath(new URL('../../../redis.conf', import.meta.url));

/**
 * A private redis-server started from a copy of the repository's redis.conf, exactly as compose starts it
 * (config file first, password on the command line), with only what cannot work outside a container
 * overridden after the file: port, loopback bind, data directory, log target, foreground.
 * Never the shared Redis: these tests kill and restart it.
 */
export class RepoConfRedisServer {
  private process: ChildProcess | null = null;

  private constructor(
    public readonly port: number,
    public readonly dir: string,
    public readonly password: string,
    private readonly extraArgs: string[],
  ) {}

  public static async start(options: {
    password: string;
    extraArgs?: string[];
  }): Promise<RepoConfRedisServer> {
    const dir = await mkdtemp(join(tmpdir(), 'pp-redis-conf-'));
    await copyFile(REPO_REDIS_CONF, join(dir, 'redis.conf'));
    const server = new RepoConfRedisServer(await freePort(), dir, options.password, options.extraArgs ?? []);
    await server.spawn();
    return server;
  }

  /** What the app gets as REDIS_URL (password in the URL, as compose builds it). */
  public get url(): string {
    return `redis://:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`;
  }

  /**
   * An authenticated ioredis client (not yet connected). `disableClientInfo`: ioredis otherwise sends
   * CLIENT SETINFO on connect, which Redis before 7.2 answers with an ERR that would blur the error
   * counts the tests read.
   */
  public client(password = this.password): Redis {
    return new Redis({
      host: '127.0.0.1',
      port: this.port,
      password,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      disableClientInfo: true,
    });
  }

  /**
   * The first reply line to one command sent on a fresh, unauthenticated socket — what any stranger on
   * the network gets (ioredis would first send HELLO and hide the server's answer behind its own error).
   */
  public async rawReply(...command: string[]): Promise<string> {
    const socket = connect(this.port, '127.0.0.1');
    try {
      await once(socket, 'connect');
      socket.write(
        `*${command.length}\r\n${command.map((c) => `$${Buffer.byteLength(c)}\r\n${c}\r\n`).join('')}`,
      );
      let reply = '';
      for await (const chunk of socket) {
        reply += (chunk as Buffer).toString();
        if (reply.includes('\r\n')) break;
      }
      return reply.slice(0, reply.indexOf('\r\n'));
    } finally {
      socket.destroy();
    }
  }

  private async spawn(): Promise<void> {
    const args = [
      join(this.dir, 'redis.conf'),
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--logfile',
      '',
      '--daemonize',
      'no',
      '--requirepass',
      this.password,
      ...this.extraArgs,
    ];
    const child = spawn('redis-server', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  }

  /** SIGKILL (a crash: no final fsync, no shutdown save), then start again on the same port and directory. */
  public async crashAndRestart(): Promise<void> {
    await this.signal('SIGKILL');
    await this.spawn();
  }

  /** A clean stop (SIGTERM, as `docker stop` sends), keeping the directory for inspection. */
  public async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Stops (if still running) and removes the temporary directory. */
  public async destroy(): Promise<void> {
    await this.signal('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
    this.process = null;
  }
}

/** `INFO <section>` as a map of its `field:value` lines. */
export async function info(client: Redis, section: string): Promise<Map<string, string>> {
  const text = await client.info(section);
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** `a=1,b=2` → { a: '1', b: '2' } (the value format of commandstats and errorstats lines). */
export function parseStatLine(value: string): Record<string, string> {
  return Object.fromEntries(value.split(',').map((pair) => pair.split('=') as [string, string]));
}

/** Error replies the server has sent since it started, by error prefix (ERR, NOAUTH, WRONGPASS, NOSCRIPT…). */
export async function errorReplies(client: Redis): Promise<Record<string, number>> {
  const stats = await info(client, 'errorstats');
  return Object.fromEntries(
    [...stats].map(([field, value]) => [
      field.replace(/^errorstat_/, ''),
      Number(parseStatLine(value).count),
    ]),
  );
}

/** Calls per command since the server started (`INFO commandstats`), e.g. { get: 12, 'client|setname': 2 }. */
export async function commandCalls(
  client: Redis,
): Promise<Record<string, { calls: number; failed: number; rejected: number }>> {
  const stats = await info(client, 'commandstats');
  return Object.fromEntries(
    [...stats].map(([field, value]) => {
      const s = parseStatLine(value);
      return [
        field.replace(/^cmdstat_/, ''),
        { calls: Number(s.calls), failed: Number(s.failed_calls), rejected: Number(s.rejected_calls) },
      ];
    }),
  );
}
