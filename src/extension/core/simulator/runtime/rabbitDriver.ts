/**
 * Runs a scenario on the RabbitMQ model (RabbitBroker). Producers publish on one publisher channel;
 * each consumer instance has its own connection. The engine's events go into the run's stream,
 * renamed by runtime message id, and drive the per-subscription flags that decide what was lost.
 *
 * Runtime ids: every published message carries its runtime id in the `x-sim-id` header, which
 * survives requeues and dead-lettering, so a delivery names its message. Engine events carry engine
 * ids instead (dead-lettering makes a new one), so the listener maps each new engine id to the
 * runtime id of the message in hand: the one being published, or the one whose event came just
 * before (the engine dead-letters a message in one synchronous sequence of events).
 *
 * Lost, on RabbitMQ: a message that reached a consumed queue (or was refused by it) and has left it
 * without being handled, and is not in a dead-letter queue and not held by a consumer process:
 * acked before handling then crashed, auto-acked then crashed, expired or dropped without a
 * dead-letter exchange, dropped at a restart because it was transient, refused by a full queue.
 * Plus every published message that no queue accepted (unroutable).
 */
import type { RabbitBroker } from '../rabbitmq/broker.js';
import { RabbitBroker as Broker } from '../rabbitmq/broker.js';
import type { RabbitEvent } from '../rabbitmq/events.js';
import type { ResolvedConsumer, ResolvedProducer } from '../scenario/defaults.js';
import type { Scenario, ScenarioQueue } from '../scenario/types.js';
import type { ConsumerInstance } from './consumerInstance.js';
import type { RunContext } from './context.js';
import type { Backlog, DriverTotals, ModelDriver } from './driver.js';
import { GrowableInt32 } from './growable.js';
import { SIM_ID_HEADER } from './messages.js';
import { RabbitInstance } from './rabbitInstance.js';
import { Flag, type Subscription } from './subscription.js';
import { queueArguments } from './topologyArgs.js';

/** The RabbitMQ side of a run. */
export class RabbitDriver implements ModelDriver {
  readonly model = 'rabbitmq' as const;
  readonly broker: RabbitBroker;
  private readonly engineIds = new GrowableInt32(4096);
  private publishing = 0;
  private publishEngineId = -1;
  private context = 0;
  private pendingDeadLetter: Subscription | undefined;
  /** Subscriptions by queue: one per queue, except a stream, which each consumer definition reads on its own. */
  private readonly byQueue = new Map<string, Subscription[]>();
  private readonly queues = new Map<string, ScenarioQueue>();
  private readonly declared = new Set<string>();
  private publisher = -1;
  private unroutable = 0;
  private deadLettered = 0;
  private expired = 0;
  private dropped = 0;

  constructor(private readonly ctx: RunContext, private readonly scenario: Scenario) {
    this.broker = new Broker({ clock: ctx.clock, listener: (e) => this.onEvent(e) });
    for (const q of scenario.topology.rabbitmq.queues) this.queues.set(q.name, q);
  }

  setup(): void {
    const topo = this.scenario.topology.rabbitmq;
    for (const x of topo.exchanges) this.broker.declareExchange(x.name, x.type, { durable: x.durable ?? true });
    for (const q of topo.queues) if ((q.declare ?? 'atStart') === 'atStart') this.declareQueue(q.name);
    this.publisher = this.broker.openChannel();
  }

  /** Declares a queue and its bindings once (later calls re-declare only after a restart). */
  private declareQueue(name: string): void {
    const q = this.queues.get(name);
    if (!q) return;
    this.broker.declareQueue(name, { durable: q.durable ?? true, arguments: queueArguments(q) });
    for (const b of this.scenario.topology.rabbitmq.bindings) {
      if (b.queue === name) this.broker.bind(name, b.exchange, b.routingKey ?? '');
    }
    this.declared.add(name);
  }

  ensureQueue(name: string): void {
    if (!this.declared.has(name)) this.declareQueue(name);
  }

  isStream(queue: string): boolean {
    return this.queues.get(queue)?.type === 'stream';
  }

  publish(producer: ResolvedProducer, id: number, _key: string, routingKey: string, body: Uint8Array): void {
    const headers = { ...producer.headers, [SIM_ID_HEADER]: id };
    if (this.publisher < 0 || !this.broker.isChannelOpen(this.publisher)) this.publisher = this.broker.openChannel();
    this.publishing = id;
    this.context = id;
    try {
      this.broker.publish(this.publisher, producer.exchange, routingKey, body, {
        headers,
        properties: producer.persistent ? PERSISTENT : TRANSIENT,
      });
    } catch (err) {
      // A refused publish (an exchange gone) closes the channel; the message reached nothing.
      this.unroutable++;
      this.ctx.emit('unroutable', id, producer.exchange, -1, -1, 0, producer.id, (err as Error).message);
    }
  }

  subscriptionFor(def: ResolvedConsumer): Subscription {
    // Competing consumers of a queue are one subscriber; readers of a stream each keep their own offset.
    const stream = this.isStream(def.queue);
    const key = stream ? `stream\u0000${def.queue}\u0000${def.id}` : `queue\u0000${def.queue}`;
    const sub = this.ctx.subscription(key, stream ? `${def.queue} (${def.id})` : def.queue);
    const list = this.byQueue.get(def.queue) ?? [];
    if (!list.includes(sub)) list.push(sub);
    this.byQueue.set(def.queue, list);
    if (!sub.consumers.includes(def.id)) sub.consumers.push(def.id);
    return sub;
  }

