import type pg from 'pg';

import type { DmmfDatamodel, DmmfField, DmmfModel } from './prisma-dmmf.js';

/**
 * What the schema says and what PostgreSQL has, both reduced to comparable one-line descriptions
 * (`table.column: type null/not null default …`, `index table.name unique (a, b DESC)`, …). Drift is the
 * difference of the two sets, in both directions.
 */
export interface SchemaFacts {
  tables: Set<string>;
  columns: Set<string>;
  indexes: Set<string>;
  foreignKeys: Set<string>;
  enums: Set<string>;
}

export interface Drift {
  /** In the schema, not in the database: a migration is missing. */
  missingInDatabase: string[];
  /** In the database, not in the schema: schema.prisma is missing something (or the SQL added too much). */
  missingInSchema: string[];
}

const PG_IDENTIFIER_MAX = 63;

export function diffFacts(expected: SchemaFacts, actual: SchemaFacts): Drift {
  const missingInDatabase: string[] = [];
  const missingInSchema: string[] = [];
  for (const key of ['tables', 'columns', 'indexes', 'foreignKeys', 'enums'] as const) {
    for (const fact of expected[key]) if (!actual[key].has(fact)) missingInDatabase.push(fact);
    for (const fact of actual[key]) if (!expected[key].has(fact)) missingInSchema.push(fact);
  }
  return { missingInDatabase: missingInDatabase.sort(), missingInSchema: missingInSchema.sort() };
}

// ---------------------------------------------------------------------------------------------- schema

export function factsFromDatamodel(datamodel: DmmfDatamodel): SchemaFacts {
  const facts: SchemaFacts = {
    tables: new Set(),
    columns: new Set(),
    indexes: new Set(),
    foreignKeys: new Set(),
    enums: new Set(),
  };
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const enumDbNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const tableOf = (name: string): string => {
    const model = models.get(name);
    if (!model) throw new Error(`unknown model ${name}`);
    return model.dbName ?? model.name;
  };
  const columnOf = (model: DmmfModel, fieldName: string): string => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`unknown field ${model.name}.${fieldName}`);
    return field.dbName ?? field.name;
  };

  for (const e of datamodel.enums)
    facts.enums.add(`enum ${e.dbName ?? e.name} (${e.values.map((v) => v.dbName ?? v.name).join(', ')})`);

  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    facts.tables.add(`table ${table}`);
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (!field.relationFromFields?.length) continue;
        const columns = field.relationFromFields.map((name) => columnOf(model, name));
        const target = models.get(field.type)!;
        const targetColumns = (field.relationToFields ?? []).map((name) => columnOf(target, name));
        const onDelete = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
        const onUpdate = field.relationOnUpdate ?? 'Cascade';
        const name = defaultName(table, columns, 'fkey');
        facts.foreignKeys.add(
          `fk ${table}.${name} (${columns.join(', ')}) -> ${tableOf(field.type)} (${targetColumns.join(', ')}) on delete ${onDelete} on update ${onUpdate}`,
        );
        continue;
      }
      const type =
        field.kind === 'enum' ? quoteIfNeeded(enumDbNames.get(field.type)!) : columnType(model, field);
      const fullType = field.isList ? `${type}[]` : type;
      const nullability = field.isRequired ? 'not null' : 'null';
      const def = expectedDefault(field, enumDbNames);
      facts.columns.add(
        `column ${table}.${field.dbName ?? field.name}: ${fullType} ${nullability}${def === null ? '' : ` default ${def}`}`,
      );
    }
  }

  for (const index of datamodel.indexes) {
    const model = models.get(index.model)!;
    const table = model.dbName ?? model.name;
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const suffix = index.type === 'id' ? 'pkey' : index.type === 'unique' ? 'key' : 'idx';
    const name =
      index.dbName ??
      (index.type === 'id' ? defaultName(table, [], 'pkey') : defaultName(table, columns, suffix));
    const kind = index.type === 'id' ? 'primary' : index.type === 'unique' ? 'unique' : 'index';
    const method = (index.algorithm ?? 'BTree').toLowerCase();
    const parts = index.fields.map((f, i) => `${columns[i]}${f.sortOrder === 'desc' ? ' DESC' : ''}`);
    facts.indexes.add(`index ${table}.${name} ${kind} ${method} (${parts.join(', ')})`);
  }
  return facts;
}

/** Prisma's default constraint/index name: `<table>_<columns>_<suffix>`, cut to PostgreSQL's 63 bytes. */
function defaultName(table: string, columns: string[], suffix: string): string {
  const base = [table, ...columns].join('_');
  return `${base.slice(0, PG_IDENTIFIER_MAX - suffix.length - 1)}_${suffix}`;
}

