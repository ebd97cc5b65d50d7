import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { toFieldErrors } from './validation.js';

describe('toFieldErrors', () => {
  const schema = z.strictObject({
    name: z.string().min(1),
    nested: z.strictObject({ age: z.number().int() }),
  });

  it('names each invalid field by its path', async () => {
    const result = await schema['~standard'].validate({ name: '', nested: { age: 1.5 } });
    const errors = toFieldErrors((result as { issues: never[] }).issues);
    expect(errors.map((e) => e.field).sort()).toEqual(['name', 'nested.age']);
  });

  it('names each unknown field, however deep', async () => {
    const result = await schema['~standard'].validate({ name: 'a', role: 'admin', nested: { age: 1, x: 1 } });
    const errors = toFieldErrors((result as { issues: never[] }).issues);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'role', message: 'is not allowed' },
        { field: 'nested.x', message: 'is not allowed' },
      ]),
    );
  });
});
