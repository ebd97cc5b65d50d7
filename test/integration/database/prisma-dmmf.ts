import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Prisma's own schema parser, offline: the `prisma` CLI bundles `@prisma/prisma-schema-wasm` as
 * `build/prisma_schema_build_bg.wasm`, but its JS glue is buried inside `build/cli.js`. The glue of
 * `get_dmmf` is tiny (strings in, a string or an exception out), so it is re-done here. If a Prisma upgrade
 * changes the WASM imports, this throws at once instead of silently parsing nothing.
 */

export interface DmmfField {
  name: string;
  dbName: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  isDefinedOnField: boolean;
  name?: string;
  dbName?: string;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; length?: number; operatorClass?: string }[];
}

export interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfDatamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

// The project compiles against lib ES2024 without DOM, which has no WebAssembly typings: the little used here.
interface WasmModule {
  readonly __brand: 'WasmModule';
}
interface WasmGlobal {
  Module: {
    new (bytes: Uint8Array): WasmModule;
    imports(module: WasmModule): { module: string; name: string }[];
  };
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: WasmGlobal };

interface SchemaWasm {
  memory: { buffer: ArrayBuffer };
  __wbindgen_externrefs: {
    grow(delta: number): number;
    get(index: number): unknown;
    set(index: number, value: unknown): void;
  };
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_realloc(ptr: number, oldSize: number, newSize: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __externref_table_dealloc(index: number): void;
  __wbindgen_start(): void;
  get_dmmf(ptr: number, len: number): [number, number, number, number];
}

let loaded: { wasm: SchemaWasm; panicMessage(): string } | undefined;

function instantiate(): { wasm: SchemaWasm; panicMessage(): string } {
  const require = createRequire(import.meta.url);
  const file = path.join(
    path.dirname(require.resolve('prisma/package.json')),
    'build',
    'prisma_schema_build_bg.wasm',
  );
  const module = new Wasm.Module(readFileSync(file));
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const text = (ptr: number, len: number): string =>
    decoder.decode(new Uint8Array(instance.memory.buffer, ptr >>> 0, len));
  let panicMessage = '';

  const byPrefix: [string, (...args: number[]) => unknown][] = [
    ['__wbg_Error_', (ptr, len) => new Error(text(ptr, len))],
    ['__wbg___wbindgen_throw_', (ptr, len) => { throw new Error(text(ptr, len)); }], // prettier-ignore
    ['__wbg_set_message_', (ptr, len) => void (panicMessage = text(ptr, len))],
    [
      '__wbindgen_init_externref_table',
      () => {
        const table = instance.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset + 0, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      },
    ],
  ];
  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  for (const { module: mod, name } of Wasm.Module.imports(module)) {
    const found = byPrefix.find(([prefix]) => name.startsWith(prefix));
    if (!found)
      throw new Error(
        `prisma-schema-wasm import ${mod}.${name} is unknown to this loader (Prisma upgraded?)`,
      );
    (imports[mod] ??= {})[name] = found[1];
  }
  const instance = new Wasm.Instance(module, imports).exports as unknown as SchemaWasm;
  instance.__wbindgen_start();
  return { wasm: instance, panicMessage: () => panicMessage };
}

function getDmmfJson(params: string): string {
  loaded ??= instantiate();
  const { wasm } = loaded;
  const bytes = new TextEncoder().encode(params);
  const ptr = wasm.__wbindgen_malloc(bytes.length, 1) >>> 0;
  new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
  let result: [number, number, number, number];
  try {
    result = wasm.get_dmmf(ptr, bytes.length);
  } catch (err) {
    throw new Error(`prisma-schema-wasm panicked: ${loaded.panicMessage() || (err as Error).message}`, {
      cause: err,
    });
  }
  const [outPtr, outLen, errIndex, failed] = result;
  if (failed) {
    const error = wasm.__wbindgen_externrefs.get(errIndex) as unknown;
    wasm.__externref_table_dealloc(errIndex);
    throw error instanceof Error ? error : new Error(String(error));
  }
  try {
    return new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, outPtr >>> 0, outLen));
  } finally {
    wasm.__wbindgen_free(outPtr, outLen, 1);
  }
}

/** The DMMF datamodel of a schema file, exactly as `prisma generate` sees it. */
export function readDatamodel(schemaPath: string): DmmfDatamodel {
  const params = JSON.stringify({
    prismaSchema: [[schemaPath, readFileSync(schemaPath, 'utf8')]],
    noColor: true,
  });
  const dmmf = JSON.parse(getDmmfJson(params)) as { datamodel: DmmfDatamodel };
  return dmmf.datamodel;
}
