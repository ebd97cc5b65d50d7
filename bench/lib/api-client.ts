// The few calls the benchmark makes to set a scenario up (accounts, warming, admin stats and flushes):
// plain fetch against a running instance, failing loudly on an unexpected status.
import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { promoteToAdmin } from '#src/auth/admin/admin-bootstrap.js';

export interface Account {
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export class ApiClient {
  public readonly baseUrl: string;

  public constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** Sends a request and returns the parsed JSON body; throws unless the status is `expect`. */
  public async call<T>(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; expect?: number } = {},
  ): Promise<{ body: T; headers: Headers; text: string }> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    const expect = options.expect ?? 200;
    if (res.status !== expect)
      throw new Error(`${method} ${path}: expected ${expect}, got ${res.status}: ${text.slice(0, 500)}`);
    return { body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers, text };
  }

  public async register(): Promise<Account> {
    const email = `bench-${randomBytes(6).toString('hex')}@example.test`;
    const password = `pw-${randomBytes(12).toString('base64url')}`;
    const { body } = await this.call<TokenPair>('POST', '/api/v1/auth/register', {
      json: { email, password },
      expect: 201,
    });
    return { email, password, accessToken: body.accessToken, refreshToken: body.refreshToken };
  }

  public async login(account: { email: string; password: string }): Promise<TokenPair> {
    const { body } = await this.call<TokenPair>('POST', '/api/v1/auth/login', {
      json: { email: account.email, password: account.password },
    });
    return body;
  }

  /** An admin: registered over HTTP, promoted with the code `npm run admin:create` runs, logged in again. */
  public async admin(databaseUrl: string): Promise<Account> {
    const account = await this.register();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await promoteToAdmin(client, account.email);
    } finally {
      await client.end();
    }
    return { ...account, ...(await this.login(account)) };
  }
}
