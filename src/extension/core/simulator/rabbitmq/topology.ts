/**
 * Declaring and deleting exchanges and queues, and binding them, with RabbitMQ 3.10's checks and
 * reply texts (checked on 3.10.8): reserved 'amq.' names (403), the default exchange (403),
 * missing resources (404), exclusive queues of another connection (405), inequivalent
 * redeclarations and invalid arguments (406). Deletes are idempotent, as in RabbitMQ. Deleting a
 * queue or exchange removes its bindings; an auto-delete exchange goes when its last binding as
 * source goes; an auto-delete queue goes when its last consumer goes (see broker.ts).
 */
import { AmqpError, ReplyCode, inequivalentArg, notFound, resourceLocked, resourceName } from './amqpError.js';
import { argsEqual } from './amqpValues.js';
import { ExchangeState, bindingIdentity } from './exchanges.js';
import type { EngineBinding, RabbitExchangeType } from './exchanges.js';
import { validateHeadersBindingArgs } from './headersMatcher.js';
import { RabbitQueue } from './queue.js';
import { assertQueueEquivalent, parseQueueConfig } from './queueArguments.js';
import { StreamLog } from './streamLog.js';
import type { RabbitEngine } from './engine.js';
import type { ExchangeDeclareOptions, QueueDeclareOptions } from './types.js';

const EXCHANGE_TYPES: readonly string[] = ['direct', 'fanout', 'topic', 'headers'];

/** The pre-declared exchanges of every vhost. */
export const SYSTEM_EXCHANGES: readonly (readonly [string, RabbitExchangeType])[] = [
  ['', 'direct'], ['amq.direct', 'direct'], ['amq.fanout', 'fanout'], ['amq.topic', 'topic'],
  ['amq.headers', 'headers'], ['amq.match', 'headers'],
];

/** Topology operations over the engine's tables. */
export class Topology {
  /** Bindings whose destination is a queue, per queue. */
  readonly queueBindings = new Map<RabbitQueue, Set<EngineBinding>>();
  private generatedNames = 0;

  constructor(private readonly engine: RabbitEngine, private readonly cancelConsumersOf: (q: RabbitQueue) => void) {
    this.declareSystemExchanges();
  }

  declareSystemExchanges(): void {
    for (const [name, type] of SYSTEM_EXCHANGES) {
      if (!this.engine.exchanges.has(name)) this.engine.exchanges.set(name, new ExchangeState(name, type, true, false, false, {}));
    }
  }

  declareExchange(name: string, type: string, options: ExchangeDeclareOptions): void {
    const existing = this.engine.exchanges.get(name);
    if (options.passive) {
      if (!existing) throw notFound('exchange', name);
      return;
    }
    if (name === '') throw new AmqpError(ReplyCode.ACCESS_REFUSED, 'operation not permitted on the default exchange');
    if (!EXCHANGE_TYPES.includes(type)) throw new AmqpError(ReplyCode.COMMAND_INVALID, `unknown exchange type '${type}'`);
    const durable = options.durable ?? true;
    const autoDelete = options.autoDelete ?? false;
    const internal = options.internal ?? false;
    const args = options.arguments ?? {};
    if (existing) {
      const check = (arg: string, received: unknown, current: unknown): void => {
        if (received !== current) throw inequivalentArg('exchange', name, arg, `'${String(received)}'`, `'${String(current)}'`);
      };
      check('type', type, existing.type);
      check('durable', durable, existing.durable);
      check('auto_delete', autoDelete, existing.autoDelete);
      check('internal', internal, existing.internal);
      const ae = args['alternate-exchange'];
      if (!argsEqual({ v: ae }, { v: existing.args['alternate-exchange'] })) {
        throw inequivalentArg('exchange', name, 'alternate-exchange', ae === undefined ? 'none' : `'${String(ae)}'`, existing.alternateExchange === undefined ? 'none' : `'${existing.alternateExchange}'`);
      }
      return;
    }
    if (name.startsWith('amq.')) throw new AmqpError(ReplyCode.ACCESS_REFUSED, `exchange name '${name}' contains reserved prefix 'amq.*'`);
    this.engine.exchanges.set(name, new ExchangeState(name, type as RabbitExchangeType, durable, autoDelete, internal, { ...args }));
  }