  createInstance(def: ResolvedConsumer, index: number): RabbitInstance {
    return new RabbitInstance(this.ctx, def, index, this.subscriptionFor(def), this);
  }

  /** Restart: connections drop, then the apps reconnect and re-declare their topology, as they do. */
  brokerRestart(instances: readonly ConsumerInstance[]): void {
    this.ctx.emit('broker-restarted', -1, '', -1, -1, 0, '', '');
    this.broker.restart();
    for (const x of this.scenario.topology.rabbitmq.exchanges) this.broker.declareExchange(x.name, x.type, { durable: x.durable ?? true });
    for (const name of [...this.declared]) this.declareQueue(name);
    this.publisher = this.broker.openChannel();
    for (const inst of instances) inst.connectionLost();
  }

  skipTime(targetMs: number): void {
    this.ctx.clock.advanceTo(targetMs);
    // Message TTLs and queue expiry fire in time order, stamped with when they would have fired.
    this.broker.tick();
  }

  backlog(): Backlog {
    let depth = 0;
    for (const name of this.byQueue.keys()) {
      const q = this.broker.inspect.queue(name);
      if (q && q.type !== 'stream') depth += q.messages + q.unacked;
    }
    return { queueDepth: depth, consumerLag: 0 };
  }

  /**
   * Ready + unacked of consumed queue `queue`, or of every consumed queue, read without running due
   * timers: a watcher's read (a breakpoint, the diagram) must not change the run.
   */
  depthNow(queue?: string): number {
    let depth = 0;
    for (const name of this.byQueue.keys()) {
      if (queue !== undefined && name !== queue) continue;
      const q = this.broker.inspect.peekQueue(name);
      if (q && q.type !== 'stream') depth += q.messages + q.unacked;
    }
    return depth;
  }

  totals(): DriverTotals {
    let left = 0;
    for (const q of this.broker.inspect.listQueues()) left += q.messages + q.unacked;
    return { unroutable: this.unroutable, deadLettered: this.deadLettered, expired: this.expired, dropped: this.dropped, leftAfterConsumption: left };
  }

  lostFor(sub: Subscription): number {
    const n = this.ctx.messages.count;
    let lost = 0;
    const gone = Flag.DONE | Flag.HELD | Flag.DEAD_LETTERED;
    for (let id = 1; id <= n; id++) {
      const f = sub.flags.get(id);
      if ((f & Flag.OWED) !== 0 && (f & gone) === 0 && !sub.isInClient(id)) lost++;
    }
    return lost;
  }

  /** Messages no queue accepted count as lost once, on top of the per-queue losses. */
  lostUnrouted(): number {
    return this.unroutable;
  }

  quiescent(): boolean {
    return true;
  }

  /** Updates one subscriber's flags for an engine event about its queue. */
  private track(e: RabbitEvent, id: number, sub: Subscription): void {
    switch (e.type) {
      case 'enqueued':
        sub.flags.add(id, Flag.OWED | Flag.HELD);
        break;
      case 'acked':
      case 'expired':
        sub.flags.remove(id, Flag.HELD);
        break;
      case 'dead-lettered':
        sub.flags.remove(id, Flag.HELD);
        sub.flags.add(id, Flag.DEAD_LETTERED);
        this.pendingDeadLetter = sub;
        break;
      case 'dropped':
        // A refused publish never entered the queue but was owed to it; a cycle drop never entered.
        if (e.detail === 'reject-publish') sub.flags.add(id, Flag.OWED);
        else if (e.detail !== 'cycle') sub.flags.remove(id, Flag.HELD);
        break;
      default:
        break;
    }
  }

  private onEvent(e: RabbitEvent): void {
    let id = this.engineIds.get(e.messageId);
    if (id === 0) {
      id = e.type === 'published' ? this.publishing : this.context;
      this.engineIds.set(e.messageId, id);
    }
    this.context = id;
    const subs = e.queue === undefined ? undefined : this.byQueue.get(e.queue);
    if (subs) for (const sub of subs) this.track(e, id, sub);
    else if (e.type === 'dead-lettered') this.pendingDeadLetter = undefined;
    switch (e.type) {
      case 'published':
        this.publishEngineId = e.messageId;
        break;
      case 'unroutable':
        if (e.messageId === this.publishEngineId) this.unroutable++;
        else this.pendingDeadLetter?.flags.remove(id, Flag.DEAD_LETTERED);
        break;
      case 'expired':
        this.expired++;
        break;
      case 'dead-lettered':
        this.deadLettered++;
        break;
      case 'dropped':
        this.dropped++;
        break;
      default:
        break;
    }
    const target = e.queue ?? e.exchange ?? '';
    const offset = e.type === 'enqueued' && typeof e.detail === 'number' ? e.detail : -1;
    const count = e.type === 'routed' && typeof e.detail === 'number' ? e.detail : 0;
    const detail = typeof e.detail === 'string' ? e.detail : e.routingKey ?? '';
    this.ctx.emit(e.type, id, target, -1, offset, count, e.consumerTag ?? '', detail);
  }
}

const PERSISTENT = Object.freeze({ deliveryMode: 2 as const });
const TRANSIENT = Object.freeze({ deliveryMode: 1 as const });
