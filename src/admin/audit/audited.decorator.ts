import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';

import { AUDIT_ACTION, AUDIT_SUMMARY, type AuditSummary } from './audit.constants.js';
import { AuditResultInterceptor } from './audit-result.interceptor.js';

/**
 * Records every call of an admin route in `admin_audit_log` — who, the action, its parameters, its result
 * and status, the request id — before the response leaves, whether it succeeded, failed, or was refused to
 * an authenticated non-admin. `summary` trims big results (stats) to what is worth keeping.
 *
 * Any controller can use it without importing a module: the row is written by a hook `AdminModule`
 * installs for the whole app. Routes under `/api/v1/admin` without it are audited too, under
 * `<METHOD> <route>`; the decorator only names the action.
 */
export function Audited(action: string, summary?: AuditSummary): MethodDecorator {
  return applyDecorators(
    (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
      // Merged into any route config set by another decorator (Fastify's `config` is one object).
      const existing = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, descriptor.value) ?? {}) as Record<
        string,
        unknown
      >;
      Reflect.defineMetadata(
        FASTIFY_ROUTE_CONFIG_METADATA,
        { ...existing, [AUDIT_ACTION]: action },
        descriptor.value,
      );
      return descriptor;
    },
    SetMetadata(AUDIT_SUMMARY, summary),
    UseInterceptors(AuditResultInterceptor),
  ) as MethodDecorator;
}
