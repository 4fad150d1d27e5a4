/**
 * Turns whatever kafkajs (or node's net/tls layer under it) throws into a BrokerError: a code the UI
 * picks actions from, and one sentence saying what failed, why, and what to do. The raw error chain
 * goes to `detail` for the BrokerLens log.
 */
import { tlsProblemOf } from '../../rules/tlsErrors.js';
import { kafkaErrorNamesOf } from '../../rules/kafkaErrors.js';
import { BrokerError, type BrokerErrorCode, describeCause, isBrokerError } from '../../model/errors.js';

/** What the failing call was doing, so the sentence can name it. */
export interface KafkaErrorContext {
  /** A noun phrase: 'Connecting to Kafka', 'Browsing topic "orders"'. */
  readonly action: string;
  /** Bootstrap brokers, for "could not reach ..." sentences. */
  readonly brokers?: readonly string[];
  readonly topic?: string;
  readonly groupId?: string;
  readonly sasl?: { readonly mechanism: string; readonly username: string };
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
}

/** The facts of one error in a chain, as kafkajs and node expose them. */
interface Link {
  readonly name: string;
  readonly message: string;
  /** kafkajs protocol error type, e.g. UNKNOWN_TOPIC_OR_PARTITION. */
  readonly type?: string;
  /** node errno / TLS code, e.g. ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN. */
  readonly code?: string;
  readonly topic?: string;
}

