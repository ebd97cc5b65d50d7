import { createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { perRoute } from '#src/infra/http/route-memo.js';

import type { CacheReadAhead, NamespaceName } from './cache.types.js';
import { CacheStack } from './cache-stack.js';

interface ReadAheadRoute {
  ns: NamespaceName;
  /**
   * The key the handler will read, from the request and the token's user alone; undefined when there is
   * none (bad input).
   */
  keyOf: (request: FastifyRequest, caller: ReadAheadCaller) => string | undefined;
}

/** The user the access token names (its session not yet checked: the value is used only once it is). */
export interface ReadAheadCaller {
  id: string;
}

const READ_AHEAD = Symbol('cache.read-ahead');

/** Reads started for in-flight requests, by request: gone with the request when nothing takes them. */
const started = new WeakMap<object, CacheReadAhead>();

/**
 * Marks a route whose handler reads one cache key that the request and its user determine. For a token seen
 * before, the auth guard starts that key's Redis read together with the session check and the rate-limit
 * count (`CacheReadAheads.start`), so the three share one round trip instead of the value's read waiting
 * for the guards. The handler receives it with `@ReadAheadOf()` and passes it to `getOrLoad`; a request
 * the guards reject never uses it.
 */
export const ReadAhead = (ns: NamespaceName, keyOf: ReadAheadRoute['keyOf']) =>
  SetMetadata(READ_AHEAD, { ns, keyOf } satisfies ReadAheadRoute);

/** The read `@ReadAhead` started for this request, if any (`getOrLoad(…, { readAhead })`). */
export const ReadAheadOf = createParamDecorator(
  (_: unknown, context: ExecutionContext): CacheReadAhead | undefined =>
    started.get(context.switchToHttp().getRequest<object>()),
);

@Injectable()
export class CacheReadAheads {
  private readonly routeOf = perRoute((handler, controller) =>
    this.reflector.getAllAndOverride<ReadAheadRoute | undefined>(READ_AHEAD, [handler, controller]),
  );

  public constructor(
    private readonly reflector: Reflector,
    private readonly stack: CacheStack,
  ) {}

  /** Starts the route's read, if it declares one and the L1 cannot answer it. */
  public start(context: ExecutionContext, caller: ReadAheadCaller): void {
    const route = this.routeOf(context);
    if (!route) return;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = route.keyOf(request, caller);
    const read = key === undefined ? undefined : this.stack.startRead(route.ns, key);
    if (read) started.set(request, read);
  }
}
