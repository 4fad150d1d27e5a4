/**
 * Queue arguments (x-*) as RabbitMQ 3.10 validates and compares them. Texts of the 406 errors are
 * RabbitMQ's, checked against 3.10.8 (e.g. "invalid arg 'x-message-ttl' for queue 'q' in vhost '/':
 * {value_negative,-1}").
 */
import { AmqpError, ReplyCode, inequivalentArg, resourceName } from './amqpError.js';
import { amqpTypeName, argsEqual, printValue } from './amqpValues.js';
import type { OverflowMode, QueueType } from './types.js';

/** Parsed, validated queue configuration. Absent limits are undefined. */
export interface QueueConfig {
  readonly type: QueueType;
  readonly messageTtl?: number;
  readonly expires?: number;
  readonly maxLength?: number;
  readonly maxLengthBytes?: number;
  readonly overflow: OverflowMode;
  readonly deadLetterExchange?: string;
  readonly deadLetterRoutingKey?: string;
  /** Classic only: number of priority levels minus one. */
  readonly maxPriority?: number;
  /** Quorum only. */
  readonly deliveryLimit?: number;
  readonly singleActiveConsumer: boolean;
  /** Streams: retention by age in ms. */
  readonly maxAgeMs?: number;
  /** Streams: segment size; retention drops whole segments. RabbitMQ's default is 500,000,000 bytes. */
  readonly segmentBytes: number;
}

/** Arguments compared on redeclare (rabbit_amqqueue:declare_args/0 in 3.10); others are not compared. */
const COMPARED_ARGS = [
  'x-expires', 'x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-length',
  'x-max-length-bytes', 'x-max-in-memory-length', 'x-max-in-memory-bytes', 'x-max-priority', 'x-overflow',
  'x-queue-mode', 'x-single-active-consumer', 'x-queue-type', 'x-quorum-initial-group-size', 'x-delivery-limit',
  'x-max-age', 'x-stream-max-segment-size-bytes', 'x-initial-cluster-size', 'x-queue-master-locator', 'x-queue-version',
];

/** Arguments a queue type refuses (3.10.8: quorum refuses x-max-priority; streams refuse these). */
const REFUSED: Readonly<Record<QueueType, readonly string[]>> = {
  classic: ['x-delivery-limit', 'x-max-age', 'x-stream-max-segment-size-bytes'],
  quorum: ['x-max-priority', 'x-queue-mode', 'x-queue-version', 'x-max-age', 'x-stream-max-segment-size-bytes'],
  stream: [
    'x-max-length', 'x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-priority',
    'x-overflow', 'x-delivery-limit', 'x-expires', 'x-single-active-consumer', 'x-queue-mode',
  ],
};

const TYPE_MODULE: Readonly<Record<QueueType, string>> = {
  classic: 'rabbit_classic_queue',
  quorum: 'rabbit_quorum_queue',
  stream: 'rabbit_stream_queue',
};

function invalidArg(queue: string, arg: string, why: string): AmqpError {
  return new AmqpError(ReplyCode.PRECONDITION_FAILED, `invalid arg '${arg}' for ${resourceName('queue', queue)}: ${why}`);
}

