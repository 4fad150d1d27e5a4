/**
 * Events the Kafka model emits, for a runtime to put in an EventBuffer and for panels to animate.
 * They are emitted per batch, per poll and per commit, never per record, so a million-record run
 * produces thousands of events rather than millions, and nothing is built when no one listens.
 */

/** Why a member left its group. */
export type MemberLeaveReason = 'leave' | 'session-timeout' | 'poll-timeout' | 'rebalance-timeout';

/** A partition list of one topic. */
export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** Every event of the Kafka model. `time` is virtual milliseconds. */
export type KafkaEvent =
  | { readonly type: 'topic-created'; readonly time: number; readonly topic: string; readonly partitions: number; readonly replicationFactor: number }
  | { readonly type: 'topic-deleted'; readonly time: number; readonly topic: string }
  | { readonly type: 'partitions-added'; readonly time: number; readonly topic: string; readonly partitions: number }
  | { readonly type: 'config-altered'; readonly time: number; readonly topic: string; readonly changes: Readonly<Record<string, string | null>> }
  | { readonly type: 'appended'; readonly time: number; readonly topic: string; readonly partition: number; readonly baseOffset: number; readonly count: number; readonly bytes: number }
  | { readonly type: 'produce-failed'; readonly time: number; readonly topic: string; readonly count: number; readonly code: string }
  | { readonly type: 'fetched'; readonly time: number; readonly topic: string; readonly partition: number; readonly offset: number; readonly count: number; readonly groupId?: string; readonly memberId?: string }
  | { readonly type: 'committed'; readonly time: number; readonly groupId: string; readonly topic: string; readonly partition: number; readonly offset: number; readonly memberId?: string; readonly auto: boolean }
  | { readonly type: 'group-state'; readonly time: number; readonly groupId: string; readonly from: string; readonly to: string }
  | { readonly type: 'member-joined'; readonly time: number; readonly groupId: string; readonly memberId: string; readonly clientId: string }
  | { readonly type: 'member-left'; readonly time: number; readonly groupId: string; readonly memberId: string; readonly reason: MemberLeaveReason }
  | {
      readonly type: 'rebalanced';
      readonly time: number;
      readonly groupId: string;
      readonly generation: number;
      readonly protocol: string;
      readonly assignment: Readonly<Record<string, readonly TopicPartitions[]>>;
      /** Partitions each member must give up first (cooperative protocol, first of two rebalances). */
      readonly revoking: Readonly<Record<string, readonly TopicPartitions[]>>;
    }
  | { readonly type: 'retention-deleted'; readonly time: number; readonly topic: string; readonly partition: number; readonly reason: string; readonly segments: number; readonly records: number; readonly logStartOffset: number }
  | { readonly type: 'compacted'; readonly time: number; readonly topic: string; readonly partition: number; readonly recordsBefore: number; readonly recordsAfter: number; readonly tombstonesRemoved: number }
  | { readonly type: 'offset-reset'; readonly time: number; readonly groupId: string; readonly topic: string; readonly offsets: Readonly<Record<number, number | null>> }
  | { readonly type: 'offsets-expired'; readonly time: number; readonly groupId: string }
  | { readonly type: 'position-reset'; readonly time: number; readonly groupId: string; readonly memberId: string; readonly topic: string; readonly partition: number; readonly offset: number; readonly reason: 'auto.offset.reset' | 'seek' };

/** Receives events; must not throw. */
export type KafkaEventListener = (event: KafkaEvent) => void;
