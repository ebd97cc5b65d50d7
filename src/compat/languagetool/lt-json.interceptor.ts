import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/**
 * Sends `/v2` answers as JSON with `Content-Type: application/json` exactly: Fastify appends
 * `; charset=utf-8` to any JSON-typed string or object it sends, and one editor integration compares the
 * header literally. A Buffer body is sent with the header exactly as set.
 */
@Injectable()
export class LanguageToolJsonInterceptor implements NestInterceptor {
  public intercept(context: ExecutionContext, next: CallHandler): Observable<Buffer> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        void reply.header('Content-Type', 'application/json');
        return Buffer.from(JSON.stringify(body));
      }),
    );
  }
}
