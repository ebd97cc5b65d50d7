import { vi } from 'vitest';

type Methods<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];
export type StrictMock<T> = T & { [K in Methods<T>]: ReturnType<typeof vi.fn> };

/**
 * A test double of `cls` built from the class itself: only the methods a test stubs exist, each a
 * `vi.fn` with the given implementation; calling anything else throws "unexpected call", and stubbing a
 * name the class does not have throws at once (so a rename cannot leave a spec testing a ghost).
 * `values` sets plain properties (`redis.health`), which a test reads as given.
 */
export function strictMock<T extends object>(
  cls: abstract new (...args: never[]) => T,
  stubs: { [K in Methods<T>]?: (...args: never[]) => unknown } = {},
  values: Partial<T> = {},
): StrictMock<T> {
  const members = new Set<string>();
  for (
    let proto = cls.prototype as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  )
    for (const name of Object.getOwnPropertyNames(proto)) members.add(name);
  const target: Record<string, unknown> = { ...values };
  for (const [name, impl] of Object.entries(stubs)) {
    if (!members.has(name)) throw new Error(`${cls.name} has no method ${name}`);
    target[name] = vi.fn(impl as (...args: unknown[]) => unknown);
  }
  return new Proxy(target, {
    get(stubbed, prop) {
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      if (prop in stubbed) return stubbed[prop];
      throw new Error(`unexpected call: ${cls.name}.${prop}`);
    },
  }) as StrictMock<T>;
}
