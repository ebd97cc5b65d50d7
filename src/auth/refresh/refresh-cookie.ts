import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { AppConfig } from '#src/config/app-config.js';
import { ForbiddenError } from '#src/infra/http/errors.js';

/** The request header a browser client sends to get its refresh token as a cookie instead of in the body. */
export const REFRESH_TRANSPORT_HEADER = 'x-refresh-transport';
export const REFRESH_COOKIE = 'pp_refresh';
/** The refresh and logout routes share this prefix; no other route ever receives the cookie. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/**
 * The browser form of the refresh token (the web editor): an `HttpOnly`, `SameSite=Strict` cookie that no
 * script can read. Opt-in per request with `X-Refresh-Transport: cookie`; API clients keep the JSON body.
 * A refresh that relies on the cookie must also come from the service's own origin (`Origin` check), so a
 * cross-site form can never spend it even in a browser that ignores SameSite.
 */
@Injectable()
export class RefreshCookie {
  public constructor(private readonly config: AppConfig) {}

  public wanted(request: FastifyRequest): boolean {
    return request.headers[REFRESH_TRANSPORT_HEADER] === 'cookie';
  }

  /** The cookie's refresh token, when the request carries one and comes from this origin. */
  public read(request: FastifyRequest): string | undefined {
    const token = request.cookies[REFRESH_COOKIE];
    if (!token) return undefined;
    const origin = request.headers.origin;
    if (!origin || origin !== `${request.protocol}://${request.host}`) {
      throw new ForbiddenError('A refresh by cookie must come from this site (Origin header).');
    }
    return token;
  }

  public set(request: FastifyRequest, reply: FastifyReply, refreshToken: string): void {
    void reply.setCookie(REFRESH_COOKIE, refreshToken, {
      ...this.attributes(request),
      maxAge: this.config.auth.refreshTokenTtl,
    });
  }

  public clear(request: FastifyRequest, reply: FastifyReply): void {
    if (request.cookies[REFRESH_COOKIE]) void reply.clearCookie(REFRESH_COOKIE, this.attributes(request));
  }

  private attributes(request: FastifyRequest) {
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(request.hostname);
    return {
      httpOnly: true,
      sameSite: 'strict' as const,
      // Browsers keep Secure cookies only over HTTPS, except on localhost.
      secure: request.protocol === 'https' || !local,
      path: REFRESH_COOKIE_PATH,
    };
  }
}
