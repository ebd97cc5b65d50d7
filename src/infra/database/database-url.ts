import type { EmbeddedPostgres } from './embedded-postgres.js';

/**
 * The connection string the app actually uses: `DATABASE_URL`, or the loopback address of the embedded
 * PostgreSQL started before the Nest container (`embedded`, stopped once the app has disconnected from
 * it). Provided globally by `AppModule.forRoot`.
 */
export class DatabaseUrl {
  public constructor(
    public readonly value: string,
    public readonly poolSize: number,
    public readonly embedded?: EmbeddedPostgres,
  ) {}
}
