import type { TestApp } from '../../helpers/test-app.js';
import { accountScenarios } from './accounts.scenarios.js';
import { refreshScenarios } from './refresh.scenarios.js';
import { sessionScenarios } from './sessions.scenarios.js';

export interface AuthScenarioContext {
  app: TestApp;
  dbUrl: string;
}

/**
 * The "done when" list, as scenarios run twice: with the shared Redis up (auth.e2e.spec.ts) and
 * with the instance's Redis stopped (auth-redis-down.e2e.spec.ts) — the answers must be the same.
 */
export function authScenarios(ctx: () => AuthScenarioContext): void {
  accountScenarios(ctx);
  refreshScenarios(ctx);
  sessionScenarios(ctx);
}
