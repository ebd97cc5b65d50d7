import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';

import { perRoute } from './route-memo.js';

class Base {
  public read(): void {}
}
class First extends Base {}
class Second extends Base {}

const contextOf = (handler: () => void, controller: new () => unknown) =>
  ({ getHandler: () => handler, getClass: () => controller }) as unknown as ExecutionContext;

describe('perRoute', () => {
  it('computes once per route, however many requests reach it', () => {
    const compute = vi.fn((_handler: unknown, controller: { name: string }) => controller.name);
    const of = perRoute(compute);
    for (let i = 0; i < 3; i++) expect(of(contextOf(Base.prototype.read, First))).toBe('First');
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('keeps an inherited handler apart per controller (their decorators may differ)', () => {
    const of = perRoute((_handler, controller) => controller.name);
    expect(of(contextOf(Base.prototype.read, First))).toBe('First');
    expect(of(contextOf(Base.prototype.read, Second))).toBe('Second');
  });
});
