/**
 * A scenario on a real RabbitMQ (or anything that speaks AMQP 0-9-1, such as the simulator's
 * listener), through amqplib: the scenario's topology declared, its producers publishing with
 * confirms, its consumers as channels with the scenario's prefetch and ack strategy, crashes as a
 * closed channel (the broker requeues what was unacked, as for a dead process). What happened is
 * recorded in an Observation; everything declared is deleted at the end, whatever happened.
 */
import type * as amqp from 'amqplib';
import { SeededRandom } from '../simulator/random.js';
import { queueArguments } from '../simulator/runtime/topologyArgs.js';
import type { ResolvedConsumer } from '../simulator/scenario/defaults.js';
import type { Scenario, ScenarioQueue } from '../simulator/scenario/types.js';
import { MESSAGE_HEADER, type Observation, readMark } from './observation.js';
import { processingTime, type OutgoingRunMessage, type RunClock, type RunDriver } from './realTime.js';

interface Instance {
  readonly def: ResolvedConsumer;
  readonly index: number;
  channel?: amqp.Channel;
  alive: boolean;
}

/** The RabbitMQ driver of one run. Call `setUp`, run the timeline, then `stop` and `cleanUp`. */
export class RabbitRunDriver implements RunDriver {
  private publisher?: amqp.ConfirmChannel;
  private readonly instances: Instance[] = [];
  private readonly declared = new Set<string>();
  private readonly random: SeededRandom;
  private unacked = 0;
  private pendingConfirms: Promise<unknown>[] = [];

  constructor(private readonly connection: amqp.ChannelModel, private readonly scenario: Scenario, readonly observation: Observation, private readonly clock: RunClock) {
    this.random = new SeededRandom((scenario.seed + Math.imul(1, 0x9e3779b9)) >>> 0);
  }

  get inFlight(): number {
    return this.unacked;
  }

  private now(): number {
    return this.clock.now();
  }

  private async channel(): Promise<amqp.Channel> {
    const ch = await this.connection.createChannel();
    ch.on('error', () => undefined);
    return ch;
  }

  /** Declares the exchanges, the queues declared at start and their bindings. */
  async setUp(): Promise<void> {
    const ch = await this.channel();
    try {
      for (const x of this.scenario.topology.rabbitmq.exchanges) {
        if (x.name === '' || x.name.startsWith('amq.')) continue;
        await ch.assertExchange(x.name, x.type, { durable: x.durable ?? true });
      }
      for (const q of this.scenario.topology.rabbitmq.queues) if ((q.declare ?? 'atStart') === 'atStart') await this.declareQueue(ch, q);
    } finally {
      await ch.close().catch(() => undefined);
    }
    this.publisher = await this.connection.createConfirmChannel();
    this.publisher.on('error', () => undefined);
    this.publisher.on('return', () => { this.observation.unroutable++; });
  }

  private async declareQueue(ch: amqp.Channel, q: ScenarioQueue): Promise<void> {
    if (this.declared.has(q.name)) return;
    await ch.assertQueue(q.name, { durable: q.durable ?? true, arguments: queueArguments(q) });
    this.declared.add(q.name);
    for (const b of this.scenario.topology.rabbitmq.bindings) if (b.queue === q.name) await ch.bindQueue(b.queue, b.exchange, b.routingKey ?? '');
  }

  async publish(batch: readonly OutgoingRunMessage[]): Promise<void> {
    const ch = this.publisher!;
    for (const m of batch) {
      this.pendingConfirms.push(new Promise((resolve) => {
        ch.publish(m.producer.exchange, m.routingKey, Buffer.from(m.body), {
          persistent: m.producer.persistent,
          mandatory: true,
          headers: { ...m.producer.headers, [MESSAGE_HEADER]: `${m.mark.id}:${m.mark.keyIndex}:${m.mark.keySeq}` },
        }, (err: unknown) => resolve(err));
      }));
    }
    // Wait for the broker now and then, so a fast producer cannot run ahead of it unbounded.
    if (this.pendingConfirms.length >= 500) await this.flush();
  }

  /** Waits for every outstanding publisher confirm. */
  async flush(): Promise<void> {
    const all = this.pendingConfirms;
    this.pendingConfirms = [];
    await Promise.all(all);
  }

  async startConsumer(def: ResolvedConsumer): Promise<void> {
    const q = this.scenario.topology.rabbitmq.queues.find((x) => x.name === def.queue);
    if (q && !this.declared.has(q.name)) {
      const ch = await this.channel();
      try {
        await this.declareQueue(ch, q);
      } finally {
        await ch.close().catch(() => undefined);
      }
    }
    for (let i = 0; i < def.count; i++) {
      const inst: Instance = { def, index: i, alive: false };
      this.instances.push(inst);
      await this.startInstance(inst);
    }
  }

