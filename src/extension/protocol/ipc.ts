/**
 * The typed message protocol between the extension host and every webview panel.
 *
 * Three kinds of message, each a constant with a scoped method name and a params schema:
 * - command: webview → host, fire and forget;
 * - request: webview → host, answered by a reply carrying the same id (a result or an error sentence);
 * - notification: host → webview.
 * Both sides validate every incoming message against its schema before acting on it: a webview is
 * untrusted input as far as the host is concerned.
 */
import * as v from 'valibot';

/** A params or result schema. */
export type Schema<T> = v.GenericSchema<unknown, T>;

/** Webview → host, no reply. */
export interface IpcCommandType<P> {
  readonly kind: 'command';
  readonly method: string;
  readonly params: Schema<P>;
}

/** Webview → host, replied to. */
export interface IpcRequestType<P, R> {
  readonly kind: 'request';
  readonly method: string;
  readonly params: Schema<P>;
  readonly result: Schema<R>;
}

/** Host → webview. */
export interface IpcNotificationType<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly params: Schema<P>;
}

/** Any message type. */
export type IpcMessageType = IpcCommandType<unknown> | IpcRequestType<unknown, unknown> | IpcNotificationType<unknown>;

/** Params of a message type. */
export type ParamsOf<T> = T extends { readonly params: Schema<infer P> } ? P : never;
/** Result of a request type. */
export type ResultOf<T> = T extends IpcRequestType<unknown, infer R> ? R : never;

/** What travels through postMessage. */
export type IpcEnvelope =
  | { readonly kind: 'command' | 'notification'; readonly method: string; readonly params: unknown }
  | { readonly kind: 'request'; readonly id: number; readonly method: string; readonly params: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: string };

/** Declares a command. */
export function command<P>(method: string, params: Schema<P>): IpcCommandType<P> {
  return { kind: 'command', method, params };
}

/** Declares a request. */
export function request<P, R>(method: string, params: Schema<P>, result: Schema<R>): IpcRequestType<P, R> {
  return { kind: 'request', method, params, result };
}

/** Declares a notification. */
export function notification<P>(method: string, params: Schema<P>): IpcNotificationType<P> {
  return { kind: 'notification', method, params };
}

const envelopeSchema = v.variant('kind', [
  v.object({ kind: v.picklist(['command', 'notification']), method: v.pipe(v.string(), v.maxLength(200)), params: v.unknown() }),
  v.object({ kind: v.literal('request'), id: v.pipe(v.number(), v.integer()), method: v.pipe(v.string(), v.maxLength(200)), params: v.unknown() }),
  v.object({ kind: v.literal('reply'), id: v.pipe(v.number(), v.integer()), ok: v.literal(true), result: v.unknown() }),
  v.object({ kind: v.literal('reply'), id: v.pipe(v.number(), v.integer()), ok: v.literal(false), error: v.string() }),
]);

/** Returns the envelope when `raw` has the shape of one, otherwise undefined. */
export function parseEnvelope(raw: unknown): IpcEnvelope | undefined {
  const result = v.safeParse(envelopeSchema, raw);
  return result.success ? (result.output as IpcEnvelope) : undefined;
}

/** Outcome of validating params against a message type. */
export type Validation<P> = { readonly ok: true; readonly value: P } | { readonly ok: false; readonly problems: string };

/** Validates `value` against a schema, describing every problem with its path. */
export function validate<P>(schema: Schema<P>, value: unknown): Validation<P> {
  const result = v.safeParse(schema, value);
  if (result.success) return { ok: true, value: result.output };
  const problems = result.issues
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
  return { ok: false, problems };
}

/** Sent by every webview once its script runs; the host sends its initial state only after it. */
export const ReadyCommand = command('webview/ready', v.object({}));

/** Sent by a webview when something failed on its side, so it reaches the output channel. */
export const WebviewErrorCommand = command(
  'webview/error',
  v.object({ message: v.pipe(v.string(), v.maxLength(10_000)) }),
);
