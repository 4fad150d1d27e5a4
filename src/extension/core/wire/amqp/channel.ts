/**
 * One AMQP channel of a wire connection: its methods become calls on the shared RabbitBroker (the
 * same engine the explorer and the simulator panel show), and the engine's deliveries, returns,
 * confirms and server-side cancels become frames.
 *
 * Ordering, as RabbitMQ orders it:
 * - a reply (consume-ok, qos-ok, recover-ok, ...) goes out before any delivery the same method
 *   caused, so deliveries to this channel are held while one of its methods runs;
 * - basic.return goes out before the confirm of the same publish; consecutive acks are sent as one
 *   `multiple` ack when the connection has read everything the client sent so far (RabbitMQ
 *   coalesces confirms too), and a nack first flushes the acks before it.
 */
import type { RabbitBroker } from '../../simulator/rabbitmq/broker.js';
import type { Delivery } from '../../simulator/rabbitmq/types.js';
import { BASIC_CLASS, Method, bodyFrame, encodeHeaderFrame, encodeMethod, rawHeaderFrame, decodeProperties, FRAME_OVERHEAD } from './codec.js';
import type { MethodArgs } from './codec.js';
import { toEngineProperties, toWireProperties } from './properties.js';
import { Reply, WireError, commandInvalid, notImplemented, unexpectedFrame } from './replyCodes.js';

/** What a channel needs from its connection. */
export interface ChannelHost {
  readonly broker: RabbitBroker;
  /** The engine connection this wire connection opened. */
  readonly engineConnection: number;
  readonly frameMax: number;
  /** The authenticated user (checked against the user-id property, as RabbitMQ does). */
  readonly user: string;
  readonly maxMessageBytes: number;
  /** The client said it handles server-sent basic.cancel (capability consumer_cancel_notify). */
  readonly cancelNotify: boolean;
  write(frame: Buffer): void;
  /** Traffic counters for the explorer. */
  countPublished(): void;
  countDelivered(): void;
  /** Asks for flushConfirms() once the received bytes are processed. */
  confirmsPending(channel: AmqpChannel): void;
}

interface PendingContent {
  /** RabbitMQ reads a content-bearing method's content before it looks at the method: the error to raise then, if any. */
  readonly refuse?: WireError;
  readonly exchange: string;
  readonly routingKey: string;
  readonly mandatory: boolean;
  size: number;
  received: number;
  readonly chunks: Buffer[];
  encoded: Buffer | undefined;
  decoded: MethodArgs | undefined;
}

/** Channel life: open, or closing (we sent channel.close and wait for close-ok, discarding the rest). */
export type ChannelPhase = 'open' | 'closing';

/** A wire channel over one engine channel. */
export class AmqpChannel {
  phase: ChannelPhase = 'open';
  /** Set between basic.publish and the last body frame. */
  content: PendingContent | undefined;
  private readonly engineChannel: number;
  private lastQueue: string | undefined;
  private hold = 0;
  private held: Buffer[] = [];
  private confirming = false;
  /** Set after tx.select: publishes and acknowledgements wait here for tx.commit. */
  private tx: (() => void)[] | undefined;
  private ackedUpTo = 0;
  private sentUpTo = 0;

  constructor(readonly number: number, private readonly host: ChannelHost) {
    this.engineChannel = host.broker.openChannel(host.engineConnection);
  }

  /** Releases the engine channel (its unacked messages are requeued, its consumers cancelled). */
  dispose(): void {
    this.held = [];
    this.content = undefined;
    this.host.broker.closeChannel(this.engineChannel);
  }

  /** A channel error: the engine channel closes, held frames are dropped, channel.close goes out. */
  fail(error: WireError, causeMethod: number): void {
    this.dispose();
    this.phase = 'closing';
    this.host.write(encodeMethod(Method.ChannelClose, this.number, {
      replyCode: error.code, replyText: error.replyText, classId: causeMethod >>> 16, methodId: causeMethod & 0xffff,
    }));
  }

  /** Handles one method frame addressed to this open channel. */
  onMethod(id: number, args: MethodArgs): void {
    if (this.content) throw unexpectedFrame(`expected content header for class ${BASIC_CLASS}, got non content header frame instead`);
    this.holding(() => this.dispatch(id, args));
  }

  /**
   * Runs `op` with this channel's deliveries held, then sends them after whatever `op` replied. When
   * `op` throws, the held frames are dropped: the channel or connection is closing.
   */
  private holding(op: () => void): void {
    this.hold++;
    let ok = false;
    try {
      op();
      ok = true;
    } finally {
      this.hold--;
      if (!ok) this.held = [];
      else if (this.hold === 0 && this.held.length > 0) this.releaseHeld();
    }
  }

