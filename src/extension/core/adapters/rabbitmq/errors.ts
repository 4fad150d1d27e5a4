/**
 * Every amqplib, socket, TLS and management-HTTP failure becomes a BrokerError: a code the UI acts on
 * and one sentence (what failed, why, what to do). The raw text always goes to `detail` for the log.
 */
import { tlsProblemOf } from '../../rules/tlsErrors.js';
import { redactSecrets } from '../../util/redact.js';
import { BrokerError, describeCause, isBrokerError, type BrokerErrorCode } from '../../model/errors.js';
import { replyError } from '../../rules/amqpReplyCodes.js';

/** What was being done when the error happened; makes the sentence specific. */
export interface ErrorContext {
  /** What failed, as a sentence start: "Connecting to RabbitMQ at 127.0.0.1:5672", "Declaring queue 'orders'". */
  readonly action: string;
  readonly address?: string;
  readonly vhost?: string;
  readonly username?: string;
  /** Set when management says the vhost exists, so a refused vhost open is a permission problem. */
  readonly vhostExists?: boolean;
}

/** A management API answer other than 2xx. */
export class ManagementHttpError extends Error {
  readonly status: number;
  readonly url: string;
  readonly body: string;

  constructor(status: number, url: string, body: string) {
    super(redactSecrets(`HTTP ${status} from ${url}: ${body.slice(0, 500)}`));
    this.name = 'ManagementHttpError';
    this.status = status;
    this.url = redactSecrets(url);
    this.body = body;
  }
}

/** The management API could not be reached at all (connection refused, DNS, timeout, TLS). */
export class ManagementUnreachableError extends Error {
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(redactSecrets(`management API ${url} unreachable: ${cause instanceof Error ? cause.message : String(cause)}`), { cause });
    this.name = 'ManagementUnreachableError';
    this.url = redactSecrets(url);
  }
}

/** The reply text RabbitMQ sent, e.g. "NOT_FOUND - no queue 'q' in vhost '/'", out of amqplib's message. */
export function serverText(message: string): string | undefined {
  const m = /with message "(.*)"\s*$/s.exec(message);
  return m?.[1];
}

function errorCode(error: unknown): string | number | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

function make(code: BrokerErrorCode, sentence: string, cause: unknown): BrokerError {
  return new BrokerError(code, sentence, { cause, detail: describeCause(cause) });
}

function vhostRefused(ctx: ErrorContext, cause: unknown, text: string): BrokerError {
  const vhost = ctx.vhost ?? '/';
  if (/access to vhost/i.test(text) || ctx.vhostExists === true) {
    return make('accessRefused', `${ctx.action} failed: user '${ctx.username ?? '?'}' has no access to vhost '${vhost}'; ask an administrator for permissions on it, or pick another vhost in the URL.`, cause);
  }
  return make(
    'notFound',
    `${ctx.action} failed: vhost '${vhost}' does not exist (or user '${ctx.username ?? '?'}' may not open it); check the vhost in the AMQP URL path.`,
    cause,
  );
}

