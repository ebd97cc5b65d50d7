import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { baseTestEnv } from '../../helpers/test-app.js';

const MAIN = fileURLToPath(new URL('../../../dist/main.js', import.meta.url));

/** Runs the built service with `env` until it exits (or 10 s pass). */
function runMain(
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

describe('start-up configuration checks (built service)', () => {
  it('exits non-zero within seconds, naming AUTH_JWT_SECRET, when it is missing', async () => {
    const { AUTH_JWT_SECRET: _omitted, ...env } = baseTestEnv({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
    const result = await runMain(env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('AUTH_JWT_SECRET');
    expect(result.ms).toBeLessThan(5_000);
  });

  it('refuses a placeholder secret in production', async () => {
    const result = await runMain(
      baseTestEnv({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
        AUTH_JWT_SECRET: 'change-me-change-me-change-me-change-me',
      }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/AUTH_JWT_SECRET is a placeholder/);
  });

  it('names every bad variable at once', async () => {
    const result = await runMain(
      baseTestEnv({ PORT: 'eighty', REDIS_URL: 'http://nope', DATABASE_URL: 'x' }),
    );
    expect(result.code).not.toBe(0);
    for (const name of ['PORT', 'REDIS_URL', 'DATABASE_URL']) expect(result.stderr).toContain(name);
  });
});