  /** A content header frame: properties and body size of the message being published. */
  onHeader(payload: Buffer): void {
    const c = this.content;
    if (!c || c.encoded) throw unexpectedFrame('expected method frame, got non method frame instead');
    if (payload.length < 14) throw new WireError(Reply.FRAME_ERROR, 'content header frame too short', 'connection');
    const classId = payload.readUInt16BE(0);
    if (classId !== BASIC_CLASS) throw unexpectedFrame(`expected content header for class ${BASIC_CLASS}, got one for class ${classId} instead`);
    const size = payload.readBigUInt64BE(4);
    const encoded = Buffer.from(payload.subarray(12));
    c.decoded = decodeProperties(encoded);
    c.encoded = encoded;
    if (size > BigInt(this.host.maxMessageBytes)) {
      this.content = undefined;
      throw new WireError(Reply.PRECONDITION_FAILED, `message size ${size} is larger than configured max size ${this.host.maxMessageBytes}`);
    }
    c.size = Number(size);
    if (c.size === 0) this.completePublish();
  }

  /** A body frame of the message being published. */
  onBody(payload: Buffer): void {
    const c = this.content;
    if (!c || !c.encoded) throw unexpectedFrame('expected method frame, got non method frame instead');
    c.received += payload.length;
    if (c.received > c.size) throw unexpectedFrame(`content body larger than the ${c.size} bytes its header announced`);
    c.chunks.push(payload);
    if (c.received === c.size) this.completePublish();
  }

  /** Sends the acks collected since the last flush as one frame (multiple when more than one). */
  flushConfirms(): void {
    if (this.ackedUpTo <= this.sentUpTo || this.phase !== 'open') return;
    const multiple = this.ackedUpTo - this.sentUpTo > 1;
    this.sentUpTo = this.ackedUpTo;
    this.host.write(encodeMethod(Method.BasicAck, this.number, { deliveryTag: this.ackedUpTo, multiple }));
  }

  // ---- methods --------------------------------------------------------------------------------

