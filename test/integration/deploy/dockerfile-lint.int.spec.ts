import { existsSync, readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { SERVICE_ENV, SERVICE_NODE_FLAGS } from '../../../bench/lib/app-instances.js';
import { REPO_ROOT } from './compose-file.js';
import {
  copyParts,
  type Dockerfile,
  execForm,
  type Instruction,
  parseDockerfile,
  type Stage,
} from './dockerfile.parser.js';
import { DockerIgnore } from './dockerignore.js';

// Lint for docker/Dockerfile without a Docker engine. hadolint is the usual tool, but it is neither on
// npm nor in Debian's archive (`apt-cache policy hadolint`: no candidate), and there is no network here
// to fetch its binary. This is the documented substitute: the hadolint rules that matter for this image
// (ids in brackets) plus checks hadolint cannot make, because they need the repository — every COPY
// source exists and survives .dockerignore, the npm scripts and entry points the image runs exist.

const DOCKERFILE = `${REPO_ROOT}docker/Dockerfile`;
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL/i;

describe('docker/Dockerfile (hadolint substitute)', () => {
  let file: Dockerfile;
  let build: Stage;
  let runtime: Stage;
  const runs = () => file.all.filter((i) => i.keyword === 'RUN');
  const last = (stage: Stage, keyword: string): Instruction | undefined =>
    stage.instructions.filter((i) => i.keyword === keyword).at(-1);

  beforeAll(() => {
    file = parseDockerfile(DOCKERFILE);
    build = file.stages[0];
    runtime = file.stages.at(-1)!;
  });

  it('is multi-stage: a build stage, then a runtime stage that copies from it', () => {
    expect(file.stages.length).toBeGreaterThanOrEqual(2);
    expect(build.name).toBeTruthy();
    const fromBuild = runtime.instructions.filter(
      (i) => i.keyword === 'COPY' && copyParts(i.args).flags.get('from') === build.name,
    );
    expect(fromBuild.length).toBeGreaterThan(0);
  });

  it('pins every base image to an explicit version tag, never latest [DL3006, DL3007]', () => {
    for (const stage of file.stages) {
      const [, tag] = stage.image.split(':');
      expect(tag, stage.image).toBeTruthy();
      expect(tag).not.toMatch(/^latest$/);
      // A full Node version, not a moving major tag: the image runs what the tests ran.
      expect(stage.image).toMatch(/^node:24\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    }
    // The same Node 24 release the lockfile's `node` devDependency pins for development and CI.
    const lock = JSON.parse(readFileSync(`${REPO_ROOT}package-lock.json`, 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    expect(file.globalArgs.get('NODE_VERSION')).toBe(lock.packages['node_modules/node']?.version);
  });

  it('runs the final stage as the unprivileged node user [DL3002]', () => {
    expect(last(runtime, 'USER')?.args).toBe('node');
    const user = last(runtime, 'USER')!;
    const after = runtime.instructions.filter((i) => i.line > user.line).map((i) => i.keyword);
    expect(after).not.toContain('RUN'); // nothing runs as root after dropping privileges … and nothing needs to
  });

  it('starts `node dist/main.js` directly as PID 1, in exec form [DL3025]', () => {
    expect(execForm(last(runtime, 'CMD')!.args)).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/main.js']);
    expect(last(runtime, 'ENTRYPOINT')).toBeUndefined(); // no shell or npm wrapper in front of node
    expect(last(runtime, 'STOPSIGNAL')?.args ?? 'SIGTERM').toBe('SIGTERM');
    expect(existsSync(`${REPO_ROOT}src/main.ts`)).toBe(true);
  });

  it('has a HEALTHCHECK on /health/live that needs no curl', () => {
    const healthcheck = last(runtime, 'HEALTHCHECK')!;
    expect(healthcheck).toBeDefined();
    const command = execForm(healthcheck.args.slice(healthcheck.args.indexOf('CMD') + 3).trim());
    expect(command?.slice(0, 2)).toEqual(['node', '-e']);
    expect(command?.[2]).toContain('/health/live');
    expect(healthcheck.args).toMatch(/--timeout=\d+s/);
  });

  it("sets the service's environment beside its flags, as `npm start` and the bench do", () => {
    const env = runtime.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    for (const [name, value] of Object.entries(SERVICE_ENV))
      expect(
        env.some((args) => args.split(/\s+/).includes(`${name}=${value}`)),
        name,
      ).toBe(true);
  });

  it('sets NODE_ENV=production in the image', () => {
    expect(
      runtime.instructions.some((i) => i.keyword === 'ENV' && /\bNODE_ENV=production\b/.test(i.args)),
    ).toBe(true);
  });

  it('installs with npm ci from the lockfile and ships production dependencies only', () => {
    const commands = runs().map((r) => r.args);
    expect(commands.some((c) => /\bnpm ci\b/.test(c))).toBe(true);
    expect(commands.filter((c) => /\bnpm (install|i)\b/.test(c))).toEqual([]);
    expect(commands.some((c) => /\bnpm prune --omit=dev\b/.test(c))).toBe(true);
    // Runtime node_modules come from the pruned build stage, never from a fresh full install.
    expect(runtime.instructions.filter((i) => i.keyword === 'RUN')).toEqual([]);
    const scripts = (
      JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    for (const script of ['db:generate', 'build', 'db:migrate']) expect(scripts[script], script).toBeTruthy();
    // `npm start` runs the service with the image's environment and Node flags.
    const serviceEnv = Object.entries(SERVICE_ENV).map(([name, value]) => `${name}=${value} `);
    expect(scripts.start.startsWith(`${serviceEnv.join('')}node ${SERVICE_NODE_FLAGS.join(' ')} `)).toBe(
      true,
    );
    expect(scripts.start).toMatch(/ dist\/main\.js$/);
    expect(scripts['db:migrate']).toContain('dist/infra/database/migrate.cli.js');
    expect(existsSync(`${REPO_ROOT}src/infra/database/migrate.cli.ts`)).toBe(true);
  });

  it('uses COPY, never ADD, and no remote sources [DL3020]', () => {
    expect(file.all.filter((i) => i.keyword === 'ADD')).toEqual([]);
    for (const copy of file.all.filter((i) => i.keyword === 'COPY'))
      expect(copy.args).not.toMatch(/https?:\/\//);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const ignore = DockerIgnore.read(`${REPO_ROOT}.dockerignore`);
    const fromContext = build.instructions.filter(
      (i) => i.keyword === 'COPY' && !copyParts(i.args).flags.has('from'),
    );
    expect(fromContext.length).toBeGreaterThan(0);
    for (const copy of fromContext) {
      const { sources, destination } = copyParts(copy.args);
      for (const source of sources) {
        expect(existsSync(`${REPO_ROOT}${source}`), `line ${copy.line}: ${source} exists`).toBe(true);
        expect(ignore.excludes(source), `line ${copy.line}: ${source} is in the context`).toBe(false);
      }
      // Several sources need a directory destination [DL3021].
      if (sources.length > 1) expect(destination).toMatch(/\/$/);
    }
    // A COPY --from names an earlier stage [DL3022].
    const names = file.stages.map((s) => s.name);
    for (const copy of runtime.instructions.filter(
      (i) => i.keyword === 'COPY' && copyParts(i.args).flags.has('from'),
    )) {
      expect(names).toContain(copyParts(copy.args).flags.get('from'));
    }
  });

  it('puts no secret in ENV, ARG or LABEL', () => {
    for (const i of file.all.filter((x) => ['ENV', 'ARG', 'LABEL'].includes(x.keyword))) {
      for (const [, name] of i.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_.]*)=/g))
        expect(name, `line ${i.line}`).not.toMatch(SECRET_NAME);
      expect(i.args, `line ${i.line}`).not.toMatch(/:\/\/[^/\s]*:[^@\s]*@/); // credentials in a URL
    }
  });

  it('follows the shell hygiene rules [DL3000, DL3003, DL3004, DL4006]', () => {
    for (const workdir of file.all.filter((i) => i.keyword === 'WORKDIR'))
      expect(workdir.args).toMatch(/^\//);
    for (const run of runs()) {
      expect(run.args, `line ${run.line}`).not.toMatch(/(^|&&|;)\s*cd\s/);
      expect(run.args, `line ${run.line}`).not.toMatch(/\bsudo\b/);
      if (/[^|]\|[^|]/.test(run.args))
        expect(run.args, `line ${run.line}: pipe without pipefail`).toMatch(/set -o pipefail/);
    }
  });

  it('keeps secrets, dependencies and build output out of the build context (.dockerignore)', () => {
    const ignore = DockerIgnore.read(`${REPO_ROOT}.dockerignore`);
    for (const path of [
      'node_modules',
      'dist',
      '.git',
      '.data',
      '.env',
      '.env.production',
      'coverage',
      'bench/results',
      'src/generated',
    ]) {
      expect(ignore.excludes(path), path).toBe(true);
    }
    expect(ignore.excludes('node_modules/ioredis/package.json')).toBe(true);
    for (const path of [
      'package.json',
      'package-lock.json',
      'src/main.ts',
      'prisma/schema.prisma',
      '.env.example',
    ]) {
      expect(ignore.excludes(path), path).toBe(false);
    }
  });
});
