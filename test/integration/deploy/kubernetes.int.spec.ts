import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { load, loadAll } from 'js-yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { beforeAll, describe, expect, it } from 'vitest';

import { SERVICE_ENV, SERVICE_NODE_FLAGS } from '../../../bench/lib/app-instances.js';
import { BENCH_REPORT, benchRss, memoryBytes } from './bench-memory.js';
import { dotenvNames, REPO_ROOT } from './compose-file.js';

const DIR = join(REPO_ROOT, 'deploy', 'kubernetes');

/** The Kubernetes API schema (kubernetes-models, generated from the API's OpenAPI document) per kind. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

/** deploy/kubernetes without a cluster: valid against the API schemas, and the invariants a rollout relies on. */
describe('Kubernetes manifests', () => {
  let manifests: { file: string; doc: Manifest }[];
  const byKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);

  beforeAll(() => {
    manifests = readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .flatMap((file) => loadAll(readFileSync(join(DIR, file), 'utf8')).map((doc) => ({ file, doc })));
  });

  it('validates every manifest against the Kubernetes API schema of its kind', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(7);
    for (const { file, doc } of manifests) {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${file}: ${doc.apiVersion} ${doc.kind}`).toBeDefined();
      expect(() => new Model(doc as never).validate(), file).not.toThrow();
    }
  });

  it('the schema check can fail: a wrongly typed field is refused', () => {
    const deployment = structuredClone(byKind('Deployment')[0]);
    deployment.spec.replicas = 'two';
    expect(() => new Deployment(deployment).validate()).toThrow(/replicas must be integer/);
  });

  it('kustomization lists every manifest but the secret template and the migration job', () => {
    const listed = (load(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[] })
      .resources;
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect(listed.sort()).toEqual(
      files.filter((f) => !['secret.template.yaml', 'migrate-job.yaml'].includes(f)).sort(),
    );
  });

  describe('the API Deployment', () => {
    let deployment: Manifest;
    let container: Manifest;
    let config: Record<string, string>;
    beforeAll(() => {
      [deployment] = byKind('Deployment');
      [container] = deployment.spec.template.spec.containers;
      config = byKind('ConfigMap')[0].data;
    });

    it("runs the service as the image does: `node`, the service's Node flags and environment, `dist/main.js`", () => {
      expect(container.args).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/main.js']);
      for (const [name, value] of Object.entries(SERVICE_ENV))
        expect(container.env).toContainEqual({ name, value });
    });

    it('runs at least two replicas, and the autoscaler keeps at least two', () => {
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      const [hpa] = byKind('HorizontalPodAutoscaler');
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
      expect(hpa.spec.metrics).toEqual([
        expect.objectContaining({ resource: expect.objectContaining({ name: 'cpu' }) }),
      ]);
    });

    it('is probed on /health/ready (readiness) and /health/live (liveness)', () => {
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    });

    it('gives draining more time than SHUTDOWN_TIMEOUT_MS, after a preStop delay', () => {
      const preStopSeconds = Number(container.lifecycle.preStop.exec.command.at(-1));
      expect(preStopSeconds).toBeGreaterThan(0);
      const shutdownSeconds = Number(config.SHUTDOWN_TIMEOUT_MS) / 1000;
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
        preStopSeconds + shutdownSeconds,
      );
    });

    it('runs as non-root on a read-only root filesystem with every capability dropped', () => {
      expect(deployment.spec.template.spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
      });
      expect(container.securityContext).toEqual({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      const tmp = container.volumeMounts.find((v: Manifest) => v.mountPath === '/tmp');
      expect(
        deployment.spec.template.spec.volumes.find((v: Manifest) => v.name === tmp.name).emptyDir,
      ).toBeDefined();
    });

    it('has resource requests and limits', () => {
      expect(container.resources.requests).toMatchObject({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
      expect(container.resources.limits).toMatchObject({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
    });

    it(`requests the memory an instance holds after the bench, and limits it above the bench's peak (${BENCH_REPORT})`, () => {
      const rss = benchRss();
      expect(memoryBytes(container.resources.requests.memory, 'kubernetes')).toBeGreaterThanOrEqual(
        rss.afterBench,
      );
      expect(memoryBytes(container.resources.limits.memory, 'kubernetes')).toBeGreaterThan(rss.peak);
    });

    it('takes configuration from the ConfigMap and secrets from the Secret, both documented in .env.example', () => {
      expect(container.envFrom).toEqual([
        { configMapRef: { name: byKind('ConfigMap')[0].metadata.name } },
        { secretRef: { name: byKind('Secret')[0].metadata.name } },
      ]);
      const documented = dotenvNames(join(REPO_ROOT, '.env.example'));
      const secretKeys = Object.keys(byKind('Secret')[0].stringData).filter(
        (k) => k !== 'DATABASE_MIGRATE_URL',
      );
      expect([...Object.keys(config), ...secretKeys].filter((k) => !documented.has(k))).toEqual([]);
      expect(
        Object.keys(config).filter((k) => /SECRET|PASSWORD|TOKEN|API_KEY|DATABASE_URL|REDIS_URL/.test(k)),
      ).toEqual([]);
    });

    it('is reached through a Service and protected by a PodDisruptionBudget on the same pods', () => {
      const labels = deployment.spec.template.metadata.labels;
      expect(byKind('Service')[0].spec.selector).toEqual(labels);
      expect(byKind('PodDisruptionBudget')[0].spec.selector.matchLabels).toEqual(labels);
    });
  });

  it('commits the Secret only as a template: every value empty', () => {
    const secrets = byKind('Secret');
    expect(secrets).toHaveLength(1);
    expect(Object.values(secrets[0].stringData).every((v) => v === '')).toBe(true);
    expect(secrets[0].data).toBeUndefined();
  });

  it('migrates with a Job, straight to PostgreSQL as the schema owner, as non-root', () => {
    const [job] = byKind('Job');
    const [migrate] = job.spec.template.spec.containers;
    expect(migrate.args.join(' ')).toContain('migrate.cli.js');
    expect(migrate.env).toEqual([
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'prosepolish-secrets', key: 'DATABASE_MIGRATE_URL' } },
      },
    ]);
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(migrate.securityContext.readOnlyRootFilesystem).toBe(true);
  });
});
