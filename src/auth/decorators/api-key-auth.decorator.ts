import { SetMetadata } from '@nestjs/common';

export const API_KEY_AUTH_KEY = 'auth:apiKey';

/**
 * A route for tools that authenticate LanguageTool's way: `username` (the account e-mail) and `apiKey`
 * among the parameters (query string or form body). Without them the request is anonymous
 * (`request.user` unset); with them they must be valid, or the request is refused (403).
 */
export const ApiKeyAuth = (): MethodDecorator & ClassDecorator => SetMetadata(API_KEY_AUTH_KEY, true);
