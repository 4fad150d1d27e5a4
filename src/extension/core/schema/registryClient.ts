/**
 * A small client for the Confluent Schema Registry REST API (also served by Apicurio Registry under
 * /apis/ccompat/v7, Redpanda and Karapace). Node's http/https directly, so a custom CA, a bearer token
 * and a bounded timeout are plain options, and every failure becomes one BrokerError sentence with the
 * raw detail kept for the log. No retries: a wrong URL or password should be said at once.
 */
import { tlsProblemOf } from '../rules/tlsErrors.js';
import * as http from 'node:http';
import * as https from 'node:https';
import * as l10n from '@vscode/l10n';
import { BrokerError, describeCause } from '../model/errors.js';
import type {
  CompatibilityReport,
  RegistryConfig,
  SchemaReference,
  SchemaText,
  SchemaType,
  SubjectVersion,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Answers larger than this are refused (a registry page of subjects is far smaller). */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** Registry error codes (Confluent's `error_code`) that the client turns into their own sentences. */
const SUBJECT_NOT_FOUND = 40401;
const VERSION_NOT_FOUND = 40402;
const SCHEMA_NOT_FOUND = 40403;

/** The REST client. One per connection; cheap to create. */
export class SchemaRegistryClient {
  private readonly base: URL;
  private readonly agent: http.Agent | https.Agent;

  constructor(readonly config: RegistryConfig) {
    let base: URL;
    try {
      base = new URL(config.url);
    } catch (cause) {
      throw new BrokerError('invalidInput', l10n.t('The schema registry URL "{0}" is not a valid URL. Enter one like http://localhost:8081.', config.url), { cause });
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new BrokerError('invalidInput', l10n.t('The schema registry URL "{0}" must start with http:// or https://.', config.url));
    }
    if (base.username || base.password) {
      throw new BrokerError('invalidInput', l10n.t('The schema registry URL must not contain a user name or password; enter them as the registry credentials instead.'));
    }
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.agent = base.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, ca: config.caPem || undefined, rejectUnauthorized: config.rejectUnauthorized !== false })
      : new http.Agent({ keepAlive: true });
  }

  /** The registry's URL as the user entered it (no credentials: they are never in the URL). */
  get url(): string {
    return this.config.url;
  }

  /** Closes kept-alive sockets. */
  dispose(): void {
    this.agent.destroy();
  }

  /** GET /subjects */
  async listSubjects(): Promise<string[]> {
    const body = await this.request('GET', 'subjects', undefined, { action: l10n.t('Listing schema registry subjects') });
    return stringArray(body);
  }

  /** GET /subjects/{subject}/versions */
  async listVersions(subject: string): Promise<number[]> {
    const body = await this.request('GET', `subjects/${enc(subject)}/versions`, undefined, { action: l10n.t('Listing the versions of subject "{0}"', subject), subject });
    return Array.isArray(body) ? body.filter((v): v is number => typeof v === 'number') : [];
  }

  /** GET /subjects/{subject}/versions/{version} ('latest' allowed). */
  async getVersion(subject: string, version: number | 'latest'): Promise<SubjectVersion> {
    const body = await this.request('GET', `subjects/${enc(subject)}/versions/${version}`, undefined, { action: l10n.t('Reading version {0} of subject "{1}"', String(version), subject), subject });
    const o = asObject(body);
    return {
      subject: typeof o.subject === 'string' ? o.subject : subject,
      version: typeof o.version === 'number' ? o.version : Number(version),
      id: typeof o.id === 'number' ? o.id : 0,
      ...schemaText(o),
    };
  }

  /** GET /schemas/ids/{id} */
  async getSchemaById(id: number): Promise<SchemaText> {
    const body = await this.request('GET', `schemas/ids/${id}`, undefined, { action: l10n.t('Fetching schema id {0}', String(id)), schemaId: id });
    return schemaText(asObject(body));
  }

  /** GET /schemas/ids/{id}/versions: the subjects and versions that use a schema id (undefined when the registry does not say). */
  async subjectsOfId(id: number): Promise<{ subject: string; version: number }[] | undefined> {
    try {
      const body = await this.request('GET', `schemas/ids/${id}/versions`, undefined, { action: l10n.t('Fetching schema id {0}', String(id)), schemaId: id });
      if (!Array.isArray(body)) return undefined;
      return body.flatMap((e: unknown) => {
        const o = asObject(e);
        return typeof o.subject === 'string' && typeof o.version === 'number' ? [{ subject: o.subject, version: o.version }] : [];
      });
    } catch {
      // Older registries lack this endpoint; the subject is a nicety, the decode does not need it.
      return undefined;
    }
  }

  /**
   * The subject's compatibility level, or the registry's global one when the subject has none set.
   */
  async getCompatibility(subject?: string): Promise<string> {
    if (subject !== undefined) {
      try {
        const body = asObject(await this.request('GET', `config/${enc(subject)}`, undefined, { action: l10n.t('Reading the compatibility of subject "{0}"', subject), subject }));
        const level = body.compatibilityLevel ?? body.compatibility;
        if (typeof level === 'string') return level;
      } catch (error) {
        if (!(error instanceof BrokerError) || error.code !== 'notFound') throw error;
      }
    }
    const global = asObject(await this.request('GET', 'config', undefined, { action: l10n.t('Reading the registry compatibility level') }));
    const level = global.compatibilityLevel ?? global.compatibility;
    return typeof level === 'string' ? level : 'BACKWARD';
  }

  /** POST /compatibility/subjects/{subject}/versions/latest. A subject with no versions is compatible. */
  async checkCompatibility(subject: string, schema: SchemaText): Promise<CompatibilityReport> {
    let body: unknown;
    try {
      body = await this.request('POST', `compatibility/subjects/${enc(subject)}/versions/latest?verbose=true`, registerBody(schema), { action: l10n.t('Checking compatibility with subject "{0}"', subject), subject });
    } catch (error) {
      if (error instanceof BrokerError && error.code === 'notFound') return { compatible: true, messages: [] };
      throw error;
    }
    const o = asObject(body);
    // Confluent says why in `messages` (verbose=true); Apicurio 2.x in one `reason` string.
    const messages = stringArray(o.messages);
    if (messages.length === 0 && typeof o.reason === 'string') messages.push(o.reason);
    return { compatible: o.is_compatible === true, messages };
  }

  /** POST /subjects/{subject}/versions: registers (or finds) the schema and returns its id. */
  async register(subject: string, schema: SchemaText): Promise<number> {
    const body = asObject(await this.request('POST', `subjects/${enc(subject)}/versions`, registerBody(schema), { action: l10n.t('Registering a schema under subject "{0}"', subject), subject }));
    if (typeof body.id !== 'number') {
      throw new BrokerError('unknown', l10n.t('The schema registry accepted the schema for subject "{0}" but returned no id.', subject), { detail: JSON.stringify(body) });
    }
    return body.id;
  }

  private async request(method: 'GET' | 'POST', path: string, payload: unknown, context: RequestContext): Promise<unknown> {
    const url = new URL(path, this.base);
    const answer = await this.send(method, url, payload, context);
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.body === undefined) {
        throw new BrokerError('unreachable', l10n.t('{0} failed: the server at {1} did not answer as a schema registry (no JSON). Check the registry URL; Apicurio Registry serves this API under /apis/ccompat/v7.', context.action, this.url), { detail: answer.text.slice(0, 500) });
      }
      return answer.body;
    }
    throw this.httpError(answer, context);
  }

  private httpError(answer: HttpAnswer, context: RequestContext): BrokerError {
    const o = asObject(answer.body);
    // Registry error codes are five digits (40401 ...); a bare 404 in error_code is a web server's own
    // "no such path" (Apicurio's RESTEasy answers so), which means the URL does not point at the API.
    const code = typeof o.error_code === 'number' && o.error_code >= 10000 ? o.error_code : undefined;
    const reason = typeof o.message === 'string' ? o.message : answer.text.slice(0, 200);
    const detail = `HTTP ${answer.status} error_code=${code ?? '-'} ${reason}`;
    if (answer.status === 401) {
      return new BrokerError('authFailed', l10n.t('{0} failed: the schema registry at {1} refused the credentials (HTTP 401). Check the registry user name and password or token.', context.action, this.url), { detail });
    }
    if (answer.status === 403) {
      return new BrokerError('accessRefused', l10n.t('{0} failed: the schema registry at {1} denied access (HTTP 403). Ask for read access to the registry.', context.action, this.url), { detail });
    }
    if (code === SCHEMA_NOT_FOUND || (answer.status === 404 && context.schemaId !== undefined && code !== undefined)) {
      return new BrokerError('notFound', l10n.t('Schema id {0} is not in the schema registry at {1}; the record was written with another registry, or the schema was deleted.', String(context.schemaId ?? '?'), this.url), { detail });
    }
    if (code === SUBJECT_NOT_FOUND || code === VERSION_NOT_FOUND) {
      return new BrokerError('notFound', l10n.t('{0} failed: the schema registry has no such subject or version.', context.action), { detail });
    }
    if (answer.status === 404 && code !== undefined) {
      return new BrokerError('notFound', l10n.t('{0} failed: {1}', context.action, reason), { detail });
    }
    if (answer.status === 404) {
      return new BrokerError('unreachable', l10n.t('{0} failed: the server at {1} did not answer as a schema registry (HTTP 404). Check the registry URL; Apicurio Registry serves this API under /apis/ccompat/v7.', context.action, this.url), { detail });
    }
    if (answer.status === 409) {
      return new BrokerError('preconditionFailed', l10n.t('{0} failed: the schema is not compatible with the subject\'s earlier versions ({1}).', context.action, reason), { detail });
    }
    if (answer.status === 422) {
      return new BrokerError('invalidInput', l10n.t('{0} failed: the registry rejected the schema as invalid ({1}).', context.action, reason), { detail });
    }
    return new BrokerError('unknown', l10n.t('{0} failed: the schema registry answered HTTP {1} ({2}).', context.action, String(answer.status), reason), { detail });
  }

  private send(method: string, url: URL, payload: unknown, context: RequestContext): Promise<HttpAnswer> {
    const timeoutMs = this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = { accept: `${CONTENT_TYPE}, application/json` };
    const auth = this.config.auth;
    if (auth?.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    if (auth?.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    const data = payload === undefined ? undefined : Buffer.from(JSON.stringify(payload));
    if (data) {
      headers['content-type'] = CONTENT_TYPE;
      headers['content-length'] = String(data.length);
    }
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = transport.request(url, { method, headers, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
        res.on('error', (error) => reject(this.transportError(error, context, timeoutMs)));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (error) => reject(this.transportError(error, context, timeoutMs)));
      if (data) req.write(data);
      req.end();
    });
  }

  private transportError(error: Error, context: RequestContext, timeoutMs: number): BrokerError {
    const code = (error as { code?: string }).code ?? '';
    const detail = describeCause(error);
    if (code === 'ETIMEDOUT') {
      return new BrokerError('timeout', l10n.t('{0} failed: the schema registry at {1} did not answer within {2} seconds. Check that it is running.', context.action, this.url, String(Math.round(timeoutMs / 1000))), { detail });
    }
    if (tlsProblemOf(code) !== undefined) {
      return new BrokerError('tlsUntrusted', l10n.t('{0} failed: the certificate of the schema registry at {1} is not trusted ({2}). Add its CA certificate to the connection.', context.action, this.url, code), { detail });
    }
    if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(error.message)) {
      return new BrokerError('unreachable', l10n.t('{0} failed: the schema registry at {1} does not speak the protocol of the URL (http or https). Check the URL\'s scheme.', context.action, this.url), { detail });
    }
    return new BrokerError('unreachable', l10n.t('{0} failed: could not reach the schema registry at {1} ({2}). Check the registry URL and that the registry is running.', context.action, this.url, code || error.message), { detail });
  }
}

interface RequestContext {
  readonly action: string;
  readonly subject?: string;
  readonly schemaId?: number;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function schemaText(o: Record<string, unknown>): SchemaText {
  const type = o.schemaType;
  const schemaType: SchemaType = type === 'PROTOBUF' || type === 'JSON' ? type : 'AVRO';
  const references: SchemaReference[] = Array.isArray(o.references)
    ? o.references.flatMap((r: unknown) => {
        const ref = asObject(r);
        return typeof ref.name === 'string' && typeof ref.subject === 'string' && typeof ref.version === 'number'
          ? [{ name: ref.name, subject: ref.subject, version: ref.version }]
          : [];
      })
    : [];
  return { schemaType, schema: typeof o.schema === 'string' ? o.schema : '', references };
}

function registerBody(schema: SchemaText): Record<string, unknown> {
  return {
    schema: schema.schema,
    // Confluent omits schemaType for Avro; sending it is accepted by every registry we know.
    schemaType: schema.schemaType,
    ...(schema.references.length > 0 ? { references: schema.references } : {}),
  };
}
