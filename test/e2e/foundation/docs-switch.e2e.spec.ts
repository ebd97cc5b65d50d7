import { describe, expect, it } from 'vitest';

import { useTestApp } from '../../helpers/use-test-app.js';

describe('DOCS_ENABLED=false', () => {
  const e2e = useTestApp({ DOCS_ENABLED: 'false' });

  it('serves neither Swagger UI nor the OpenAPI document, and the API itself still answers', async () => {
    for (const path of ['/docs', '/docs-json']) {
      const res = await e2e.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await e2e.app.request('/health/live')).status).toBe(200);
  });
});
