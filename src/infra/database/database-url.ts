/**
 * The connection string the app actually uses: `DATABASE_URL`, or the loopback address of the embedded
 * PostgreSQL started before the Nest container. Provided globally by `AppModule.forRoot`.
 */
export class DatabaseUrl {
  public constructor(
    public readonly value: string,
    public readonly poolSize: number,
  ) {}
}
