/**
 * One running consumer process, the part both models share: a local buffer of messages the broker
 * handed over, handled one at a time (processingMs each), each handling succeeding or failing with
 * failureProbability. What happens around a handling (ack before or after, commit, nack, crash) is
 * the model's, in the subclasses.
 *
 * Scheduled entries carry `token * 8 + action`; a crash bumps the token, so the completion of a
 * message that was being handled when the process died never runs.
 */
import type { ResolvedConsumer } from '../scenario/defaults.js';
import type { RunContext } from './context.js';
import type { SchedulerTask } from './scheduler.js';
import type { Subscription } from './subscription.js';

/** Scheduled actions of an instance. */
export const Action = { START: 1, DONE: 2, POLL: 3, RESTART: 4 } as const;

/** A consumer process. */
export abstract class ConsumerInstance implements SchedulerTask {
  /** "<consumer id>#<instance>", as events name it. */
  readonly label: string;
  alive = false;
  protected token = 1;
  private ids: number[] = [];
  private tags: number[] = [];
  private head = 0;
  private currentId = -1;
  private currentTag = 0;

  constructor(protected readonly ctx: RunContext, readonly def: ResolvedConsumer, readonly index: number, readonly sub: Subscription) {
    this.label = `${def.id}#${index}`;
  }

  /** Starts (or restarts) the process. */
  abstract start(): void;
  /** Kills the process without any goodbye to the broker. */
  abstract crash(reason: string): void;
  /** The broker connection dropped under the process (broker restart). */
  abstract connectionLost(): void;
  protected abstract perform(action: number): void;
  /** Called as handling of a message starts. */
  protected abstract beforeHandling(id: number, tag: number): void;
  /** Called after a successful handling. */
  protected abstract afterSuccess(id: number, tag: number): void;
  /** Called after a failed handling; false stops the instance from taking the next message. */
  protected abstract afterFailure(id: number, tag: number): boolean;
  /** Called when the buffer is empty after a handling. */
  protected abstract onIdle(): void;

  run(arg: number): void {
    const action = arg % 8;
    if ((arg - action) / 8 !== this.token) return;
    if (action === Action.DONE) this.complete();
    else this.perform(action);
  }

  /** True while a message is being handled or waits in the buffer. */
  get busy(): boolean {
    return this.currentId >= 0 || this.head < this.ids.length;
  }

  /** Schedules an action under the current token. */
  protected schedule(time: number, action: number, daemon = false): void {
    this.ctx.scheduler.schedule(time, this, this.token * 8 + action, daemon);
  }

  /** Invalidates every scheduled action. */
  protected cancelScheduled(): void {
    this.token++;
  }

  /** The broker handed over a message. */
  protected accept(id: number, tag: number, redelivered: boolean): void {
    this.sub.onDelivered(id, redelivered);
    this.ctx.metrics.onDelivered(redelivered);
    this.ctx.observer?.onDelivery(id, this.label, redelivered);
    this.ids.push(id);
    this.tags.push(tag);
  }

  /** Starts handling the next buffered message if idle. */
  protected startNext(): void {
    if (this.currentId >= 0 || !this.alive) return;
    if (this.head >= this.ids.length) {
      this.compact();
      return;
    }
    const id = this.ids[this.head]!;
    const tag = this.tags[this.head]!;
    this.head++;
    this.compact();
    this.currentId = id;
    this.currentTag = tag;
    if (this.sub.onStart(id)) {
      this.ctx.metrics.onDuplicate();
      this.ctx.emit('duplicate', id, this.sub.name, -1, -1, 0, this.label, '');
    }
    this.beforeHandling(id, tag);
    // beforeHandling may have crashed the process (an ack on a dead channel).
    if (!this.alive || this.currentId !== id) return;
    this.schedule(this.ctx.clock.now() + this.processingTime(), Action.DONE);
  }

  private complete(): void {
    const id = this.currentId;
    const tag = this.currentTag;
    if (id < 0) return;
    this.currentId = -1;
    const failed = this.def.failureProbability > 0 && this.ctx.random.chance(this.def.failureProbability);
    let go = true;
    if (failed) {
      this.sub.onFailed(id);
      this.ctx.metrics.onFailure();
      this.ctx.emit('processing-failed', id, this.sub.name, -1, -1, 0, this.label, '');
      go = this.afterFailure(id, tag);
    } else {
      const messages = this.ctx.messages;
      this.sub.onDone(id, messages.keyIndex(id), messages.keySeq(id));
      this.ctx.metrics.onProcessed(this.ctx.clock.now() - messages.sentAt(id));
      this.ctx.observer?.onProcessed?.(id, this.label);
      this.afterSuccess(id, tag);
    }
    if (!go || !this.alive) return;
    if (this.head < this.ids.length) this.startNext();
    else {
      this.compact();
      this.onIdle();
    }
  }

  /** Forgets every buffered message and the one being handled (the process died or lost them). */
  protected dropBuffer(): void {
    if (this.currentId >= 0) this.sub.release(this.currentId);
    for (let i = this.head; i < this.ids.length; i++) this.sub.release(this.ids[i]!);
    this.currentId = -1;
    this.ids = [];
    this.tags = [];
    this.head = 0;
    this.cancelScheduled();
  }

  private compact(): void {
    if (this.head > 0 && this.head >= this.ids.length) {
      this.ids.length = 0;
      this.tags.length = 0;
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.ids.length) {
      // An auto-ack consumer can hold a whole queue; drop the handled half now and then.
      this.ids = this.ids.slice(this.head);
      this.tags = this.tags.slice(this.head);
      this.head = 0;
    }
  }

  private processingTime(): number {
    const p = this.def.processingMs;
    if (typeof p === 'number') return p;
    return p.min + this.ctx.random.int(p.max - p.min + 1);
  }
}