/** The type as PostgreSQL's `format_type()` prints it. */
function columnType(model: DmmfModel, field: DmmfField): string {
  if (field.nativeType) {
    const [name, args] = field.nativeType;
    const a = args.length ? `(${args.join(',')})` : '';
    const native: Record<string, string> = {
      Text: 'text',
      Uuid: 'uuid',
      VarChar: `character varying${a}`,
      Char: `character${a}`,
      Integer: 'integer',
      SmallInt: 'smallint',
      BigInt: 'bigint',
      Decimal: `numeric${a}`,
      Real: 'real',
      DoublePrecision: 'double precision',
      Boolean: 'boolean',
      Timestamptz: `timestamp${a} with time zone`,
      Timestamp: `timestamp${a} without time zone`,
      Date: 'date',
      Time: `time${a} without time zone`,
      JsonB: 'jsonb',
      Json: 'json',
      ByteA: 'bytea',
      Inet: 'inet',
      Citext: 'citext',
    };
    const type = native[name];
    if (!type)
      throw new Error(
        `schema-drift: teach columnType() the native type @db.${name} (${model.name}.${field.name})`,
      );
    return type;
  }
  const scalar: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Float: 'double precision',
    Decimal: 'numeric(65,30)',
    Boolean: 'boolean',
    DateTime: 'timestamp(3) without time zone',
    Json: 'jsonb',
    Bytes: 'bytea',
  };
  const type = scalar[field.type];
  if (!type)
    throw new Error(`schema-drift: teach columnType() the type ${field.type} (${model.name}.${field.name})`);
  return type;
}

/** The column default as `pg_get_expr()` prints it, or null when Prisma sets none in the database. */
function expectedDefault(field: DmmfField, enumDbNames: Map<string, string>): string | null {
  const value = field.default;
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const fn = value as { name: string; args: unknown[] };
    if (fn.name === 'now') return 'CURRENT_TIMESTAMP';
    if (['uuid', 'cuid', 'ulid', 'nanoid'].includes(fn.name)) return null; // generated by the client
    if (fn.name === 'autoincrement') return 'nextval(…)';
    if (fn.name === 'dbgenerated') return String(fn.args[0]);
    throw new Error(`schema-drift: teach expectedDefault() the function ${fn.name}()`);
  }
  if (field.kind === 'enum') return `'${String(value)}'::${quoteIfNeeded(enumDbNames.get(field.type)!)}`;
  if (field.type === 'String') return `'${String(value).replaceAll("'", "''")}'::text`;
  if (field.type === 'Json') return `'${String(value).replaceAll("'", "''")}'::jsonb`;
  return String(value);
}

function quoteIfNeeded(identifier: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(identifier) ? identifier : `"${identifier.replaceAll('"', '""')}"`;
}

// -------------------------------------------------------------------------------------------- database

const ACTIONS: Record<string, string> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

/** The same facts, read from pg_catalog for one schema (Prisma's own `_prisma_migrations` excluded). */
export async function factsFromDatabase(client: pg.Client, schema = 'public'): Promise<SchemaFacts> {
  const facts: SchemaFacts = {
    tables: new Set(),
    columns: new Set(),
    indexes: new Set(),
    foreignKeys: new Set(),
    enums: new Set(),
  };

  const tables = await client.query<{ table: string }>(
    `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`,
    [schema],
  );
  for (const { table } of tables.rows) facts.tables.add(`table ${table}`);

  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    notnull: boolean;
    def: string | null;
  }>(
    `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
            a.attnotnull AS "notnull", pg_get_expr(d.adbin, d.adrelid) AS "def"
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
        AND a.attnum > 0 AND NOT a.attisdropped`,
    [schema],
  );
  for (const c of columns.rows) {
    const def = c.def?.startsWith('nextval(') ? 'nextval(…)' : c.def;
    facts.columns.add(
      `column ${c.table}.${c.column}: ${c.type} ${c.notnull ? 'not null' : 'null'}${def === null ? '' : ` default ${def}`}`,
    );
  }

  const indexes = await client.query<{
    table: string;
    name: string;
    kind: string;
    method: string;
    parts: string[];
    extra: string;
  }>(
    `SELECT t.relname AS "table", i.relname AS "name",
            CASE WHEN ix.indisprimary THEN 'primary' WHEN ix.indisunique THEN 'unique' ELSE 'index' END AS "kind",
            am.amname AS "method",
            ARRAY(SELECT COALESCE(a.attname::text, '<expression>') || CASE WHEN ix.indoption[k.n - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                    FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                   ORDER BY k.n) AS "parts",
            CASE WHEN ix.indpred IS NOT NULL THEN ' WHERE ' || pg_get_expr(ix.indpred, ix.indrelid) ELSE '' END AS "extra"
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations'`,
    [schema],
  );
  for (const ix of indexes.rows) {
    facts.indexes.add(
      `index ${ix.table}.${ix.name} ${ix.kind} ${ix.method} (${ix.parts.join(', ')})${ix.extra}`,
    );
  }

  const fks = await client.query<{
    table: string;
    name: string;
    columns: string[];
    target: string;
    targetColumns: string[];
    del: string;
    upd: string;
  }>(
    `SELECT t.relname AS "table", con.conname AS "name",
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS "columns",
            r.relname AS "target",
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS "targetColumns",
            con.confdeltype AS "del", con.confupdtype AS "upd"
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND con.contype = 'f'`,
    [schema],
  );
  for (const fk of fks.rows) {
    facts.foreignKeys.add(
      `fk ${fk.table}.${fk.name} (${fk.columns.join(', ')}) -> ${fk.target} (${fk.targetColumns.join(', ')}) on delete ${ACTIONS[fk.del]} on update ${ACTIONS[fk.upd]}`,
    );
  }

  const enums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS "name", ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS "labels"
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype = 'e'`,
    [schema],
  );
  for (const e of enums.rows) facts.enums.add(`enum ${e.name} (${e.labels.join(', ')})`);
  return facts;
}
