import { z } from 'zod';

import { labelSchema } from '#src/infra/http/label.schema.js';

export const createApiKeySchema = z
  .strictObject({
    name: labelSchema(100).describe('What the key is for, e.g. "VS Code on my laptop".'),
  })
  .meta({ id: 'CreateApiKey' });
export type CreateApiKeyBody = z.infer<typeof createApiKeySchema>;

export const createdApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    key: z.string().describe('The key: shown this once. Send it as `apiKey` with your e-mail as `username`.'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CreatedApiKey' });

export const apiKeyListSchema = z
  .array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      prefix: z.string().describe('The first characters of the key, to tell keys apart.'),
      createdAt: z.iso.datetime(),
      lastUsedAt: z.iso.datetime().nullable().describe('Exact to within 5 minutes.'),
    }),
  )
  .meta({ id: 'ApiKeyList' });
