/**
 * A Kafka consumer process: a group member that polls (up to max.poll.records), handles the batch
 * record by record, then polls again. The commit strategy decides what a crash costs:
 * - commit-after: commitSync() once the batch is handled (at-least-once: a crash re-delivers
 *   everything since the last commit to whoever owns the partition next);
 * - commit-before: commitSync() as soon as the batch arrives (at-most-once: a crash skips the rest
 *   of the batch);
 * - auto: enable.auto.commit, committing in poll() every autoCommitIntervalMs.
 * A failed record crashes the process without committing; it restarts after restartAfterFailureMs
 * as a new member, as a supervisor would restart it.
 */
import type { KafkaCluster } from '../kafka/cluster.js';
import { KafkaError } from '../kafka/errors.js';
import type { ResolvedConsumer } from '../scenario/defaults.js';
import { Action, ConsumerInstance } from './consumerInstance.js';
import type { RunContext } from './context.js';
import type { GrowableInt32 } from './growable.js';
import type { Subscription } from './subscription.js';

/** What the instance needs from the driver. */
export interface KafkaInstanceHost {
  readonly cluster: KafkaCluster;
  /** Runtime ids by offset for one partition. */
  offsetTable(topic: string, partition: number): GrowableInt32;
  /** The group's highest fetched offset + 1 per partition, to tell a re-fetch (redelivery). */
  fetchedUpTo(sub: Subscription, partition: number): number;
  setFetchedUpTo(sub: Subscription, partition: number, offset: number): void;
  registerMember(memberId: string, label: string): void;
  /** Group state may have new deadlines (joins, crashes): the driver re-arms its timer. */
  groupChanged(): void;
}

/** One Kafka consumer process. */
export class KafkaInstance extends ConsumerInstance {
  private memberId = '';
  /** Idle: polled and got nothing; an append to the topic wakes it. */
  waiting = false;

  constructor(ctx: RunContext, def: ResolvedConsumer, index: number, sub: Subscription, private readonly host: KafkaInstanceHost) {
    super(ctx, def, index, sub);
  }

  start(): void {
    if (this.alive || !this.tryJoin()) return;
    this.alive = true;
    this.ctx.emit('consumer-started', -1, this.def.group, -1, -1, 0, this.label, this.def.topic);
    this.schedule(this.ctx.clock.now(), Action.POLL);
  }

  /** Joins the group; false when the coordinator refuses the member (then the process exits). */
  private tryJoin(): boolean {
    try {
      this.join();
      return true;
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      this.alive = false;
      this.ctx.emit('consumer-crashed', -1, this.def.group, -1, -1, 0, this.label, err.message);
      return false;
    }
  }

  private join(): void {
    const d = this.def;
    this.memberId = this.host.cluster.joinGroup(d.group, {
      clientId: this.label,
      topics: [d.topic],
      enableAutoCommit: d.kafkaStrategy === 'auto',
      autoCommitIntervalMs: d.autoCommitIntervalMs,
      autoOffsetReset: d.autoOffsetReset,
      sessionTimeoutMs: d.sessionTimeoutMs,
      maxPollRecords: d.maxPollRecords,
    });
    this.host.registerMember(this.memberId, this.label);
    this.host.groupChanged();
  }

  crash(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.waiting = false;
    this.dropBuffer();
    this.ctx.emit('consumer-crashed', -1, this.def.group, -1, -1, 0, this.label, reason);
    // No commit, no LeaveGroup: the coordinator notices at session.timeout.ms.
    try {
      this.host.cluster.crashMember(this.def.group, this.memberId);
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
    }
    this.host.groupChanged();
  }

  connectionLost(): void {
    // Kafka clients ride out a broker restart: they reconnect and keep their positions.
  }

  /** Keeps an idle member's poll clock fresh through a time skip, as its poll loop would. */
  keepAlive(): void {
    if (!this.alive || this.busy) return;
    try {
      this.host.cluster.member(this.def.group, this.memberId).lastPoll = this.ctx.clock.now();
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
    }
  }

  /** Records arrived on the topic: an idle member polls now. */
  wake(): void {
    if (!this.alive || !this.waiting) return;
    this.waiting = false;
    this.cancelScheduled();
    this.schedule(this.ctx.clock.now(), Action.POLL);
  }

  protected perform(action: number): void {
    if (action === Action.POLL) this.poll();
    else if (action === Action.RESTART) this.start();
  }

  private poll(): void {
    if (!this.alive || this.busy) return;
    this.waiting = false;
    const now = this.ctx.clock.now();
    let result;
    try {
      result = this.host.cluster.poll(this.def.group, this.memberId);
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      // Kicked out (session or poll timeout): the client rejoins as a new member.
      this.ctx.emit('consumer-stopped', -1, this.def.group, -1, -1, 0, this.label, err.code);
      this.dropBuffer();
      if (this.tryJoin()) this.schedule(now, Action.POLL);
      return;
    }
    this.host.groupChanged();
    if (result.count === 0) {
      this.waiting = true;
      this.schedule(now + this.ctx.settings.idlePollMs, Action.POLL, true);
      return;
    }
    for (const p of result.partitions) {
      const table = this.host.offsetTable(p.topic, p.partition);
      const upTo = this.host.fetchedUpTo(this.sub, p.partition);
      for (const s of p.slices) {
        const segment = s.segment;
        for (let i = s.from; i < s.to; i++) {
          const offset = segment.offsetAt(i);
          const id = table.get(offset);
          if (id > 0) this.accept(id, offset, offset < upTo);
        }
      }
      if (p.nextOffset > upTo) this.host.setFetchedUpTo(this.sub, p.partition, p.nextOffset);
    }
    if (this.def.kafkaStrategy === 'commit-before') this.commit();
    this.startNext();
  }

  private commit(): void {
    try {
      this.host.cluster.commit(this.def.group, this.memberId);
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      // CommitFailedException: the group moved on; the records will be handled again by their new owner.
      this.ctx.emit('commit-failed', -1, this.def.group, -1, -1, 0, this.label, err.code);
    }
  }

  protected beforeHandling(): void {
    // Nothing: a Kafka consumer handles records it already holds.
  }

  protected afterSuccess(): void {
    // Commits are per batch (or automatic), not per record.
  }

  protected afterFailure(): boolean {
    this.crash('processing failed');
    this.schedule(this.ctx.clock.now() + this.def.restartAfterFailureMs, Action.RESTART);
    return false;
  }

  protected onIdle(): void {
    if (this.def.kafkaStrategy === 'commit-after') this.commit();
    this.schedule(this.ctx.clock.now(), Action.POLL);
  }
}