  private dispatch(id: number, a: MethodArgs): void {
    const broker = this.host.broker;
    const channel = this.engineChannel;
    const n = this.number;
    const reply = (method: number, fields: MethodArgs = {}): void => {
      if (!a['nowait']) this.host.write(encodeMethod(method, n, fields));
    };
    switch (id) {
      case Method.BasicPublish:
      case Method.BasicDeliver:
      case Method.BasicReturn:
      case Method.BasicGetOk: {
        const refuse = id !== Method.BasicPublish ? commandInvalid('unimplemented method') : a['immediate'] ? notImplemented('immediate=true') : undefined;
        this.content = {
          refuse,
          exchange: a['exchange'] as string, routingKey: a['routingKey'] as string, mandatory: Boolean(a['mandatory']),
          size: 0, received: 0, chunks: [], encoded: undefined, decoded: undefined,
        };
        return;
      }
      case Method.BasicAck:
        this.inTx(() => broker.ack(channel, a['deliveryTag'] as number, Boolean(a['multiple'])));
        return;
      case Method.BasicNack:
        this.inTx(() => broker.nack(channel, a['deliveryTag'] as number, Boolean(a['multiple']), Boolean(a['requeue'])));
        return;
      case Method.BasicReject:
        this.inTx(() => broker.reject(channel, a['deliveryTag'] as number, Boolean(a['requeue'])));
        return;
      case Method.BasicGet: {
        const d = broker.get(channel, this.queueName(a['queue'] as string), { noAck: Boolean(a['noAck']) });
        if (!d) {
          this.host.write(encodeMethod(Method.BasicGetEmpty, n, { clusterId: '' }));
          return;
        }
        this.host.write(encodeMethod(Method.BasicGetOk, n, {
          deliveryTag: d.deliveryTag, redelivered: d.redelivered, exchange: d.exchange, routingKey: d.routingKey, messageCount: d.messageCount ?? 0,
        }));
        this.writeContent(d, d.body);
        this.host.countDelivered();
        return;
      }
      case Method.BasicConsume: {
        const queue = this.queueName(a['queue'] as string);
        const tag = broker.consume(channel, queue, (d) => this.deliver(d), {
          consumerTag: a['consumerTag'] as string,
          noAck: Boolean(a['noAck']),
          exclusive: Boolean(a['exclusive']),
          arguments: a['arguments'] as Record<string, unknown>,
          onCancel: (t) => this.serverCancel(t),
        });
        reply(Method.BasicConsumeOk, { consumerTag: tag });
        return;
      }
      case Method.BasicCancel:
        broker.cancel(channel, a['consumerTag'] as string);
        reply(Method.BasicCancelOk, { consumerTag: a['consumerTag'] });
        return;
      case Method.BasicCancelOk:
        return; // the client confirming a cancel the broker sent
      case Method.BasicQos:
        if ((a['prefetchSize'] as number) !== 0) throw notImplemented(`prefetch_size!=0 (${String(a['prefetchSize'])})`);
        broker.qos(channel, a['prefetchCount'] as number, Boolean(a['global']));
        reply(Method.BasicQosOk);
        return;
      case Method.BasicRecover:
      case Method.BasicRecoverAsync:
        if (!a['requeue']) throw notImplemented('requeue=false');
        broker.recover(channel);
        if (id === Method.BasicRecover) reply(Method.BasicRecoverOk);
        return;
      case Method.ConfirmSelect:
        if (this.tx) throw new WireError(Reply.PRECONDITION_FAILED, 'cannot switch from tx to confirm mode');
        broker.confirmSelect(channel);
        this.confirming = true;
        reply(Method.ConfirmSelectOk);
        return;
      case Method.ExchangeDeclare:
        broker.declareExchange(a['exchange'] as string, a['type'] as string, {
          passive: Boolean(a['passive']), durable: Boolean(a['durable']), autoDelete: Boolean(a['autoDelete']), internal: Boolean(a['internal']),
          arguments: a['arguments'] as Record<string, unknown>, channel,
        });
        reply(Method.ExchangeDeclareOk);
        return;
      case Method.ExchangeDelete:
        broker.deleteExchange(a['exchange'] as string, { ifUnused: Boolean(a['ifUnused']), channel });
        reply(Method.ExchangeDeleteOk);
        return;
      case Method.ExchangeBind:
        broker.bindExchange(a['destination'] as string, a['source'] as string, a['routingKey'] as string, a['arguments'] as Record<string, unknown>, { channel });
        reply(Method.ExchangeBindOk);
        return;
      case Method.ExchangeUnbind:
        broker.unbindExchange(a['destination'] as string, a['source'] as string, a['routingKey'] as string, a['arguments'] as Record<string, unknown>, { channel });
        reply(Method.ExchangeUnbindOk);
        return;
      case Method.QueueDeclare: {
        const ok = broker.declareQueue(a['queue'] as string, {
          passive: Boolean(a['passive']), durable: Boolean(a['durable']), exclusive: Boolean(a['exclusive']), autoDelete: Boolean(a['autoDelete']),
          arguments: a['arguments'] as Record<string, unknown>, channel,
        });
        this.lastQueue = ok.queue;
        reply(Method.QueueDeclareOk, { queue: ok.queue, messageCount: ok.messageCount, consumerCount: ok.consumerCount });
        return;
      }
      case Method.QueueBind: {
        const queue = this.queueName(a['queue'] as string);
        const key = (a['routingKey'] as string) === '' && (a['queue'] as string) === '' ? queue : (a['routingKey'] as string);
        broker.bind(queue, a['exchange'] as string, key, a['arguments'] as Record<string, unknown>, { channel });
        reply(Method.QueueBindOk);
        return;
      }
      case Method.QueueUnbind:
        broker.unbind(this.queueName(a['queue'] as string), a['exchange'] as string, a['routingKey'] as string, a['arguments'] as Record<string, unknown>, { channel });
        this.host.write(encodeMethod(Method.QueueUnbindOk, n, {}));
        return;
      case Method.QueuePurge:
        reply(Method.QueuePurgeOk, { messageCount: broker.purge(this.queueName(a['queue'] as string), { channel }) });
        return;
      case Method.QueueDelete:
        reply(Method.QueueDeleteOk, {
          messageCount: broker.deleteQueue(this.queueName(a['queue'] as string), { ifUnused: Boolean(a['ifUnused']), ifEmpty: Boolean(a['ifEmpty']), channel }),
        });
        return;
      case Method.ChannelFlow:
        if (!a['active']) throw notImplemented('active=false');
        this.host.write(encodeMethod(Method.ChannelFlowOk, n, { active: true }));
        return;
      case Method.AccessRequest:
        this.host.write(encodeMethod(Method.AccessRequestOk, n, { ticket: 1 }));
        return;
      case Method.TxSelect:
        if (this.confirming) throw new WireError(Reply.PRECONDITION_FAILED, 'cannot switch from confirm to tx mode');
        this.tx ??= [];
        this.host.write(encodeMethod(Method.TxSelectOk, n, {}));
        return;
      case Method.TxCommit: {
        // Publishes and acknowledgements of the transaction happen now, in the order they were sent.
        const work = this.takeTx();
        for (const op of work) op();
        this.host.write(encodeMethod(Method.TxCommitOk, n, {}));
        return;
      }
      case Method.TxRollback:
        this.takeTx();
        this.host.write(encodeMethod(Method.TxRollbackOk, n, {}));
        return;
      default:
        // Known methods a client must not send (basic.deliver, queue.declare-ok, ...), as RabbitMQ answers them.
        throw commandInvalid('unimplemented method');
    }
  }

