import type { Schema, Type } from '@google/genai';

/**
 * The SDK's `Type` values the features use. A name the SDK no longer has drops out of this union, so a
 * feature still using it stops compiling instead of sending Gemini a type it does not know.
 */
type SchemaType = Extract<`${Type}`, 'STRING' | 'INTEGER' | 'NUMBER' | 'BOOLEAN' | 'ARRAY' | 'OBJECT'>;

/**
 * The part of Gemini's response schema (OpenAPI 3.0 subset) the features use, as plain data. Features
 * describe their answers with it instead of the SDK's `Type` enum, so that loading a feature does not load
 * the SDK: the client imports it on its first call, and an instance that never calls Gemini never pays for
 * it (about 5 MB of resident memory).
 */
export interface ResponseSchema {
  type: SchemaType;
  description?: string;
  enum?: string[];
  items?: ResponseSchema;
  properties?: Record<string, ResponseSchema>;
  required?: string[];
  /** The order the model writes the properties in. */
  propertyOrdering?: string[];
}

/** The SDK's `Type` values are these same strings; only the enum's nominal type differs. */
export function toSdkSchema(schema: ResponseSchema): Schema {
  return schema as Schema;
}