/** Maps anything thrown by amqplib, the socket, TLS or the management API to a BrokerError. */
export function toBrokerError(error: unknown, ctx: ErrorContext): BrokerError {
  if (isBrokerError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  const where = ctx.address ? ` at ${ctx.address}` : '';

  if (error instanceof ManagementHttpError) return managementHttpError(error, ctx);
  if (error instanceof ManagementUnreachableError) {
    return make('managementUnavailable', `${ctx.action} failed: the management API at ${error.url} is unreachable (${describeNetCause(error.cause)}); check the management URL and that the management plugin is enabled.`, error);
  }
  if ((error as { name?: string } | undefined)?.name === 'AbortError' || code === 'ABORT_ERR') {
    return make('cancelled', `${ctx.action} was cancelled.`, error);
  }

  if (typeof code === 'string' && tlsProblemOf(code) !== undefined) {
    return make(
      'tlsUntrusted',
      `${ctx.action} failed: the broker's TLS certificate is not trusted (${message}); set the CA file of the connection to the CA that signed it, or fix the host name.`,
      error,
    );
  }
  if (code === 'ECONNREFUSED') {
    return make('unreachable', `${ctx.action} failed: nothing accepts connections${where}; check the host and port, and that RabbitMQ is running.`, error);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return make('unreachable', `${ctx.action} failed: the host name${where} could not be resolved; check the host in the URL.`, error);
  }
  if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(message)) {
    return make('timeout', `${ctx.action} failed: no answer${where} in time; check the address, a firewall, or raise the connection timeout.`, error);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /Socket closed abruptly/.test(message)) {
    return make(
      'unreachable',
      `${ctx.action} failed: the connection${where} was closed during the handshake; check that the port speaks ${ctx.address?.endsWith(':5671') ? 'AMQPS' : 'AMQP'} (amqps:// for TLS ports) and that the client certificate is accepted.`,
      error,
    );
  }
  if (typeof code === 'string' && /^ERR_(SSL|TLS)_|^ERR_OSSL/.test(code)) {
    return make('tlsUntrusted', `${ctx.action} failed: the TLS handshake failed (${message}); check the certificate, key and CA files of the connection.`, error);
  }

  // Login: RabbitMQ answers connection.close 403 during the handshake.
  if (/ACCESS_REFUSED - Login was refused|Handshake terminated by server: 403/.test(message)) {
    return make('authFailed', `${ctx.action} failed: RabbitMQ refused the login of user '${ctx.username ?? '?'}'; check the user name and the password.`, error);
  }
  // Vhost: connection.close 530 NOT_ALLOWED, which amqplib 2.x reports only as an unexpected close after open.
  if (/NOT_ALLOWED|vhost .*not found|Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
    return vhostRefused(ctx, error, message);
  }

  const text = serverText(message);
  if (typeof code === 'number' && text !== undefined) {
    const mapped = replyError(code, text, ctx, error);
    if (mapped) return mapped;
  }
  if ((error as { name?: string } | undefined)?.name === 'IllegalOperationError' || /Connection closed|Channel closed|Channel ended/.test(message)) {
    return make('disconnected', `${ctx.action} failed: the connection${where} was closed; BrokerLens reconnects by itself, try again in a moment.`, error);
  }
  if (text !== undefined) {
    return make('unknown', `${ctx.action} failed: RabbitMQ said "${text}"; see the BrokerLens log for details.`, error);
  }
  return make('unknown', `${ctx.action} failed: ${message}; see the BrokerLens log for details.`, error);
}

function describeNetCause(cause: unknown): string {
  const c = cause as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  // AbortSignal.timeout's DOMException (code 23): the API accepted the connection and never answered.
  if (c?.name === 'TimeoutError') return 'no answer in time';
  return c?.cause?.code ?? c?.code ?? c?.cause?.message ?? c?.message ?? 'no answer';
}

function managementHttpError(error: ManagementHttpError, ctx: ErrorContext): BrokerError {
  const reason = managementReason(error.body);
  switch (error.status) {
    case 401:
      return make(
        'authFailed',
        `${ctx.action} failed: the management API refused user '${ctx.username ?? '?'}' (HTTP 401${reason ? `: ${reason}` : ''}); check the password, and that the user has the 'management' tag.`,
        error,
      );
    case 403:
      return make('accessRefused', `${ctx.action} failed: the management API refused it (HTTP 403${reason ? `: ${reason}` : ''}); ask an administrator for the permission.`, error);
    case 404:
      return make('notFound', `${ctx.action} failed: the management API does not know it (HTTP 404${reason ? `: ${reason}` : ''}); check the name or refresh.`, error);
    case 400:
      return make('invalidInput', `${ctx.action} failed: the management API rejected the request (${reason || 'HTTP 400'}); fix the input and try again.`, error);
    default:
      return make('managementUnavailable', `${ctx.action} failed: the management API answered HTTP ${error.status}${reason ? ` (${reason})` : ''}; check the broker's log and try again.`, error);
  }
}

function managementReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { reason?: unknown; error?: unknown };
    if (typeof parsed.reason === 'string') return parsed.reason;
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 200);
}
