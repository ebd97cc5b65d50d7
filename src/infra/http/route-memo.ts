import type { ExecutionContext } from '@nestjs/common';

type Route = [
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: ReturnType<ExecutionContext['getClass']>,
];

/**
 * What a route's metadata decides, computed on its first request and reused after: decorators are fixed at
 * start-up, and reading them through the Reflector costs a few metadata lookups per guard per request.
 * Keyed by handler and controller, since a handler inherited by two controllers may be decorated differently.
 */
export function perRoute<T>(compute: (...route: Route) => T): (context: ExecutionContext) => T {
  const byHandler = new WeakMap<object, WeakMap<object, { value: T }>>();
  return (context) => {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = byHandler.get(handler);
    if (!byController) byHandler.set(handler, (byController = new WeakMap()));
    let memo = byController.get(controller);
    if (!memo) byController.set(controller, (memo = { value: compute(handler, controller) }));
    return memo.value;
  };
}
