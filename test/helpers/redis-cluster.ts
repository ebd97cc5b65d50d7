import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { PrivateRedisServer } from './redis-server.js';

const run = promisify(execFile);

/**
 * A private Redis Cluster (3 masters + 3 replicas, password-protected) for tests that kill nodes: never the
 * shared one the `redis-cluster` project's other files are using.
 */
export class PrivateRedisCluster {
  private constructor(
    public readonly nodes: PrivateRedisServer[],
    public readonly password: string,
    private readonly dir: string,
  ) {}

  public static async start(password = 'private-cluster-password'): Promise<PrivateRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'pp-private-cluster-'));
    const nodes = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        PrivateRedisServer.start([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${i}.conf`,
          '--cluster-node-timeout',
          '1000',
          // Replicas sync at once (Redis 7 waits 5 s for more replicas by default): a failover needs a synced one.
          '--repl-diskless-sync-delay',
          '0',
          '--requirepass',
          password,
          '--masterauth',
          password,
          '--dir',
          dir,
        ]),
      ),
    );
    const cluster = new PrivateRedisCluster(nodes, password, dir);
    await cluster.cli(
      nodes[0]!,
      '--cluster',
      'create',
      ...nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    );
    await cluster.waitUntilHealthy();
    return cluster;
  }

  /** `REDIS_CLUSTER_NODES` for an app. */
  public get nodeList(): string {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',');
  }

  public async cli(node: PrivateRedisServer, ...args: string[]): Promise<string> {
    const { stdout } = await run('redis-cli', [
      '--no-auth-warning',
      '-a',
      this.password,
      '-p',
      String(node.port),
      ...args,
    ]);
    return stdout;
  }

  /** The masters, by `CLUSTER NODES` as a surviving node sees it. */
  public async masters(via = this.nodes[0]!): Promise<PrivateRedisServer[]> {
    const table = await this.cli(via, 'cluster', 'nodes');
    const ports = table
      .split('\n')
      .filter((line) => / master /.test(line.replace('myself,', '')) && !line.includes('fail'))
      .map((line) => Number(/:(\d+)@/.exec(line)?.[1]));
    return this.nodes.filter((n) => ports.includes(n.port));
  }

  /** Every replica's link to its master is up (it has the data to take over). */
  private async replicasInSync(): Promise<boolean> {
    const states = await Promise.all(
      this.nodes.map((n) => this.cli(n, 'info', 'replication').catch(() => 'role:unreachable')),
    );
    const replicas = states.filter((s) => s.includes('role:slave'));
    return replicas.length === 3 && replicas.every((s) => s.includes('master_link_status:up'));
  }

  public async waitUntilHealthy(via = this.nodes[0]!, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const info = await this.cli(via, 'cluster', 'info').catch(() => '');
      if (
        info.includes('cluster_state:ok') &&
        (await this.masters(via)).length === 3 &&
        (await this.replicasInSync())
      )
        return;
      await sleep(100);
    }
    throw new Error('the private Redis Cluster did not become healthy');
  }

  /**
   * Kills a master (SIGKILL) and waits until the cluster has noticed (the node is flagged `fail`), promoted
   * its replica and serves every slot again. Returns how long the switch took.
   */
  public async killMaster(victim: PrivateRedisServer, timeoutMs = 30_000): Promise<number> {
    const started = Date.now();
    await victim.stop();
    const survivor = this.nodes.find((n) => n !== victim)!;
    while (Date.now() - started < timeoutMs) {
      const [info, masters] = await Promise.all([
        this.cli(survivor, 'cluster', 'info').catch(() => ''),
        this.masters(survivor).catch((): PrivateRedisServer[] => []),
      ]);
      // Three healthy masters, the victim not among them: its replica took over and every slot is served.
      if (masters.length === 3 && !masters.includes(victim) && info.includes('cluster_state:ok'))
        return Date.now() - started;
      await sleep(100);
    }
    throw new Error(`no failover within ${timeoutMs} ms`);
  }

  public async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop().catch(() => undefined)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