const NET_UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const NET_RESET = new Set(['ECONNRESET', 'EPIPE', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO']);

// Which names belong to which kind is the shared table's (core/rules/kafkaErrors.ts); the sentences are this file's.
const ACCESS_TYPES = kafkaErrorNamesOf('accessRefused');
const INVALID_TYPES = kafkaErrorNamesOf('invalidInput');
const TRANSIENT_TYPES = kafkaErrorNamesOf('unreachable');
const GROUP_ACTIVE_TYPES = kafkaErrorNamesOf('groupActive');

/** Walks an error and what it wraps: `cause`, `originalError`, and the first of an aggregate's `errors`. */
function chain(error: unknown): Link[] {
  const links: Link[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && links.length < 8) {
    seen.add(current);
    if (!(current instanceof Error) && typeof current !== 'object') {
      links.push({ name: 'Error', message: String(current) });
      break;
    }
    const e = current as Error & { type?: unknown; code?: unknown; topic?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
    links.push({
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : '',
      type: typeof e.type === 'string' ? e.type : undefined,
      code: typeof e.code === 'string' ? e.code : undefined,
      topic: typeof e.topic === 'string' ? e.topic : undefined,
    });
    const inner = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors[0] : undefined;
    current = e.cause ?? e.originalError ?? inner;
  }
  return links;
}

/** The full chain as text, for the log. */
function detailOf(error: unknown, links: readonly Link[]): string {
  const head = links.map((l) => [l.name, l.type, l.code].filter(Boolean).join(' ') + `: ${l.message}`).join('\n  caused by ');
  const base = describeCause(error);
  return base.includes(head) ? base : `${head}\n${base}`;
}

function where(ctx: KafkaErrorContext): string {
  return ctx.brokers && ctx.brokers.length > 0 ? ctx.brokers.join(', ') : 'the configured brokers';
}

function topicName(ctx: KafkaErrorContext, links: readonly Link[]): string | undefined {
  return ctx.topic ?? links.find((l) => l.topic)?.topic;
}

/** The code and sentence for one recognised failure, or undefined to keep looking. */
function classify(links: readonly Link[], ctx: KafkaErrorContext): { code: BrokerErrorCode; why: string; todo: string } | undefined {
  const has = (pred: (l: Link) => boolean): Link | undefined => links.find(pred);
  const at = where(ctx);

  if (has((l) => l.name === 'AbortError' || l.code === 'ABORT_ERR')) {
    return { code: 'cancelled', why: 'it was cancelled', todo: 'Run it again when you are ready.' };
  }

  const tls = has((l) => tlsProblemOf(l.code) !== undefined);
  if (tls?.code) {
    const problem = tlsProblemOf(tls.code);
    if (problem === 'expired') {
      return { code: 'tlsUntrusted', why: `the TLS certificate of ${at} is expired or not yet valid (${tls.code})`, todo: 'Renew the broker certificate or check the clock of this machine.' };
    }
    if (problem === 'hostname') {
      return { code: 'tlsUntrusted', why: `the TLS certificate of ${at} is not issued for that host name (${tls.code})`, todo: 'Set "servername" in the connection TLS settings to the name in the certificate.' };
    }
    return {
      code: 'tlsUntrusted',
      why: `the TLS certificate of ${at} is not signed by a trusted authority (${tls.code})`,
      todo: 'Set "caFile" in the connection TLS settings to the PEM file of the CA that signed it.',
    };
  }

  const sasl = has((l) => l.name === 'KafkaJSSASLAuthenticationError' || l.type === 'SASL_AUTHENTICATION_FAILED' || l.type === 'ILLEGAL_SASL_STATE');
  if (sasl) {
    const who = ctx.sasl ? ` for user "${ctx.sasl.username}" (${ctx.sasl.mechanism.toUpperCase()})` : '';
    return { code: 'authFailed', why: `the broker rejected the credentials${who}`, todo: 'Check the user name, password and SASL mechanism of the connection.' };
  }
  if (has((l) => l.type === 'UNSUPPORTED_SASL_MECHANISM')) {
    return { code: 'authFailed', why: `${at} does not accept the SASL mechanism ${ctx.sasl?.mechanism.toUpperCase() ?? ''}`.trimEnd(), todo: 'Pick a mechanism the listener enables (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512).' };
  }

  const protocol = has((l) => l.type !== undefined);
  const type = protocol?.type;
  if (type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'UNKNOWN_TOPIC_ID') {
    const topic = topicName(ctx, links);
    return {
      code: 'notFound',
      why: topic ? `topic "${topic}" (or the requested partition) does not exist` : 'the topic or partition does not exist',
      todo: 'Refresh the explorer, or create the topic first (this cluster may not auto-create topics).',
    };
  }
  if (type === 'GROUP_ID_NOT_FOUND') {
    return { code: 'notFound', why: `consumer group "${ctx.groupId ?? ''}" does not exist`, todo: 'Refresh the consumer groups list.' };
  }
  if (type !== undefined && ACCESS_TYPES.has(type)) {
    const what = type === 'TOPIC_AUTHORIZATION_FAILED'
      ? `topic "${topicName(ctx, links) ?? ''}"`
      : type === 'GROUP_AUTHORIZATION_FAILED'
        ? `consumer group "${ctx.groupId ?? ''}"`
        : 'this cluster operation';
    const who = ctx.sasl ? `user "${ctx.sasl.username}"` : 'this connection';
    return { code: 'accessRefused', why: `the broker's ACLs do not allow ${who} to use ${what} (${type})`, todo: 'Ask the cluster administrator for the ACL, or connect as another user.' };
  }
  if (type === 'TOPIC_ALREADY_EXISTS') {
    return { code: 'alreadyExists', why: `topic "${topicName(ctx, links) ?? ''}" already exists`, todo: 'Pick another name, or use the existing topic.' };
  }
  if (type === 'REQUEST_TIMED_OUT') {
    return { code: 'timeout', why: 'the broker did not finish the request in time (REQUEST_TIMED_OUT)', todo: 'Retry; if it keeps happening, check the broker load and raise the request timeout.' };
  }
  if (type !== undefined && GROUP_ACTIVE_TYPES.has(type)) {
    return { code: 'groupActive', why: `consumer group "${ctx.groupId ?? ''}" has active members or is rebalancing (${type})`, todo: 'Stop every consumer of the group, then try again.' };
  }
  if (type !== undefined && INVALID_TYPES.has(type)) {
    return { code: 'invalidInput', why: `the broker refused the request as invalid: ${protocol?.message ?? type} (${type})`, todo: 'Correct the values and try again.' };
  }
  if (type === 'TOPIC_DELETION_DISABLED') {
    return { code: 'preconditionFailed', why: 'topic deletion is disabled on this cluster (delete.topic.enable=false)', todo: 'Ask the cluster administrator to enable it.' };
  }
  if (type === 'NOT_ENOUGH_REPLICAS' || type === 'NOT_ENOUGH_REPLICAS_AFTER_APPEND') {
    return { code: 'preconditionFailed', why: `too few in-sync replicas to accept the write (${type})`, todo: 'Retry with acks "leader", or wait until the replicas are back.' };
  }
  if (type === 'OFFSET_OUT_OF_RANGE') {
    return { code: 'preconditionFailed', why: 'the requested offset is outside the partition (retention may have removed it)', todo: 'Refresh and start from the earliest or latest offset.' };
  }
  if (type === 'UNSUPPORTED_VERSION' || type === 'UNSUPPORTED_FOR_MESSAGE_FORMAT') {
    return { code: 'unsupported', why: `the broker does not support this request version (${type})`, todo: 'Use a Kafka broker of version 2.3 or newer.' };
  }
  if (type !== undefined && TRANSIENT_TYPES.has(type)) {
    return { code: 'unreachable', why: `the cluster is changing leaders or still starting (${type})`, todo: 'Wait a moment and retry.' };
  }

  if (has((l) => l.name === 'KafkaJSServerDoesNotSupportApiKey' || l.name === 'KafkaJSNotImplemented')) {
    return { code: 'unsupported', why: 'the broker or client does not support this operation', todo: 'Use a newer Kafka broker.' };
  }

  const net = has((l) => l.code !== undefined && NET_UNREACHABLE.has(l.code));
  if (net?.code) {
    const why = net.code === 'ECONNREFUSED'
      ? `nothing is listening at ${at} (ECONNREFUSED)`
      : net.code === 'ENOTFOUND' || net.code === 'EAI_AGAIN'
        ? `the host name of ${at} could not be resolved (${net.code})`
        : `${at} cannot be reached from this machine (${net.code})`;
    return { code: 'unreachable', why, todo: 'Check that Kafka is running and that the bootstrap address and port are right.' };
  }
  if (has((l) => l.name === 'KafkaJSRequestTimeoutError' || l.name === 'KafkaJSLockTimeout' || l.name === 'KafkaJSTimeout')) {
    const ms = ctx.requestTimeoutMs ? ` within ${ctx.requestTimeoutMs} ms` : ' in time';
    return { code: 'timeout', why: `${at} accepted the connection but did not answer${ms}`, todo: 'Check that the address is a Kafka listener and that the broker is healthy, or raise the request timeout.' };
  }
  if (has((l) => l.message === 'Broker not connected')) {
    // kafkajs's sign that the handshake (ApiVersions) timed out and was never completed.
    const ms = ctx.requestTimeoutMs ? ` within ${ctx.requestTimeoutMs} ms` : '';
    return { code: 'timeout', why: `${at} accepted the connection but did not answer the Kafka handshake${ms}`, todo: 'Check that the address is a Kafka listener with the right security protocol, or raise the request timeout.' };
  }
  if (has((l) => /connection timeout/i.test(l.message) || l.code === 'ETIMEDOUT')) {
    const ms = ctx.connectionTimeoutMs ? ` within ${ctx.connectionTimeoutMs} ms` : '';
    return { code: 'unreachable', why: `no connection to ${at} could be opened${ms}`, todo: 'Check the address, the port and any firewall between here and the broker.' };
  }
  const reset = has((l) => (l.code !== undefined && NET_RESET.has(l.code)) || l.name === 'KafkaJSConnectionClosedError');
  if (reset) {
    return {
      code: 'disconnected',
      why: `${at} closed the connection (${reset.code ?? 'connection closed'})`,
      todo: 'Check that the connection\'s TLS and SASL settings match the listener (PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL).',
    };
  }
  if (has((l) => l.name === 'KafkaJSGroupCoordinatorNotFound')) {
    return { code: 'unreachable', why: `no broker would coordinate consumer group "${ctx.groupId ?? ''}"`, todo: 'Check that this user may describe the group, or retry once the cluster has started.' };
  }
  if (has((l) => l.name === 'KafkaJSBrokerNotFound' || l.name === 'KafkaJSNoBrokerAvailableError' || l.name === 'KafkaJSConnectionError')) {
    return { code: 'unreachable', why: `no broker of ${at} could be reached`, todo: 'Check that Kafka is running and that the bootstrap address is right.' };
  }
  // kafkajs clears its cached metadata when a refresh times out and then reads it without a check:
  // a TypeError on null metadata means the brokers accepted the connection but did not answer.
  if (has((l) => l.name === 'TypeError' && /of null \(reading '(topicMetadata|clusterId|brokers|controllerId)'\)/.test(l.message ?? ''))) {
    const ms = ctx.requestTimeoutMs ? ` within ${ctx.requestTimeoutMs} ms` : ' in time';
    return { code: 'timeout', why: `${at} did not answer the metadata request${ms}`, todo: 'Check that the brokers are healthy (not overloaded or paused), then retry.' };
  }
  if (has((l) => l.name === 'KafkaJSMetadataNotLoaded' || l.name === 'KafkaJSTopicMetadataNotLoaded')) {
    return { code: 'disconnected', why: 'the client has no cluster metadata yet', todo: 'Reconnect and retry.' };
  }
  return undefined;
}

/**
 * Maps any thrown value to a BrokerError with a one-sentence message. A BrokerError passes through
 * unchanged, so layers can map early and rethrow freely.
 */
export function toBrokerError(error: unknown, ctx: KafkaErrorContext): BrokerError {
  if (isBrokerError(error)) return error;
  const links = chain(error);
  const detail = detailOf(error, links);
  const hit = classify(links, ctx);
  if (hit) return new BrokerError(hit.code, `${ctx.action} failed: ${hit.why}. ${hit.todo}`, { detail, cause: error });
  const last = links[links.length - 1];
  const why = last?.message ? last.message.replace(/[.\s]+$/, '') : 'an unexpected error occurred';
  return new BrokerError('unknown', `${ctx.action} failed: ${why}. See the BrokerLens log for the details.`, { detail, cause: error });
}
