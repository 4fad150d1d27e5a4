/**
 * Turns a registry schema (text + references) into a codec, fetching referenced subjects' versions
 * (and theirs) from the registry first.
 */
import { avroCodec } from './avroCodec.js';
import type { SchemaCodec } from './codec.js';
import { jsonSchemaCodec } from './jsonSchemaCodec.js';
import { protobufCodec } from './protobufCodec.js';
import type { SchemaReference, SchemaText } from './types.js';

/** Fetches one referenced subject version. */
export type ReferenceLoader = (ref: SchemaReference) => Promise<SchemaText>;

/** The most references followed for one schema, so a cycle or a huge graph cannot run away. */
const MAX_REFERENCES = 200;

/** Resolves every reference (depth-first, dependencies before dependents) and compiles the schema. */
export async function compileSchema(schema: SchemaText, loadReference: ReferenceLoader): Promise<SchemaCodec> {
  const ordered: { name: string; text: SchemaText }[] = [];
  const seen = new Set<string>();
  const visit = async (refs: readonly SchemaReference[]): Promise<void> => {
    for (const ref of refs) {
      const key = `${ref.subject}@${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > MAX_REFERENCES) throw new Error(`the schema has more than ${MAX_REFERENCES} references`);
      const text = await loadReference(ref);
      await visit(text.references);
      ordered.push({ name: ref.name, text });
    }
  };
  await visit(schema.references);
  return compileWithTexts(schema, ordered);
}

/** Compiles a schema whose references are already known (a local file and its imports, or a test). */
export function compileWithTexts(schema: SchemaText, references: readonly { name: string; text: SchemaText }[] = []): SchemaCodec {
  switch (schema.schemaType) {
    case 'AVRO':
      return avroCodec(schema.schema, references.map((r) => r.text.schema));
    case 'PROTOBUF':
      return protobufCodec(schema.schema, new Map(references.map((r) => [r.name, r.text.schema])));
    case 'JSON':
      return jsonSchemaCodec(schema.schema, new Map(references.map((r) => [r.name, r.text.schema])));
  }
}