  /** Runs `op` now, or at tx.commit on a transactional channel. */
  private inTx(op: () => void): void {
    if (this.tx) this.tx.push(op);
    else op();
  }

  private takeTx(): (() => void)[] {
    if (!this.tx) throw new WireError(Reply.PRECONDITION_FAILED, 'channel is not transactional');
    const work = this.tx;
    this.tx = [];
    return work;
  }

  /** The AMQP rule that an empty queue name means the queue last declared on the channel. */
  private queueName(name: string): string {
    if (name !== '') return name;
    if (this.lastQueue === undefined) throw new WireError(Reply.NOT_FOUND, 'no previously declared queue');
    return this.lastQueue;
  }

  private completePublish(): void {
    const c = this.content!;
    this.content = undefined;
    if (c.refuse) throw c.refuse;
    const body = c.chunks.length === 1 ? Buffer.from(c.chunks[0]!) : Buffer.concat(c.chunks, c.size);
    const { properties, headers } = toEngineProperties(c.decoded!);
    if (properties.userId !== undefined && properties.userId !== this.host.user) {
      throw new WireError(Reply.PRECONDITION_FAILED, `user_id property set to '${properties.userId}' but authenticated user was '${this.host.user}'`);
    }
    this.inTx(() => this.holding(() => {
      const r = this.host.broker.publish(this.engineChannel, c.exchange, c.routingKey, body, { properties, headers, mandatory: c.mandatory, encoded: c.encoded });
      this.host.countPublished();
      if (r.returned) {
        this.host.write(encodeMethod(Method.BasicReturn, this.number, {
          replyCode: r.returned.replyCode, replyText: r.returned.replyText, exchange: c.exchange, routingKey: c.routingKey,
        }));
        this.writeContent({ properties, headers, encoded: c.encoded, verbatim: true }, body);
      }
      if (this.confirming && r.sequence !== undefined) this.confirm(r.sequence, r.confirm === 'ack');
    }));
  }

  private confirm(sequence: number, ack: boolean): void {
    if (ack && sequence === this.ackedUpTo + 1) {
      this.ackedUpTo = sequence;
      this.host.confirmsPending(this);
      return;
    }
    this.flushConfirms();
    this.host.write(encodeMethod(ack ? Method.BasicAck : Method.BasicNack, this.number, ack ? { deliveryTag: sequence, multiple: false } : { deliveryTag: sequence, multiple: false, requeue: false }));
    this.ackedUpTo = this.sentUpTo = sequence;
  }

  // ---- deliveries -----------------------------------------------------------------------------

  private deliver(d: Delivery): void {
    if (this.phase !== 'open') return;
    const frame = encodeMethod(Method.BasicDeliver, this.number, {
      consumerTag: d.consumerTag, deliveryTag: d.deliveryTag, redelivered: d.redelivered, exchange: d.exchange, routingKey: d.routingKey,
    });
    if (this.hold > 0) {
      this.held.push(frame);
      this.writeContent(d, d.body, this.held);
    } else {
      this.host.write(frame);
      this.writeContent(d, d.body);
    }
    this.host.countDelivered();
  }

  private serverCancel(tag: string): void {
    if (this.phase !== 'open' || !this.host.cancelNotify) return;
    const frame = encodeMethod(Method.BasicCancel, this.number, { consumerTag: tag, nowait: true });
    if (this.hold > 0) this.held.push(frame);
    else this.host.write(frame);
  }

  private releaseHeld(): void {
    const frames = this.held;
    this.held = [];
    if (this.phase !== 'open') return;
    for (const f of frames) this.host.write(f);
  }

  /** Content header and body frames; the publisher's property bytes when the message is unchanged. */
  private writeContent(d: Pick<Delivery, 'properties' | 'headers' | 'encoded' | 'verbatim'>, body: Uint8Array, into?: Buffer[]): void {
    const out = into ?? undefined;
    const emit = (f: Buffer): void => {
      if (out) out.push(f);
      else this.host.write(f);
    };
    emit(d.encoded && d.verbatim ? rawHeaderFrame(this.number, body.length, d.encoded) : encodeHeaderFrame(this.number, body.length, toWireProperties(d)));
    const max = this.host.frameMax - FRAME_OVERHEAD;
    for (let start = 0; start < body.length; start += max) emit(bodyFrame(this.number, body, start, Math.min(body.length, start + max)));
  }
}
