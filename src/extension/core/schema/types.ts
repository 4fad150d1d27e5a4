/**
 * Schema registry types shared by the client, the codecs and the host. Plain data, no I/O.
 */

/** Schema formats a Confluent-compatible registry stores (Avro is the default when absent). */
export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

/** A reference from one schema to another subject's version (Protobuf imports, Avro named types, JSON $ref). */
export interface SchemaReference {
  /** The import path (Protobuf), full type name (Avro) or $ref URL (JSON Schema). */
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema's text as the registry returns it. */
export interface SchemaText {
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

/** One version of a subject. */
export interface SubjectVersion extends SchemaText {
  readonly subject: string;
  readonly version: number;
  /** The schema id, the one framed records carry. */
  readonly id: number;
}

/** How to authenticate to the registry. Secrets come from SecretStorage and never reach a log line. */
export type RegistryAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

/** Where the registry is and how to reach it. */
export interface RegistryConfig {
  /** Base URL of the Confluent-compatible API, e.g. http://localhost:8081 or .../apis/ccompat/v7. */
  readonly url: string;
  readonly auth?: RegistryAuth;
  /** PEM certificate(s) of a custom CA to trust for https URLs. */
  readonly caPem?: string;
  /** TLS verification; on unless the user turns it off for this connection. */
  readonly rejectUnauthorized?: boolean;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
}

/** The result of a compatibility check against a subject's versions. */
export interface CompatibilityReport {
  readonly compatible: boolean;
  /** The registry's reasons when it is not (empty when the registry gives none). */
  readonly messages: readonly string[];
}
