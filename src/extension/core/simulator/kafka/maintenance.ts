/**
 * The broker's background log maintenance for one topic: a retention pass (what the periodic
 * log.retention.check.interval.ms check does) and a log-cleaner pass over compacted partitions.
 * Each reports what it did as events.
 */
import { maybeClean } from './compaction.js';
import type { KafkaEventListener } from './events.js';
import type { Topic } from './topic.js';

/** Deletes whatever segments retention allows in every partition of `topic`. */
export function retentionPass(topic: Topic, now: number, emit: KafkaEventListener | undefined): void {
  topic.partitions.forEach((log, p) => {
    for (const r of log.deleteOldSegments(now, topic.settings)) {
      emit?.({ type: 'retention-deleted', time: now, topic: topic.name, partition: p, reason: r.reason, segments: r.segments, records: r.records, logStartOffset: r.logStartOffset });
    }
  });
}

/** Cleans every partition of a compacted topic that the cleaner manager would pick now. */
export function cleanerPass(topic: Topic, now: number, emit: KafkaEventListener | undefined): void {
  if (!topic.settings.compact) return;
  topic.partitions.forEach((log, p) => {
    const r = maybeClean(log, now, topic.settings);
    if (r) emit?.({ type: 'compacted', time: now, topic: topic.name, partition: p, recordsBefore: r.recordsBefore, recordsAfter: r.recordsAfter, tombstonesRemoved: r.tombstonesRemoved });
  });
}
