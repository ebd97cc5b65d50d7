// What the numbers were measured on, for the report header.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';

import { REPO_ROOT } from './bench-config.js';
import type { BenchEnvironment } from './bench-environment.js';

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/** Which build was measured: the entry file's age and the commit the checkout is at (src/ edits noted). */
export function describeBuild(appEntry: string): string {
  const built = statSync(appEntry).mtime.toISOString().slice(0, 16).replace('T', ' ');
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown commit';
  const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
  return `Build: \`${relative(REPO_ROOT, appEntry) || appEntry}\` compiled ${built} UTC; checkout at ${commit}${dirty ? ` with ${dirty} uncommitted change(s) under src/` : ''}`;
}

export async function describeMachine(env: BenchEnvironment): Promise<string[]> {
  const cpu = cpus();
  const postgres = await env.withDatabase(
    async (db) => (await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version,
  );
  const redis = env.redis();
  let redisVersion: string;
  try {
    redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  } finally {
    redis.disconnect();
  }
  return [
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}`,
    `Node ${process.versions.node}, PostgreSQL ${postgres}, Redis ${redisVersion} (both shared with other users of the machine), autocannon ${packageVersion('autocannon')}, fastify ${packageVersion('fastify')}, @nestjs/core ${packageVersion('@nestjs/core')}`,
  ];
}
