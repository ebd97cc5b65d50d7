import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a Redis server that records the name of every command its clients send
 * (`GET`, `CLIENT SETINFO`, …), so a test can say exactly which commands an application uses — including
 * ones the server refuses as unknown, which leave no trace in the server's own INFO commandstats.
 * Only the client → server direction is parsed (RESP arrays of bulk strings, as every client library
 * sends them); bytes are forwarded untouched in both directions.
 */
export class RespRecordingProxy {
  /** Command names in the order received; container commands carry their subcommand: `CLIENT SETINFO`. */
  public readonly commands: string[] = [];
  /**
   * Each client write that completed commands, as those commands' first two arguments (`['GET', key]`):
   * commands a client pipelines into one round trip arrive in one write.
   */
  public readonly writes: string[][][] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    public readonly port: number,
  ) {}

  public static async start(targetPort: number): Promise<RespRecordingProxy> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const proxy = new RespRecordingProxy(server, (server.address() as { port: number }).port);
    server.on('connection', (client) => proxy.pipe(client, targetPort));
    return proxy;
  }

  public async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }

  private pipe(client: Socket, targetPort: number): void {
    const upstream = connect(targetPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    let write: string[][] = [];
    const parser = new RespCommandParser((args) => {
      this.commands.push(commandName(args));
      write.push(args);
    });
    client.on('data', (chunk: Buffer) => {
      write = [];
      parser.push(chunk);
      if (write.length > 0) this.writes.push(write);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}

/** Commands whose first argument names the real operation. */
const CONTAINER_COMMANDS = new Set([
  'CLIENT',
  'CONFIG',
  'SCRIPT',
  'CLUSTER',
  'COMMAND',
  'MEMORY',
  'OBJECT',
  'XINFO',
  'ACL',
  'PUBSUB',
  'FUNCTION',
  'LATENCY',
  'MODULE',
  'SLOWLOG',
]);

function commandName(args: string[]): string {
  const name = (args[0] ?? '').toUpperCase();
  return CONTAINER_COMMANDS.has(name) && args[1] ? `${name} ${args[1].toUpperCase()}` : name;
}

/** Incremental parser for the RESP requests a client sends: `*<n>\r\n` then n × `$<len>\r\n<bytes>\r\n`. */
class RespCommandParser {
  private buffer = Buffer.alloc(0);

  public constructor(private readonly onCommand: (args: string[]) => void) {}

  public push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = this.next();
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.consumed);
      this.onCommand(parsed.args);
    }
  }

  /** One whole command from the start of the buffer, or undefined until more bytes arrive. */
  private next(): { args: string[]; consumed: number } | undefined {
    const header = this.line(0);
    if (!header) return undefined;
    if (!header.text.startsWith('*')) {
      // Inline command (telnet style): one line of space-separated words.
      return { args: header.text.trim().split(/\s+/), consumed: header.end };
    }
    const count = Number(header.text.slice(1));
    const args: string[] = [];
    let offset = header.end;
    for (let i = 0; i < count; i++) {
      const size = this.line(offset);
      if (!size) return undefined;
      const length = Number(size.text.slice(1));
      if (this.buffer.length < size.end + length + 2) return undefined;
      // Only the first two arguments are ever needed; values may be large binary payloads.
      if (i < 2) args.push(this.buffer.toString('utf8', size.end, size.end + length));
      offset = size.end + length + 2;
    }
    return { args, consumed: offset };
  }

  private line(from: number): { text: string; end: number } | undefined {
    const at = this.buffer.indexOf('\r\n', from);
    return at < 0 ? undefined : { text: this.buffer.toString('utf8', from, at), end: at + 2 };
  }
}