function integerArg(queue: string, args: Readonly<Record<string, unknown>>, key: string, min: 0 | 1, max?: number): number | undefined {
  if (!(key in args) || args[key] === undefined) return undefined;
  const v = args[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidArg(queue, key, `"expected integer, got ${amqpTypeName(v)}"`);
  if (v < 0) throw invalidArg(queue, key, `{value_negative,${v}}`);
  if (min === 1 && v === 0) throw invalidArg(queue, key, '{value_zero,0}');
  if (max !== undefined && v > max) throw invalidArg(queue, key, `{max_value_exceeded,${v}}`);
  return v;
}

function stringArg(queue: string, args: Readonly<Record<string, unknown>>, key: string): string | undefined {
  if (!(key in args) || args[key] === undefined) return undefined;
  const v = args[key];
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  throw invalidArg(queue, key, `{unacceptable_type,${amqpTypeName(v)}}`);
}

/** Parses '7D', '12h', '30m', '10s', '1Y', '2M' (stream x-max-age) into ms. */
export function parseMaxAge(value: string): number | undefined {
  const m = /^(\d+)(Y|M|D|h|m|s)$/.exec(value);
  if (!m) return undefined;
  const unit = { Y: 365 * 86_400_000, M: 30 * 86_400_000, D: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'Y'];
  return Number(m[1]) * unit;
}

/** Validates queue arguments and properties for a new queue; throws 406 AmqpErrors like RabbitMQ. */
export function parseQueueConfig(
  queue: string,
  args: Readonly<Record<string, unknown>>,
  props: { readonly durable: boolean; readonly exclusive: boolean; readonly autoDelete: boolean },
): QueueConfig {
  const rawType = args['x-queue-type'];
  let type: QueueType = 'classic';
  if (rawType !== undefined) {
    const t = typeof rawType === 'string' ? rawType : printValue(rawType);
    if (t !== 'classic' && t !== 'quorum' && t !== 'stream') throw invalidArg(queue, 'x-queue-type', `"unsupported queue type '${t}'"`);
    type = t;
  }
  if (type !== 'classic') {
    // RabbitMQ checks properties before arguments (3.10.8: "invalid property 'non-durable' ...").
    const bad = !props.durable ? 'non-durable' : props.exclusive ? 'exclusive-owner' : props.autoDelete ? 'auto-delete' : undefined;
    if (bad) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `invalid property '${bad}' for ${resourceName('queue', queue)}`);
    for (const key of REFUSED[type]) {
      if (key in args && args[key] !== undefined) {
        throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `invalid arg '${key}' for ${resourceName('queue', queue)} of queue type ${TYPE_MODULE[type]}`);
      }
    }
  }
  const overflowRaw = stringArg(queue, args, 'x-overflow');
  if (overflowRaw !== undefined && overflowRaw !== 'drop-head' && overflowRaw !== 'reject-publish' && overflowRaw !== 'reject-publish-dlx') {
    throw invalidArg(queue, 'x-overflow', 'invalid_overflow');
  }
  const dlx = stringArg(queue, args, 'x-dead-letter-exchange');
  const dlrk = stringArg(queue, args, 'x-dead-letter-routing-key');
  if (dlrk !== undefined && dlx === undefined) throw invalidArg(queue, 'x-dead-letter-routing-key', 'routing_key_but_no_dlx_defined');
  const maxAgeRaw = stringArg(queue, args, 'x-max-age');
  const maxAgeMs = maxAgeRaw === undefined ? undefined : parseMaxAge(maxAgeRaw);
  if (maxAgeRaw !== undefined && maxAgeMs === undefined) throw invalidArg(queue, 'x-max-age', `{invalid_max_age,${maxAgeRaw}}`);
  const sac = args['x-single-active-consumer'];
  // RabbitMQ 3.10 quorum queues accept reject-publish-dlx but act as drop-head (observed on 3.10.8).
  let overflow: OverflowMode = (overflowRaw as OverflowMode | undefined) ?? 'drop-head';
  if (type === 'quorum' && overflow === 'reject-publish-dlx') overflow = 'drop-head';
  return {
    type,
    messageTtl: integerArg(queue, args, 'x-message-ttl', 0),
    expires: integerArg(queue, args, 'x-expires', 1),
    maxLength: integerArg(queue, args, 'x-max-length', 0),
    maxLengthBytes: integerArg(queue, args, 'x-max-length-bytes', 0),
    overflow,
    deadLetterExchange: dlx,
    deadLetterRoutingKey: dlrk,
    maxPriority: type === 'classic' ? integerArg(queue, args, 'x-max-priority', 0, 255) : undefined,
    deliveryLimit: type === 'quorum' ? integerArg(queue, args, 'x-delivery-limit', 0) : undefined,
    singleActiveConsumer: sac === true,
    maxAgeMs,
    segmentBytes: integerArg(queue, args, 'x-stream-max-segment-size-bytes', 1) ?? 500_000_000,
  };
}

/** Throws RabbitMQ's 406/405 when a redeclaration differs from the existing queue. */
export function assertQueueEquivalent(
  queue: string,
  existing: { readonly durable: boolean; readonly exclusive: boolean; readonly autoDelete: boolean; readonly args: Readonly<Record<string, unknown>> },
  requested: { readonly durable: boolean; readonly autoDelete: boolean; readonly args: Readonly<Record<string, unknown>> },
): void {
  if (existing.durable !== requested.durable) {
    throw inequivalentArg('queue', queue, 'durable', `'${requested.durable}'`, `'${existing.durable}'`);
  }
  if (existing.autoDelete !== requested.autoDelete) {
    throw inequivalentArg('queue', queue, 'auto_delete', `'${requested.autoDelete}'`, `'${existing.autoDelete}'`);
  }
  for (const key of COMPARED_ARGS) {
    const a = existing.args[key];
    const b = requested.args[key];
    if (a === undefined && b === undefined) continue;
    if (a !== undefined && b !== undefined && argsEqual({ v: a }, { v: b })) continue;
    const show = (v: unknown): string => (v === undefined ? 'none' : `the value '${printValue(v)}' of type '${amqpTypeName(v)}'`);
    if (a !== undefined && b !== undefined) throw inequivalentArg('queue', queue, key, `'${printValue(b)}'`, `'${printValue(a)}'`);
    throw inequivalentArg('queue', queue, key, show(b), show(a));
  }
}