  private async startInstance(inst: Instance): Promise<void> {
    const def = inst.def;
    const ch = await this.channel();
    inst.channel = ch;
    inst.alive = true;
    const name = `${def.id}#${inst.index}`;
    const noAck = def.rabbitStrategy === 'auto-ack';
    if (!noAck) await ch.prefetch(def.prefetch);
    const stream = this.scenario.topology.rabbitmq.queues.find((x) => x.name === def.queue)?.type === 'stream';
    this.observation.onConsumerStarted(def.startAtMs, def.queue);
    // One message at a time per instance, as one worker thread handles them.
    let chain = Promise.resolve();
    await ch.consume(def.queue, (msg) => {
      if (!msg) return;
      // Unacked from the moment the broker hands it over (prefetched ones wait in the chain).
      if (!noAck) this.unacked++;
      chain = chain.then(() => this.handle(inst, ch, name, msg, noAck));
    }, { noAck, ...(stream ? { arguments: { 'x-stream-offset': def.autoOffsetReset === 'earliest' ? 'first' : 'next' } } : {}) });
  }

  private async handle(inst: Instance, ch: amqp.Channel, name: string, msg: amqp.ConsumeMessage, noAck: boolean): Promise<void> {
    let settled = noAck;
    const def = inst.def;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      this.unacked--;
      if (inst.channel === ch && inst.alive) fn();
    };
    try {
      if (inst.channel !== ch || !inst.alive) return;
      const mark = readMark(msg.properties.headers?.[MESSAGE_HEADER]);
      if (!mark) return;
      this.observation.onDelivery(name, def.queue, mark, msg.fields.redelivered);
      if (def.rabbitStrategy === 'ack-before') settle(() => { ch.ack(msg); this.observation.acked++; });
      this.observation.onBegin(def.queue, mark);
      await new Promise((r) => setTimeout(r, processingTime(def.processingMs, this.random)));
      if (inst.channel !== ch || !inst.alive) return; // crashed while handling: the broker requeues it
      if (def.failureProbability > 0 && this.random.chance(def.failureProbability)) {
        settle(() => ch.nack(msg, false, def.onFailure === 'requeue'));
        return;
      }
      settle(() => { ch.ack(msg); this.observation.acked++; });
      this.observation.onProcessed(name, def.queue, mark);
    } finally {
      if (!settled) {
        settled = true;
        this.unacked--;
      }
    }
  }

  private targets(consumer: string, instance: number | undefined): Instance[] {
    return this.instances.filter((i) => i.def.id === consumer && (instance === undefined || i.index === instance));
  }

  async crash(consumer: string, instance: number | undefined): Promise<void> {
    for (const inst of this.targets(consumer, instance)) {
      if (!inst.alive) continue;
      inst.alive = false;
      this.observation.onCrash(this.now());
      const ch = inst.channel;
      inst.channel = undefined;
      await ch?.close().catch(() => undefined);
    }
  }

  async restart(consumer: string, instance: number | undefined): Promise<void> {
    for (const inst of this.targets(consumer, instance)) if (!inst.alive) await this.startInstance(inst);
  }

  async backlog(): Promise<number | undefined> {
    // Unacked is read before the queues: a message moving from ready to unacked meanwhile is then
    // missed for one sample rather than counted twice (a peak above what was sent).
    let total = this.unacked;
    const ch = await this.channel();
    try {
      for (const q of this.declared) total += (await ch.checkQueue(q)).messageCount;
    } finally {
      await ch.close().catch(() => undefined);
    }
    return total;
  }

  /** Stops every consumer (their unacked messages go back to the queues) and reads what is left. */
  async stop(): Promise<void> {
    await this.flush().catch(() => undefined);
    for (const inst of this.instances) {
      inst.alive = false;
      await inst.channel?.close().catch(() => undefined);
      inst.channel = undefined;
    }
    await this.publisher?.close().catch(() => undefined);
    const left = await this.backlog().catch(() => 0);
    this.observation.leftAtEnd = left ?? 0;
    this.observation.storedAtEnd = this.observation.leftAtEnd + this.observation.acked;
  }

  /** Deletes every queue and exchange of the scenario; returns the names it could not delete. */
  async cleanUp(): Promise<string[]> {
    return deleteRabbitResources(this.connection, this.scenario.topology.rabbitmq.queues.map((q) => q.name), this.scenario.topology.rabbitmq.exchanges.map((x) => x.name));
  }
}

/** Deletes queues and exchanges (missing ones are fine); returns those that failed. */
export async function deleteRabbitResources(connection: amqp.ChannelModel, queues: readonly string[], exchanges: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const [kind, name] of [...queues.map((q) => ['queue', q] as const), ...exchanges.filter((x) => x !== '' && !x.startsWith('amq.')).map((x) => ['exchange', x] as const)]) {
    // A fresh channel per delete: a refused delete closes its channel.
    const ch = await connection.createChannel().catch(() => undefined);
    if (!ch) { failed.push(name); continue; }
    ch.on('error', () => undefined);
    try {
      if (kind === 'queue') await ch.deleteQueue(name);
      else await ch.deleteExchange(name);
    } catch {
      failed.push(name);
    } finally {
      await ch.close().catch(() => undefined);
    }
  }
  return failed;
}
