/**
 * Producers: each definition sends `count` messages evenly spaced at `ratePerSec` from `startAtMs`;
 * a burst event adds another stream of the same producer (same target, keys, template, and a
 * sequence that continues). Message i of a stream is sent at start + floor(i * 1000 / rate), and
 * every message due in the same millisecond is sent by one scheduler entry.
 */
import type { ResolvedProducer } from '../scenario/defaults.js';
import type { RecordedWorkloadMessage } from '../scenario/types.js';
import { fromBase64 } from './base64.js';
import type { RunContext } from './context.js';
import type { ModelDriver } from './driver.js';
import { KeyChooser, Template } from './payload.js';
import type { SchedulerTask } from './scheduler.js';

const encoder = new TextEncoder();

/** A producer definition's shared state: message sequence, key choice, templates. */
export class ProducerState {
  seq = 0;
  private readonly keys: KeyChooser;
  private readonly body: Template;
  private readonly routingKey: Template;
  private readonly constantBody: Uint8Array | undefined;

  constructor(readonly def: ResolvedProducer, private readonly ctx: RunContext, private readonly driver: ModelDriver) {
    this.keys = new KeyChooser(def.keys, ctx.keyRandom);
    this.body = new Template(def.payload);
    this.routingKey = new Template(def.routingKey);
    this.constantBody = this.body.constant ? encoder.encode(def.payload) : undefined;
  }

  /** Sends the next message. */
  send(): void {
    const ctx = this.ctx;
    const now = ctx.clock.now();
    const seq = ++this.seq;
    const k = this.keys.next();
    const key = this.keys.name(k);
    const keyIndex = ctx.keys.keyIndex(this.def.index, key);
    const id = ctx.messages.add(now, keyIndex, ctx.keys.nextSeq(keyIndex));
    const body = this.constantBody ?? encoder.encode(this.body.render(seq, key, this.def.id, now));
    const routingKey = this.routingKey.constant ? this.def.routingKey : this.routingKey.render(seq, key, this.def.id, now);
    ctx.metrics.onPublished();
    this.driver.publish(this.def, id, key, routingKey, body);
  }

  /** Sends one message with a given body and key (an external command). */
  sendRaw(body: Uint8Array, key: string): void {
    const ctx = this.ctx;
    const now = ctx.clock.now();
    this.seq++;
    const keyIndex = ctx.keys.keyIndex(this.def.index, key);
    const id = ctx.messages.add(now, keyIndex, ctx.keys.nextSeq(keyIndex));
    const routingKey = this.routingKey.render(this.seq, key, this.def.id, now);
    ctx.metrics.onPublished();
    this.driver.publish(this.def, id, key, routingKey, body);
  }
}

/** One stream of messages of a producer (its main run, or a burst). */
export class ProducerStream implements SchedulerTask {
  private sent = 0;

  constructor(private readonly state: ProducerState, private readonly ctx: RunContext, readonly startMs: number, readonly count: number, readonly ratePerSec: number) {}

  /** Schedules the first message. */
  begin(): void {
    if (this.count > 0) this.ctx.scheduler.schedule(this.startMs, this);
  }

  /** True when every message has been sent. */
  get done(): boolean {
    return this.sent >= this.count;
  }

  run(): void {
    const now = this.ctx.clock.now();
    while (this.sent < this.count && this.timeOf(this.sent) <= now) {
      this.state.send();
      this.sent++;
    }
    if (this.sent < this.count) this.ctx.scheduler.schedule(this.timeOf(this.sent), this);
  }

  private timeOf(i: number): number {
    return this.startMs + Math.floor((i * 1000) / this.ratePerSec);
  }
}

/**
 * A producer that sends a loaded recording: message i at start + atMs_i / speed, keys and values as
 * recorded, at most `count` of them. Every message due in the same millisecond goes in one entry.
 */
export class RecordedStream implements SchedulerTask {
  private sent = 0;
  private readonly count: number;

  constructor(private readonly state: ProducerState, private readonly ctx: RunContext, readonly startMs: number,
    private readonly messages: readonly RecordedWorkloadMessage[], count: number, private readonly speed: number) {
    this.count = Math.min(count, messages.length);
  }

  begin(): void {
    if (this.count > 0) this.ctx.scheduler.schedule(this.timeOf(0), this);
  }

  run(): void {
    const now = this.ctx.clock.now();
    while (this.sent < this.count && this.timeOf(this.sent) <= now) {
      const m = this.messages[this.sent]!;
      this.state.sendRaw(fromBase64(m.value) ?? new Uint8Array(0), m.key);
      this.sent++;
    }
    if (this.sent < this.count) this.ctx.scheduler.schedule(this.timeOf(this.sent), this);
  }

  private timeOf(i: number): number {
    return this.startMs + Math.floor(this.messages[i]!.atMs / this.speed);
  }
}
