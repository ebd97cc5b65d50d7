import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Observable, tap } from 'rxjs';

import { AUDIT_RESULT, AUDIT_SUMMARY, type AuditedRequest, type AuditSummary } from './audit.constants.js';

/**
 * Keeps the handler's result for the audit row (the hook that writes the row sees only the serialized
 * payload). Failures need nothing here: the hook reads the problem document that was sent.
 */
@Injectable()
export class AuditResultInterceptor implements NestInterceptor {
  private readonly reflector = new Reflector();

  public intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const summary = this.reflector.get<AuditSummary | undefined>(AUDIT_SUMMARY, context.getHandler());
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    return next.handle().pipe(
      tap((result) => {
        request[AUDIT_RESULT] = summary ? summary(result) : result;
      }),
    );
  }
}
