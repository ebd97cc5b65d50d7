import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { REPO_ROOT } from './compose-file.js';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string };
}

const rules = (
  load(readFileSync(join(REPO_ROOT, 'deploy', 'prometheus', 'alerts.yaml'), 'utf8')) as {
    groups: { name: string; rules: Rule[] }[];
  }
).groups.flatMap((group) => group.rules);

/** `name{matchers}` in an expression: the file writes every selector with braces, so none is missed. */
function selectors(
  expr: string,
): { metric: string; matchers: { label: string; op: string; value: string }[] }[] {
  return [...expr.matchAll(/\b([a-z_:][a-z0-9_:]*)\{([^}]*)\}/g)].map(([, metric, body]) => ({
    metric,
    matchers: [...body.matchAll(/([a-z_]+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)].map(([, label, op, value]) => ({
      label,
      op,
      value,
    })),
  }));
}

/** The exposition's series, by metric name (a histogram's `_count` is a series of its own). */
function seriesByMetric(exposition: string): Map<string, Record<string, string>[]> {
  const series = new Map<string, Record<string, string>[]>();
  for (const line of exposition.split('\n')) {
    const match = /^([a-z_:][a-z0-9_:]*)(?:\{([^}]*)\})? /.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    series.set(match[1], [...(series.get(match[1]) ?? []), labels]);
  }
  return series;
}

/** deploy/prometheus/alerts.yaml: well formed, and naming only metrics and labels the service exposes. */
describe('Prometheus alerting rules', () => {
  let db: TestDatabase;
  let app: TestApp;
  let exposed: Map<string, Record<string, string>[]>;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url });
    // One request of each outcome the rules read, so the request histogram has series to match.
    await app.request('/api/v1/no-such-route');
    exposed = seriesByMetric(await (await app.request('/metrics')).text());
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('has a name, a severity, a summary and what to do for every alert', () => {
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^ProsePolish[A-Z][A-Za-z]+$/);
      expect(['page', 'ticket']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.annotations.description.length).toBeGreaterThan(60);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('reads only metrics the service exposes, with labels and values they carry', () => {
    for (const rule of rules) {
      const used = selectors(rule.expr);
      expect(used.length, rule.alert).toBeGreaterThan(0);
      for (const { metric, matchers } of used) {
        const series = exposed.get(metric);
        expect(series, `${rule.alert}: ${metric}`).toBeDefined();
        for (const { label, op, value } of matchers) {
          const values = series!.map((labels) => labels[label]).filter((v) => v !== undefined);
          expect(values.length, `${rule.alert}: ${metric} has no label ${label}`).toBeGreaterThan(0);
          if (op === '=') expect(values, `${rule.alert}: ${metric}{${label}="${value}"}`).toContain(value);
        }
      }
    }
  });
});
