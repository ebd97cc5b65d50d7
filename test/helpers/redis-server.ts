import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  srv.close();
  await once(srv, 'close');
  return port;
}

/**
 * A private redis-server for tests that stop, freeze or restart Redis — never the shared one,
 * which other test files (and other people) are using.
 */
export class PrivateRedisServer {
  private process: ChildProcess | null = null;

  private constructor(
    public readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  public static async start(extraArgs: string[] = []): Promise<PrivateRedisServer> {
    const server = new PrivateRedisServer(await freePort(), extraArgs);
    await server.spawn();
    return server;
  }

  public get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async spawn(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        ...this.extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start')), 5_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
  }

  /** SIGSTOP: the socket stays open but nothing answers — the nastiest failure for a client. */
  public freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  public thaw(): void {
    this.process?.kill('SIGCONT');
  }

  public async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await once(child, 'exit');
    this.process = null;
  }

  /** Starts again on the same port (scripts and data are gone, as after a real restart). */
  public async restart(): Promise<void> {
    await this.stop();
    await this.spawn();
  }
}