  deleteExchange(name: string, ifUnused: boolean): void {
    if (name === '') throw new AmqpError(ReplyCode.ACCESS_REFUSED, 'operation not permitted on the default exchange');
    if (SYSTEM_EXCHANGES.some(([n]) => n === name)) {
      throw new AmqpError(ReplyCode.ACCESS_REFUSED, `deletion of system ${resourceName('exchange', name)} not allowed`);
    }
    const x = this.engine.exchanges.get(name);
    if (!x) return;
    if (ifUnused && x.matcher.bindings.length > 0) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `${resourceName('exchange', name)} in use`);
    this.removeExchange(x);
  }

  /** Removes an exchange with its bindings (as source and as destination). */
  removeExchange(x: ExchangeState): void {
    x.deleted = true;
    this.engine.exchanges.delete(x.name);
    for (const b of [...x.matcher.bindings]) this.removeBinding(b);
    for (const b of [...x.incoming]) this.removeBinding(b);
  }

  /** A server-generated queue name, deterministic per broker. */
  generateQueueName(): string {
    const n = ++this.generatedNames;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let suffix = '';
    for (let v = n * 2654435761, i = 0; i < 22; i++, v = Math.floor(v / 7) + n * 31 + i) suffix += alphabet[v % 64];
    return `amq.gen-${suffix}`;
  }

  declareQueue(rawName: string, options: QueueDeclareOptions, connection: number | undefined): RabbitQueue {
    const name = rawName === '' && !options.passive ? this.generateQueueName() : rawName;
    const existing = this.engine.queues.get(name);
    const exclusive = options.exclusive ?? false;
    if (existing) this.assertAccess(existing, connection);
    if (options.passive) {
      if (!existing) throw notFound('queue', name);
      return existing;
    }
    const durable = options.durable ?? true;
    const autoDelete = options.autoDelete ?? false;
    const args = options.arguments ?? {};
    if (existing) {
      if (exclusive !== (existing.exclusiveOwner !== undefined)) throw resourceLocked(name);
      assertQueueEquivalent(name, { durable: existing.durable, exclusive: existing.exclusiveOwner !== undefined, autoDelete: existing.autoDelete, args: existing.args }, { durable, autoDelete, args });
      existing.lastUsed = this.engine.clock.now();
      return existing;
    }
    if (name.startsWith('amq.') && rawName !== '') throw new AmqpError(ReplyCode.ACCESS_REFUSED, `queue name '${name}' contains reserved prefix 'amq.*'`);
    const config = parseQueueConfig(name, args, { durable, exclusive, autoDelete });
    if (exclusive && connection === undefined) {
      throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `exclusive ${resourceName('queue', name)} needs a channel to own it`);
    }
    const q = new RabbitQueue({ name, durable, autoDelete, exclusiveOwner: exclusive ? connection : undefined, args: { ...args }, config }, this.engine.clock.now());
    if (config.type === 'stream') q.stream = new StreamLog(config.segmentBytes, config.maxLengthBytes, config.maxAgeMs);
    this.engine.queues.set(name, q);
    this.queueBindings.set(q, new Set());
    if (config.messageTtl !== undefined || config.expires !== undefined) this.engine.markTimed(q);
    return q;
  }

  /** 405 when `q` is exclusive to another connection. */
  assertAccess(q: RabbitQueue, connection: number | undefined): void {
    if (q.exclusiveOwner !== undefined && connection !== undefined && q.exclusiveOwner !== connection) throw resourceLocked(q.name);
  }

  /** Removes a queue and its bindings; consumers are cancelled by the broker callback. */
  removeQueue(q: RabbitQueue, reason: string): number {
    const ready = q.readyCount;
    q.deleted = true;
    this.engine.queues.delete(q.name);
    this.engine.timed.delete(q);
    for (const b of [...(this.queueBindings.get(q) ?? [])]) this.removeBinding(b);
    this.queueBindings.delete(q);
    this.cancelConsumersOf(q);
    if (this.engine.listener) {
      for (const e of q.purge()) this.engine.emit('dropped', e.msg.id, q.name, reason);
    }
    return q.stream ? q.stream.length : ready;
  }

  /** queue.bind / exchange.bind. */
  bind(source: string, destination: string, destinationType: 'queue' | 'exchange', routingKey: string, args: Readonly<Record<string, unknown>>, connection: number | undefined): void {
    const { x, dest } = this.resolve(source, destination, destinationType, connection);
    if (x.type === 'headers') {
      const invalid = validateHeadersBindingArgs(args);
      if (invalid) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, invalid);
    }
    const identity = bindingIdentity(destinationType, destination, routingKey, args);
    if (x.find(identity)) return;
    const b: EngineBinding = { source: x, destination: dest, destinationType, routingKey, arguments: { ...args }, identity };
    x.addBinding(b);
    if (dest instanceof ExchangeState) dest.incoming.add(b);
    else this.queueBindings.get(dest)!.add(b);
  }

  /** queue.unbind / exchange.unbind; unbinding what is not bound is not an error. */
  unbind(source: string, destination: string, destinationType: 'queue' | 'exchange', routingKey: string, args: Readonly<Record<string, unknown>>, connection: number | undefined): void {
    const { x } = this.resolve(source, destination, destinationType, connection);
    const b = x.find(bindingIdentity(destinationType, destination, routingKey, args));
    if (b) this.removeBinding(b);
  }

  private resolve(source: string, destination: string, destinationType: 'queue' | 'exchange', connection: number | undefined): { x: ExchangeState; dest: RabbitQueue | ExchangeState } {
    if (source === '' || (destinationType === 'exchange' && destination === '')) {
      throw new AmqpError(ReplyCode.ACCESS_REFUSED, 'operation not permitted on the default exchange');
    }
    const dest = destinationType === 'queue' ? this.engine.queues.get(destination) : this.engine.exchanges.get(destination);
    if (!dest) throw notFound(destinationType, destination);
    const x = this.engine.exchanges.get(source);
    if (!x) throw notFound('exchange', source);
    if (dest instanceof RabbitQueue) this.assertAccess(dest, connection);
    return { x, dest };
  }

  /** Removes a binding; an auto-delete source goes with its last binding (maybe_auto_delete). */
  private removeBinding(b: EngineBinding): void {
    b.source.removeBinding(b);
    if (b.destination instanceof ExchangeState) b.destination.incoming.delete(b);
    else this.queueBindings.get(b.destination)?.delete(b);
    const x = b.source;
    if (x.autoDelete && !x.deleted && x.matcher.bindings.length === 0) this.removeExchange(x);
  }
}
